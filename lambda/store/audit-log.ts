/**
 * The query audit log in its own DynamoDB table: append (serialised per chain), time-range reads for
 * auditors, and ordered walks for verification and export.
 *
 * Appending never updates an item. The writer takes the chain's last sequence marker, then in one
 * transaction puts the entry and the marker of the next sequence number, both on condition that they do
 * not exist yet. Two API instances racing for the same number: one transaction wins, the other is
 * cancelled and retries on the new head, so a chain never forks and never skips. Requests spread over
 * several chains (AUDIT_CHAINS) so that concurrent instances rarely contend for one.
 *
 * The head an instance last wrote is kept and tried first, without reading it back: if another instance
 * has appended since, the marker of the next number exists, the transaction is cancelled, and the
 * writer reads the real head. Sequence numbers have no gaps and markers are never deleted (the table has
 * no TTL), so a stale head can cost a retry but never fork the chain. Most requests then append in one
 * round trip instead of two.
 */
import {
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { chainEntry, entryFromItem, GENESIS_HASH, type AuditEntry, type AuditRecord, type SeqMarker } from './audit-chain.js';
import { auditKeys } from './keys.js';

/** Chains requests are spread over. Only ever increase it: verification walks chains 0..n-1. */
export const AUDIT_CHAINS = 4;
/** Items one time-range read evaluates per chain at most. */
const SCAN_BUDGET = 2_000;

export interface AuditLogOptions {
  chains?: number;
  /** Attempts per append before giving up (contention or throttling). */
  maxAttempts?: number;
  now?: () => Date;
}

/** Where a paged read stopped in each chain: the sort key to continue after, or CHAIN_DONE. */
export type ChainPositions = Record<number, string>;
/** The position of a chain with nothing left in the range. */
export const CHAIN_DONE = 'END';

export interface AuditPage {
  entries: AuditEntry[];
  positions: ChainPositions;
  hasMore: boolean;
}

type Head = SeqMarker & { at: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AuditLog {
  readonly chains: number;
  private readonly maxAttempts: number;
  private readonly now: () => Date;
  /** Per chain: the end of this process's queue of appends, and how many wait in it. */
  private readonly queues: Array<{ tail: Promise<unknown>; waiting: number }>;
  /** Per chain: the head this instance last appended, tried before reading the chain. */
  private readonly lastWritten: Array<Head | undefined>;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    options: AuditLogOptions = {},
  ) {
    this.chains = options.chains ?? AUDIT_CHAINS;
    this.maxAttempts = options.maxAttempts ?? 25;
    this.now = options.now ?? (() => new Date());
    this.queues = Array.from({ length: this.chains }, () => ({ tail: Promise.resolve(), waiting: 0 }));
    this.lastWritten = Array.from({ length: this.chains }, () => undefined);
  }

  /**
   * Appends a record to a chain; `at` is set here (non-decreasing along the chain). Appends of this
   * process to one chain queue here instead of racing each other for the same sequence number (under
   * load, racing made most attempts fail and retry); the chain chosen is the one with the fewest appends
   * waiting, ties at random, so other processes (Lambda instances) contend only now and then.
   */
  async append(record: Omit<AuditRecord, 'at'>, chain = this.leastBusyChain()): Promise<AuditEntry> {
    const queue = this.queues[chain]!;
    queue.waiting++;
    const run = queue.tail.then(() => this.appendNow(record, chain));
    queue.tail = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      queue.waiting--;
    }
  }

  private leastBusyChain(): number {
    const fewest = Math.min(...this.queues.map((q) => q.waiting));
    const candidates = this.queues.flatMap((q, chain) => (q.waiting === fewest ? [chain] : []));
    return candidates[Math.floor(Math.random() * candidates.length)]!;
  }

  private async appendNow(record: Omit<AuditRecord, 'at'>, chain: number): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt++) {
      const known = this.lastWritten[chain];
      this.lastWritten[chain] = undefined;
      const head = known ?? (await this.head(chain));
      const now = this.now().toISOString();
      const at = head && head.at > now ? head.at : now;
      const entry = chainEntry({ ...record, at }, chain, (head?.seq ?? 0) + 1, head?.hash ?? GENESIS_HASH);
      try {
        await this.client.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: marshall({ ...auditKeys.entry(chain, at, entry.seq), ...entry }),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: marshall({ ...auditKeys.marker(chain, entry.seq), seq: entry.seq, hash: entry.hash, at }),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        this.lastWritten[chain] = { seq: entry.seq, hash: entry.hash, at };
        return entry;
      } catch (e) {
        // Another writer took this sequence number (ConditionalCheckFailed) or is writing it (TransactionConflict).
        if (!(e instanceof TransactionCanceledException) || attempt + 1 >= this.maxAttempts) throw e;
        // A stale remembered head: the real one is read next, no need to back off.
        if (!known) await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
      }
    }
  }

  /** The chain's last sequence marker (strongly consistent), or undefined for an empty chain. */
  private async head(chain: number): Promise<Head | undefined> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: marshall({ ':pk': auditKeys.chainPartition(chain), ':p': auditKeys.markerPrefix }),
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = out.Items?.[0];
    return item ? (unmarshall(item) as Head) : undefined;
  }

  /**
   * Up to `first` entries appended between `fromIso` and `toIso` (inclusive), oldest first across all
   * chains, optionally of one subject, continuing after `positions`. Each chain evaluates at most
   * SCAN_BUDGET items per call, so a subject filter that matches little cannot turn one request into a
   * read of the whole log: the page is then shorter, with `hasMore`.
   */
  async range(fromIso: string, toIso: string, options: { subject?: string; first: number; positions?: ChainPositions }): Promise<AuditPage> {
    const bounds = auditKeys.entryRange(fromIso, toIso);
    const perChain = await Promise.all(
      Array.from({ length: this.chains }, async (_, chain) => {
        const after = options.positions?.[chain];
        const fetched: Array<{ entry: AuditEntry; sk: string }> = [];
        if (after === CHAIN_DONE) return { chain, fetched, exhausted: true, resume: CHAIN_DONE };
        let startKey: Record<string, AttributeValue> | undefined = after ? marshall({ pk: auditKeys.chainPartition(chain), sk: after }) : undefined;
        let scanned = 0;
        let exhausted = false;
        while (fetched.length < options.first && scanned < SCAN_BUDGET) {
          const out = await this.client.send(
            new QueryCommand({
              TableName: this.table,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ...(options.subject ? { FilterExpression: 'subject = :s' } : {}),
              ExpressionAttributeValues: marshall({
                ':pk': auditKeys.chainPartition(chain),
                ':from': bounds.from,
                ':to': bounds.to,
                ...(options.subject ? { ':s': options.subject } : {}),
              }),
              ExclusiveStartKey: startKey,
              Limit: options.subject ? Math.min(SCAN_BUDGET, 10 * options.first) : options.first,
            }),
          );
          scanned += out.ScannedCount ?? 0;
          for (const item of out.Items ?? []) {
            const plain = unmarshall(item);
            fetched.push({ entry: entryFromItem(plain), sk: plain.sk as string });
          }
          startKey = out.LastEvaluatedKey;
          if (!startKey) {
            exhausted = true;
            break;
          }
        }
        // Where the next call may resume once every entry fetched here has been returned: past the items
        // evaluated (those the subject filter dropped included), or past the end of the range.
        const resume = exhausted ? CHAIN_DONE : (unmarshall(startKey!).sk as string);
        return { chain, fetched, exhausted, resume };
      }),
    );
    const merged = perChain
      .flatMap(({ chain, fetched }) => fetched.map((f) => ({ ...f, chain })))
      .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.chain - b.chain || a.entry.seq - b.entry.seq));
    const page = merged.slice(0, options.first);
    const positions: ChainPositions = { ...(options.positions ?? {}) };
    for (const c of perChain) {
      const returned = page.filter((p) => p.chain === c.chain);
      if (returned.length === c.fetched.length) positions[c.chain] = c.resume;
      else if (returned.length > 0) positions[c.chain] = returned[returned.length - 1]!.sk;
    }
    const hasMore = merged.length > page.length || perChain.some((c) => !c.exhausted);
    return { entries: page.map((p) => p.entry), positions, hasMore };
  }

  /** Every entry of a chain paired with its sequence marker, in sequence order (verification, export). */
  async *walk(chain: number): AsyncGenerator<{ entry: AuditEntry | undefined; marker: SeqMarker | undefined }> {
    const entries = this.items(chain, auditKeys.entryPrefix);
    const markers = this.items(chain, auditKeys.markerPrefix);
    for (;;) {
      const [e, m] = await Promise.all([entries.next(), markers.next()]);
      if (e.done && m.done) return;
      yield {
        entry: e.done ? undefined : entryFromItem(e.value),
        marker: m.done ? undefined : { seq: m.value.seq as number, hash: m.value.hash as string },
      };
    }
  }

  private async *items(chain: number, prefix: string): AsyncGenerator<Record<string, unknown>> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: marshall({ ':pk': auditKeys.chainPartition(chain), ':p': prefix }),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) yield unmarshall(item);
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
}
