/**
 * Rollup items in the stats table: conditional, repeatable delta updates (writer side) and range reads
 * of one partition (reader side).
 */
import {
  ConditionalCheckFailedException,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import pLimit from 'p-limit';
import type { Granularity } from '../domain/period.js';
import { compareOrdinal } from '../domain/ordinal.js';
import { batchGet, GET_BATCH } from './batch.js';
import {
  bucketOfRollupSortKey,
  parseRollupItemId,
  rollupBucketRange,
  ROLLUP_KEY_PREFIX,
  rollupItemIdOfKey,
  rollupItemKey,
  rollupItemKeyOfId,
  rollupPartitionKey,
} from './keys.js';
import { DYNAMODB_ITEM_LIMIT_BYTES, RollupItemTooLargeError } from './rollup-item-size.js';
import { scanAll } from './scan.js';

/** The intent part (`<intent id>#<chunk>`) a marker stands for, and its intent. */
export function intentOfMarker(marker: string): string {
  return marker.slice(0, marker.lastIndexOf('#'));
}

/** Attributes per UpdateItem: with two-character placeholders the expression stays under DynamoDB's 4 KB limit. */
const CELLS_PER_UPDATE = 350;
const APPLIED = 'appliedParts';

export interface ReadCounter {
  requests: number;
  items: number;
  capacityUnits: number;
}

/** What the writes of one `applyDeltas` cost, from DynamoDB's ConsumedCapacity. */
export interface WriteReport {
  updates: number;
  writeUnits: number;
  /** The largest item an update touched, in KB (an update is billed 1 WCU per KB of the larger of old and new item). */
  largestItemKb: number;
  largestItemId: string | undefined;
}

/** One stored item of a rollup, by where it sits: its partition, bucket and block. */
export interface RollupItemAt {
  partition: string;
  bucket: string;
  block: string;
}

export interface StoredRollupItem {
  partition: string;
  bucket: string;
  attributes: Record<string, unknown>;
}

export class RollupStore {
  /**
   * Reads already made by this request, by item key or by partition range (only on a store from
   * `forRequest`): an answer built from several statistics queries (a national realization and each
   * province's) reads each item once, and sees one state of it.
   */
  private readonly cache: Map<string, Promise<unknown>> | undefined;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    cache?: Map<string, Promise<unknown>>,
  ) {
    this.cache = cache;
  }

  /** A store for one API request: same client and table, with its own read cache. */
  forRequest(): RollupStore {
    return new RollupStore(this.client, this.table, new Map());
  }

  /**
   * Adds the deltas of one intent to the items. Each chunk of an item is guarded by a marker
   * (`<intent>#<chunk>`) in the item's applied set: repeating the call after a crash adds nothing twice.
   * The markers stay until the marker sweep removes those of finished intents (marker-sweep.ts).
   */
  async applyDeltas(intentId: string, deltas: Map<string, Map<string, number>>, concurrency = 16): Promise<WriteReport> {
    const limit = pLimit(concurrency);
    const report: WriteReport = { updates: 0, writeUnits: 0, largestItemKb: 0, largestItemId: undefined };
    await Promise.all(
      [...deltas].map(([itemId, cells]) =>
        limit(async () => {
          const entries = [...cells];
          for (let c = 0, chunkNo = 0; c < entries.length; c += CELLS_PER_UPDATE, chunkNo++) {
            const units = await this.addChunk(itemId, entries.slice(c, c + CELLS_PER_UPDATE), `${intentId}#${chunkNo}`);
            report.updates++;
            report.writeUnits += units;
            if (units > report.largestItemKb) {
              report.largestItemKb = units;
              report.largestItemId = itemId;
            }
          }
        }),
      ),
    );
    return report;
  }

  /** Returns the write units the update consumed (0 when it was already absorbed). */
  private async addChunk(itemId: string, entries: Array<[string, number]>, marker: string): Promise<number> {
    const ref = parseRollupItemId(itemId);
    // Marker placeholders are longer than two characters, so they cannot collide with the cells' ones.
    const names: Record<string, string> = { '#applied': APPLIED };
    const values: Record<string, AttributeValue> = { ':marker': { SS: [marker] }, ':markerId': { S: marker } };
    const adds = entries.map(([name, delta], i) => {
      const p = i.toString(36);
      names[`#${p}`] = name;
      values[`:${p}`] = { N: String(delta) };
      return `#${p} :${p}`;
    });
    try {
      const out = await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall(rollupItemKey(ref)),
          UpdateExpression: `ADD ${adds.join(', ')}, #applied :marker`,
          ConditionExpression: 'NOT contains(#applied, :markerId)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return out.ConsumedCapacity?.CapacityUnits ?? 0;
    } catch (e) {
      // Already absorbed by an earlier attempt of the same intent.
      if (e instanceof ConditionalCheckFailedException) return 0;
      // The layout keeps items far below the limit (rollup-item-size.ts); should one still reach it, the
      // batch fails with the item named instead of a bare ValidationException.
      if (e instanceof Error && e.name === 'ValidationException' && /item size/i.test(e.message)) {
        throw new RollupItemTooLargeError(itemId, DYNAMODB_ITEM_LIMIT_BYTES, 'was refused by DynamoDB as too large', { cause: e });
      }
      throw e;
    }
  }

  /**
   * True when the national coverage rollup has an item in the current layout: a store with records but
   * none was filled by an older layout and needs `npm run rebuild`.
   */
  async hasCurrentLayout(): Promise<boolean> {
    const res = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: marshall({ ':pk': rollupPartitionKey('cov-prov', 'MONTH', 'ID') }),
        Limit: 1,
      }),
    );
    return (res.Count ?? 0) > 0;
  }

  /** Every rollup item that holds intent markers, with its markers. A maintenance scan. */
  async markedItems(): Promise<Array<{ itemId: string; markers: string[] }>> {
    const out: Array<{ itemId: string; markers: string[] }> = [];
    for (const item of await scanAll(this.client, this.table, { prefix: ROLLUP_KEY_PREFIX, projection: ['pk', 'sk', APPLIED] })) {
      const markers = item[APPLIED] as Set<string> | undefined;
      if (!markers || markers.size === 0) continue;
      out.push({ itemId: rollupItemIdOfKey({ pk: item.pk as string, sk: item.sk as string }), markers: [...markers] });
    }
    return out;
  }

  async clearMarkers(applied: Array<{ itemId: string; markers: string[] }>, concurrency = 16): Promise<void> {
    const limit = pLimit(concurrency);
    await Promise.all(
      applied.map(({ itemId, markers }) =>
        limit(() =>
          this.client.send(
            new UpdateItemCommand({
              TableName: this.table,
              // The item's own key: the sweep finds markers on items of any layout (keys.ts).
              Key: marshall(rollupItemKeyOfId(itemId)),
              UpdateExpression: 'DELETE #ap :m',
              ExpressionAttributeNames: { '#ap': APPLIED },
              ExpressionAttributeValues: { ':m': { SS: markers } },
            }),
          ),
        ),
      ),
    );
  }

  /**
   * Rollup items by key (BatchGetItem, 100 keys a request), across partitions: the blocks a region-blocked
   * rollup holds for a few of its regions, or the last month of each bucket of a stock. Absent items
   * (nothing there yet) are left out.
   */
  async readItems(rollupId: string, granularity: Granularity, refs: readonly RollupItemAt[], counter?: ReadCounter): Promise<StoredRollupItem[]> {
    // A store shared between requests still reads each key once per call.
    const cache = this.cache ?? new Map<string, Promise<unknown>>();
    const keyed = refs.map((ref) => {
      const key = rollupItemKey({ rollupId, granularity, ...ref });
      return { ref, key, id: rollupItemIdOfKey(key) };
    });
    const missing = [...new Map(keyed.filter((k) => !cache.has(`item:${k.id}`)).map((k) => [k.id, k])).values()];
    if (missing.length > 0) {
      const fetched = batchGet(this.client, this.table, missing.map((k) => marshall(k.key)), { consistentRead: false }).then((found) => {
        if (counter) {
          counter.requests += Math.ceil(missing.length / GET_BATCH);
          counter.items += found.length;
        }
        const byId = new Map<string, Record<string, unknown>>();
        for (const item of found) {
          const plain = unmarshall(item);
          byId.set(rollupItemIdOfKey({ pk: plain.pk as string, sk: plain.sk as string }), plain);
        }
        return byId;
      });
      for (const k of missing) cache.set(`item:${k.id}`, fetched.then((byId) => byId.get(k.id)));
    }
    const found = await Promise.all(keyed.map(async (k) => ({ ref: k.ref, attributes: (await cache.get(`item:${k.id}`)) as Record<string, unknown> | undefined })));
    return collect(found);
  }

  /** The items (every block) of one rollup partition for buckets `fromBucket`..`toBucket` (bucket ids sort in time order). */
  async readRange(
    rollupId: string,
    granularity: Granularity,
    partition: string,
    fromBucket: string,
    toBucket: string,
    counter?: ReadCounter,
  ): Promise<Array<{ bucket: string; attributes: Record<string, unknown> }>> {
    const cacheKey = `range:${rollupPartitionKey(rollupId, granularity, partition)}|${fromBucket}|${toBucket}`;
    const cached = this.cache?.get(cacheKey);
    if (cached) return (await cached) as Array<{ bucket: string; attributes: Record<string, unknown> }>;
    const read = this.queryRange(rollupId, granularity, partition, fromBucket, toBucket, counter);
    this.cache?.set(cacheKey, read);
    return read;
  }

  private async queryRange(
    rollupId: string,
    granularity: Granularity,
    partition: string,
    fromBucket: string,
    toBucket: string,
    counter?: ReadCounter,
  ): Promise<Array<{ bucket: string; attributes: Record<string, unknown> }>> {
    const out: Array<{ bucket: string; attributes: Record<string, unknown> }> = [];
    // Every block of each bucket: a partition's blocks sort together under their bucket.
    const range = rollupBucketRange(fromBucket, toBucket);
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const res = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: marshall({
            ':pk': rollupPartitionKey(rollupId, granularity, partition),
            ':from': range.from,
            ':to': range.to,
          }),
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: counter ? 'TOTAL' : undefined,
        }),
      );
      if (counter) {
        counter.requests++;
        counter.items += res.Count ?? 0;
        counter.capacityUnits += res.ConsumedCapacity?.CapacityUnits ?? 0;
      }
      for (const item of res.Items ?? []) {
        const plain = unmarshall(item);
        out.push({ bucket: bucketOfRollupSortKey(plain.sk as string), attributes: plain });
      }
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    return out;
  }
}

function collect(found: Array<{ ref: RollupItemAt; attributes: Record<string, unknown> | undefined }>): StoredRollupItem[] {
  return found
    .filter((f): f is { ref: RollupItemAt; attributes: Record<string, unknown> } => f.attributes !== undefined)
    .map((f) => ({ partition: f.ref.partition, bucket: f.ref.bucket, attributes: f.attributes }))
    .sort((a, b) => compareOrdinal(a.partition, b.partition) || compareOrdinal(a.bucket, b.bucket));
}
