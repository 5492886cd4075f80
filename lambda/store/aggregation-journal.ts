/**
 * The aggregator's idempotency journal in the stats table.
 *
 * Stream delivery is at-least-once and a retried batch may be split differently (bisectBatchOnFunctionError),
 * so idempotency is per stream record: every record is claimed (eventID -> intent id, one attribute of its
 * claim group, keys.ts) before its deltas are applied. An intent holds the records it covers (their event ids and images, compressed, in parts), so it
 * can be finished later even when a retry delivers only some of them; its head holds only its status, so
 * a batch of 10,000 records fits (10,000 event ids alone would be near the 400 KB item limit). Each rollup item remembers which intent parts it has
 * absorbed (a small string set, emptied once the intent is done), which makes each item update conditional
 * and therefore safe to repeat.
 */
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TTL_ATTRIBUTE } from './table-schema.js';
import pLimit from 'p-limit';
import { batchGet, batchWrite } from './batch.js';
import { journalKeys, type ItemKey } from './keys.js';

/** Kept well past the 24 h stream retention: no redelivery can arrive after its claim expires. */
const JOURNAL_TTL_SECONDS = 7 * 24 * 3600;
/** Below DynamoDB's 400 KB item limit with room for keys. */
const PART_BYTES = 350_000;

/**
 * Claims per UpdateItem: `#xy = if_not_exists(#xy, :me), ` is 30 characters, and DynamoDB allows an
 * update expression of 4 KB.
 */
const CLAIMS_PER_UPDATE = 120;

/** What a claim needs of a stream record: its id, and its sequence number, which picks its claim group. */
export interface ClaimedEvent {
  eventID: string;
  sequenceNumber: string | undefined;
}

function groupByClaimItem(events: readonly ClaimedEvent[]): Map<string, { key: ItemKey; events: ClaimedEvent[] }> {
  const groups = new Map<string, { key: ItemKey; events: ClaimedEvent[] }>();
  for (const e of events) {
    const key = journalKeys.claimGroup(e);
    const id = `${key.pk}|${key.sk}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, events: [] }));
    g.events.push(e);
  }
  return groups;
}

const expiresAt = () => Math.floor(Date.now() / 1000) + JOURNAL_TTL_SECONDS;

export class AggregationJournal {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** eventID -> intent id, for the events already claimed. */
  async claimsOf(events: readonly ClaimedEvent[]): Promise<Map<string, string>> {
    const groups = groupByClaimItem(events);
    const items = await batchGet(
      this.client,
      this.table,
      [...groups.values()].map((g) => marshall(g.key)),
    );
    const out = new Map<string, string>();
    for (const it of items) {
      const item = unmarshall(it);
      const group = groups.get(`${item.pk as string}|${item.sk as string}`);
      for (const e of group?.events ?? []) {
        const owner = item[journalKeys.claimAttribute(e.eventID)];
        if (typeof owner === 'string') out.set(e.eventID, owner);
      }
    }
    return out;
  }

  /**
   * Claims each record for this intent, unless another intent claimed it first; returns the records this
   * intent owns. `if_not_exists` makes two concurrent invocations whose record sets overlap (a duplicate
   * delivery racing a bisected retry, or lanes of ParallelizationFactor > 1 around a resharding) share the
   * records instead of both applying them: each update sets only the claims still free, atomically, and
   * returns who owns each. Every claim is attempted before anything is applied, so the set an intent owns
   * never changes once it is returned: a retry of the intent applies exactly the same records.
   */
  async claim(events: readonly ClaimedEvent[], intentId: string, concurrency = 16): Promise<Set<string>> {
    const ttl = expiresAt();
    const limit = pLimit(concurrency);
    const won = new Set<string>();
    const updates: Array<{ key: ItemKey; events: ClaimedEvent[] }> = [];
    for (const g of groupByClaimItem(events).values()) {
      for (let i = 0; i < g.events.length; i += CLAIMS_PER_UPDATE) updates.push({ key: g.key, events: g.events.slice(i, i + CLAIMS_PER_UPDATE) });
    }
    await Promise.all(
      updates.map(({ key, events: part }) =>
        limit(async () => {
          const names: Record<string, string> = { '#ttl': TTL_ATTRIBUTE };
          const sets = part.map((e, i) => {
            const p = `#${i.toString(36)}`;
            names[p] = journalKeys.claimAttribute(e.eventID);
            return `${p} = if_not_exists(${p}, :me)`;
          });
          const out = await this.client.send(
            new UpdateItemCommand({
              TableName: this.table,
              Key: marshall(key),
              UpdateExpression: `SET ${sets.join(', ')}, #ttl = :ttl`,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: marshall({ ':me': intentId, ':ttl': ttl }),
              ReturnValues: 'ALL_NEW',
            }),
          );
          for (const e of part) if (out.Attributes?.[journalKeys.claimAttribute(e.eventID)]?.S === intentId) won.add(e.eventID);
        }),
      ),
    );
    return won;
  }

  /**
   * Writes the intent's parts (event ids and payload), then its head: a head always has its parts.
   * Returns the intent's status: DONE when an earlier delivery of the same records finished it.
   */
  async writeIntent(intentId: string, eventIds: readonly string[], payload: unknown): Promise<'PENDING' | 'DONE'> {
    const bytes = gzipSync(Buffer.from(JSON.stringify({ eventIds, payload })));
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += PART_BYTES) parts.push(bytes.subarray(i, i + PART_BYTES));
    const ttl = expiresAt();
    await batchWrite(
      this.client,
      this.table,
      parts.map((data, i) => ({
        PutRequest: { Item: marshall({ ...journalKeys.intentPart(intentId, i), data, [TTL_ATTRIBUTE]: ttl }) },
      })),
    );
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall({
            ...journalKeys.intentHead(intentId),
            status: 'PENDING',
            parts: parts.length,
            [TTL_ATTRIBUTE]: ttl,
          }),
          // The same records give the same intent id: a concurrent or later duplicate must not turn a done
          // intent back to pending (the marker sweep would then let it be applied a second time).
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'PENDING';
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const old = e.Item ? (unmarshall(e.Item) as { status?: string }) : undefined;
      return old?.status === 'DONE' ? 'DONE' : 'PENDING';
    }
  }


  async readIntent(intentId: string): Promise<{ status: string; eventIds: string[]; payload: unknown } | undefined> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': journalKeys.intentPartition(intentId) }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    const head = items.find((i) => i.sk === 'HEAD') as { status: string; parts: number } | undefined;
    if (!head) return undefined;
    const parts = items
      .filter((i) => typeof i.sk === 'string' && i.sk.startsWith('PART#'))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)))
      .map((i) => Buffer.from(i.data as Uint8Array));
    if (parts.length !== head.parts) throw new Error(`Intent ${intentId}: ${parts.length} of ${head.parts} parts found`);
    const body = JSON.parse(gunzipSync(Buffer.concat(parts)).toString()) as { eventIds: string[]; payload: unknown };
    return { status: head.status, eventIds: body.eventIds, payload: body.payload };
  }

  /**
   * Of these intents, those that can never be applied again: done before `doneBefore`, or gone (a head
   * outlives every redelivery of its records by days, so a missing head means an intent that expired long ago).
   * The cut-off keeps the markers of an intent that was just finished: a duplicate invocation of the same
   * records may still be applying it, and only the markers stop it from adding the deltas twice.
   */
  async finishedIntents(intentIds: readonly string[], doneBefore: Date): Promise<Set<string>> {
    const heads = await batchGet(this.client, this.table, intentIds.map((id) => marshall(journalKeys.intentHead(id))));
    const found = new Map<string, { status: string; doneAt?: string }>();
    for (const item of heads) {
      const head = unmarshall(item) as { pk: string; status: string; doneAt?: string };
      found.set(head.pk.slice(journalKeys.intentPartition('').length), head);
    }
    const cutoff = doneBefore.toISOString();
    return new Set(
      intentIds.filter((id) => {
        const head = found.get(id);
        if (!head) return true;
        // Heads written before doneAt existed count as done long ago.
        return head.status === 'DONE' && (head.doneAt === undefined || head.doneAt < cutoff);
      }),
    );
  }

  async markDone(intentId: string, at: Date = new Date()): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.table,
        Key: marshall(journalKeys.intentHead(intentId)),
        UpdateExpression: 'SET #s = :done, doneAt = :at',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: marshall({ ':done': 'DONE', ':at': at.toISOString() }),
      }),
    );
  }

  /** Moves `asOf` forward only: batches of different shards finish in any order. */
  async advanceAsOf(asOfIso: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall(journalKeys.meta()),
          UpdateExpression: 'SET asOf = :t',
          ConditionExpression: 'attribute_not_exists(asOf) OR asOf < :t',
          ExpressionAttributeValues: marshall({ ':t': asOfIso }),
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async asOf(): Promise<string | undefined> {
    const [item] = await batchGet(this.client, this.table, [marshall(journalKeys.meta())], { consistentRead: false });
    return item ? (unmarshall(item).asOf as string | undefined) : undefined;
  }
}
