/**
 * Several aggregator instances working one shard at once, as Lambda runs them with ParallelizationFactor > 1:
 * the shard's records are split into lanes by item key (a key's records stay in one lane, in order), and
 * each lane is an instance of its own (its own DynamoDB client, journal and rollup store), so the lanes
 * update the same rollup items at the same time. Used by the concurrency test and bench/parallel-aggregation.ts.
 *
 * The clients carry one middleware, for counting only (and, when asked, a crash): it changes no request.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { aggregateBatch, type BatchOutcome } from '../../lambda/aggregate/aggregator.js';
import { changeRecords } from '../../lambda/aggregate/handler.js';
import type { RegionCatalog } from '../../lambda/domain/regions.js';
import type { RateTable } from '../../lambda/domain/rates.js';
import { AggregationJournal } from '../../lambda/store/aggregation-journal.js';
import { RollupStore } from '../../lambda/store/rollup-store.js';

export interface Counters {
  requests: Record<string, number>;
  /** SDK attempts beyond the first (throttling, 5xx, network), from each response's `$metadata.attempts`. */
  sdkRetries: number;
  /** ConditionalCheckFailedException per purpose: rollup marker, asOf, claim, intent head. */
  conditionalFailures: Record<string, number>;
  transactionCancellations: number;
  /** Write capacity units DynamoDB reports (ReturnConsumedCapacity is asked for on writes when `meterWrites`). */
  writeUnits: number;
  crashes: number;
  /** Rollup item updates and their write units, per item (pk|sk): how hot the hottest item runs. */
  perItem: Map<string, { updates: number; writeUnits: number }>;
}

export const newCounters = (): Counters => ({
  requests: {},
  sdkRetries: 0,
  conditionalFailures: {},
  transactionCancellations: 0,
  writeUnits: 0,
  crashes: 0,
  perItem: new Map(),
});

const WRITES = new Set(['UpdateItemCommand', 'PutItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

/** What a conditional write was guarding, from its key (the key design stays in keys.ts; only prefixes are read). */
function purposeOf(input: { Key?: Record<string, { S?: string }>; Item?: Record<string, { S?: string }> }): string {
  const pk = input.Key?.pk?.S ?? input.Item?.pk?.S ?? '';
  if (pk.includes('#META')) return 'asOf';
  if (pk.includes('#CLAIMS#')) return 'claim';
  if (pk.includes('#INTENT#')) return 'intent';
  return 'rollupMarker';
}

export interface InstanceOptions {
  endpoint: string;
  region: string;
  counters: Counters;
  /** Ask DynamoDB for consumed capacity on writes (adds nothing to the writes themselves). */
  meterWrites?: boolean;
  /** Fail the Nth UpdateItem of this instance: a Lambda dying mid-batch. */
  crashAtUpdate?: number;
  /**
   * Awaited before the instance's first record claim is sent: a barrier here makes concurrent invocations
   * all look up their claims before any of them claims, the race the conditional claims exist for.
   */
  beforeFirstClaim?: () => Promise<void>;
}

/** A DynamoDB client as one Lambda instance would hold it (maxAttempts as lambda/store/client.ts), with counting. */
export function instanceClient(options: InstanceOptions): DynamoDBClient {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    maxAttempts: 8,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const c = options.counters;
  let updates = 0;
  let claimed = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName as string;
      const input = args.input as Record<string, unknown>;
      c.requests[name] = (c.requests[name] ?? 0) + 1;
      if (name === 'UpdateItemCommand' && options.crashAtUpdate !== undefined && ++updates === options.crashAtUpdate) {
        c.crashes++;
        throw new Error('injected crash');
      }
      if (name === 'UpdateItemCommand' && !claimed && purposeOf(input as Parameters<typeof purposeOf>[0]) === 'claim') {
        claimed = true;
        await options.beforeFirstClaim?.();
      }
      if (options.meterWrites && WRITES.has(name)) input.ReturnConsumedCapacity = 'TOTAL';
      try {
        const out = await next(args);
        const output = out.output as { $metadata?: { attempts?: number }; ConsumedCapacity?: unknown };
        c.sdkRetries += Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
        const consumed = output.ConsumedCapacity;
        let units = 0;
        for (const cc of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Array<{ CapacityUnits?: number }>) {
          units += cc.CapacityUnits ?? 0;
        }
        c.writeUnits += units;
        const key = (input as { Key?: Record<string, { S?: string }> }).Key;
        if (name === 'UpdateItemCommand' && key && purposeOf(input as Parameters<typeof purposeOf>[0]) === 'rollupMarker') {
          const id = `${key.pk?.S}|${key.sk?.S}`;
          const tally = c.perItem.get(id) ?? { updates: 0, writeUnits: 0 };
          tally.updates++;
          tally.writeUnits += units;
          c.perItem.set(id, tally);
        }
        return out;
      } catch (e) {
        const err = e as { name?: string; $metadata?: { attempts?: number } };
        c.sdkRetries += Math.max(0, (err.$metadata?.attempts ?? 1) - 1);
        if (err.name === 'ConditionalCheckFailedException') {
          const p = purposeOf(input as Parameters<typeof purposeOf>[0]);
          c.conditionalFailures[p] = (c.conditionalFailures[p] ?? 0) + 1;
          // A failed condition still costs the write (DynamoDB bills it); DynamoDB Local returns no capacity on errors.
        }
        if (err.name === 'TransactionCanceledException') c.transactionCancellations++;
        throw e;
      }
    },
    { step: 'initialize', name: 'countForConcurrencyTest' },
  );
  return client;
}

export interface LaneDeps {
  endpoint: string;
  region: string;
  statsTable: string;
  rates: RateTable;
  regions: RegionCatalog;
  counters: Counters;
  meterWrites?: boolean;
}

/** One invocation on a fresh instance (Lambda may route any invocation to a new execution environment). */
export async function invoke(
  event: DynamoDBStreamEvent,
  deps: LaneDeps,
  crashAtUpdate?: number,
  beforeFirstClaim?: () => Promise<void>,
): Promise<BatchOutcome> {
  const ddb = instanceClient({ ...deps, crashAtUpdate, beforeFirstClaim });
  try {
    return await aggregateBatch(changeRecords(event), {
      journal: new AggregationJournal(ddb, deps.statsTable),
      rollups: new RollupStore(ddb, deps.statsTable),
      rates: deps.rates,
      regions: deps.regions,
    });
  } finally {
    ddb.destroy();
  }
}

/**
 * Lambda's lane for a record: with ParallelizationFactor n, records of one key go to one of n lanes, in
 * order. AWS: "Lambda still ensures in-order processing at the item (partition and sort key) level".
 */
export function laneOf(record: DynamoDBRecord, lanes: number): number {
  const keys = record.dynamodb?.Keys ?? {};
  const key = Object.keys(keys).sort().map((k) => `${k}=${JSON.stringify(keys[k])}`).join('&');
  return createHash('sha256').update(key).digest().readUInt32BE(0) % lanes;
}

/** Each lane's batches, in stream order, of at most `batchSize` records. */
export function laneBatches(records: readonly DynamoDBRecord[], lanes: number, batchSize: number): DynamoDBRecord[][][] {
  const perLane: DynamoDBRecord[][] = Array.from({ length: lanes }, () => []);
  for (const r of records) perLane[laneOf(r, lanes)]!.push(r);
  return perLane.map((rs) => {
    const batches: DynamoDBRecord[][] = [];
    for (let i = 0; i < rs.length; i += batchSize) batches.push(rs.slice(i, i + batchSize));
    return batches;
  });
}

/**
 * Delivers a lane's batches one after another, as Lambda does within a lane: a failed invocation is
 * retried, bisected (first half first), up to `maxRetries` times; `crashAt(laneNo, batchNo)` decides which
 * first attempts die after a number of rollup updates; `redeliverWhole(batchNo)` delivers a batch a second
 * time after it succeeded (a duplicate delivery).
 */
export async function runLane(
  laneNo: number,
  batches: readonly DynamoDBRecord[][],
  deps: LaneDeps,
  faults: { crashAt?: (lane: number, batch: number) => number | undefined; redeliverWhole?: (lane: number, batch: number) => boolean } = {},
): Promise<void> {
  for (const [b, batch] of batches.entries()) {
    await deliver(batch, deps, faults.crashAt?.(laneNo, b), 0);
    if (faults.redeliverWhole?.(laneNo, b)) await invoke({ Records: batch }, deps);
  }
}

async function deliver(records: DynamoDBRecord[], deps: LaneDeps, crashAtUpdate: number | undefined, retries: number): Promise<void> {
  try {
    await invoke({ Records: records }, deps, crashAtUpdate);
  } catch (e) {
    if (retries >= 5) throw e;
    if (records.length === 1) return deliver(records, deps, undefined, retries + 1);
    const half = Math.ceil(records.length / 2);
    await deliver(records.slice(0, half), deps, undefined, retries + 1);
    await deliver(records.slice(half), deps, undefined, retries + 1);
  }
}

export function sumCounters(all: readonly Counters[]): Counters {
  const out = newCounters();
  for (const c of all) {
    for (const [k, v] of Object.entries(c.requests)) out.requests[k] = (out.requests[k] ?? 0) + v;
    for (const [k, v] of Object.entries(c.conditionalFailures)) out.conditionalFailures[k] = (out.conditionalFailures[k] ?? 0) + v;
    out.sdkRetries += c.sdkRetries;
    out.transactionCancellations += c.transactionCancellations;
    out.writeUnits += c.writeUnits;
    out.crashes += c.crashes;
    for (const [id, t] of c.perItem) {
      const sum = out.perItem.get(id) ?? { updates: 0, writeUnits: 0 };
      sum.updates += t.updates;
      sum.writeUnits += t.writeUnits;
      out.perItem.set(id, sum);
    }
  }
  return out;
}

/** Resolves once `parties` callers wait on it: every caller waits for the slowest. */
export function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived >= parties) open();
    return opened;
  };
}
