/**
 * Counts what a DynamoDB client asks of DynamoDB: requests per command and per table, items read and
 * written, and the capacity units DynamoDB reports (ReturnConsumedCapacity=TOTAL is added to every
 * data-plane request, which changes nothing but the response's metadata). Installed as SDK middleware
 * on the very client the Lambda handlers use, so nothing in lambda/ needs to know it is being measured.
 *
 * Items read is what DynamoDB bills reads on: items evaluated (ScannedCount) for Query and Scan, items
 * returned for GetItem and BatchGetItem.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { performance } from 'node:perf_hooks';

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);
/** Calls kept with their timings (for round trips); bulk phases beyond this are only summed. */
const MAX_TIMED_CALLS = 5_000;

interface DynamoCall {
  command: string;
  table: string;
  startedAt: number;
  endedAt: number;
  itemsRead: number;
  itemsWritten: number;
  readUnits: number;
  writeUnits: number;
  failed: boolean;
}

export interface TableUsage {
  requests: number;
  itemsRead: number;
  itemsWritten: number;
  readUnits: number;
  writeUnits: number;
}

export interface DynamoUsage extends TableUsage {
  /**
   * Longest chain of requests each starting after the previous one ended: the sequential round trips.
   * Null for phases with more than MAX_TIMED_CALLS requests (bulk phases, where it means nothing).
   */
  roundTrips: number | null;
  /** The same, leaving out requests to the meter's overhead tables (the query audit log). */
  roundTripsWithoutOverhead: number | null;
  /** The share of the overhead tables in the totals. */
  overhead: TableUsage;
  /** Wall time with at least one request in flight (null like roundTrips): the time spent waiting on DynamoDB. */
  waitMs: number | null;
  /** The same for the overhead tables' requests alone. */
  overheadWaitMs: number | null;
  failed: number;
  byCommand: Record<string, number>;
  /** Requests that failed (after the SDK's own retries), by command: e.g. cancelled conditional transactions. */
  failedByCommand: Record<string, number>;
  byTable: Record<string, TableUsage>;
  /** From the start of the first write request to the end of the last one (0 without writes). */
  writeSpanMs: number;
}

export class DynamoMeter {
  private calls: DynamoCall[] = [];
  private totals = emptyUsage();
  private recording = false;
  private firstWriteAt = Number.POSITIVE_INFINITY;
  private lastWriteAt = 0;

  /** `overheadTables`: tables whose requests are counted but also reported apart (see roundTripsWithoutOverhead). */
  constructor(private readonly overheadTables: ReadonlySet<string> = new Set()) {}

  /** Adds the counting middleware to `client` (once per client). */
  install(client: DynamoDBClient): this {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        const input = args.input as Record<string, unknown>;
        const dataPlane = READS.has(command) || WRITES.has(command);
        if (dataPlane && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
        if (!this.recording || !dataPlane) return next(args);
        const call: DynamoCall = {
          command: command.replace(/Command$/, ''),
          table: tableOf(input),
          startedAt: performance.now(),
          endedAt: 0,
          itemsRead: 0,
          itemsWritten: 0,
          readUnits: 0,
          writeUnits: 0,
          failed: false,
        };
        try {
          const result = await next(args);
          const output = result.output as unknown as Record<string, unknown>;
          const units = capacityOf(output.ConsumedCapacity as Capacity | Capacity[] | undefined);
          if (READS.has(command)) {
            call.itemsRead = itemsReadBy(command, output);
            call.readUnits = units;
          } else {
            call.itemsWritten = itemsWrittenBy(command, input, output);
            call.writeUnits = units;
          }
          return result;
        } catch (error) {
          call.failed = true;
          throw error;
        } finally {
          call.endedAt = performance.now();
          this.count(call, WRITES.has(command));
        }
      },
      { step: 'initialize', name: 'benchDynamoMeter', override: true },
    );
    return this;
  }

  /** Starts a fresh count. */
  start(): void {
    this.calls = [];
    this.totals = emptyUsage();
    this.firstWriteAt = Number.POSITIVE_INFINITY;
    this.lastWriteAt = 0;
    this.recording = true;
  }

  /** Stops counting and returns what was counted since `start`. */
  stop(): DynamoUsage {
    this.recording = false;
    return this.peek();
  }

  /** What was counted so far, without stopping. */
  peek(): DynamoUsage {
    const timed = this.calls.length <= MAX_TIMED_CALLS;
    const byTable = Object.fromEntries(Object.entries(this.totals.byTable).map(([k, v]) => [k, { ...v }]));
    return {
      ...this.totals,
      byCommand: { ...this.totals.byCommand },
      failedByCommand: { ...this.totals.failedByCommand },
      byTable,
      roundTrips: timed ? sequentialDepth(this.calls) : null,
      roundTripsWithoutOverhead: timed ? sequentialDepth(this.calls.filter((c) => !this.overheadTables.has(c.table))) : null,
      waitMs: timed ? busyTime(this.calls) : null,
      overheadWaitMs: timed ? busyTime(this.calls.filter((c) => this.overheadTables.has(c.table))) : null,
      overhead: [...this.overheadTables].reduce((sum, table) => {
        const t = byTable[table];
        if (t) for (const k of Object.keys(sum) as Array<keyof TableUsage>) sum[k] += t[k];
        return sum;
      }, emptyTableUsage()),
      writeSpanMs: this.lastWriteAt > 0 ? this.lastWriteAt - this.firstWriteAt : 0,
    };
  }

  /** `performance.now()` at the end of the last write request counted, or undefined. */
  lastWriteEndedAt(): number | undefined {
    return this.lastWriteAt > 0 ? this.lastWriteAt : undefined;
  }

  private count(call: DynamoCall, write: boolean): void {
    const t = this.totals;
    addTo(t, call);
    t.byTable[call.table] ??= emptyTableUsage();
    addTo(t.byTable[call.table]!, call);
    if (call.failed) {
      t.failed++;
      t.failedByCommand[call.command] = (t.failedByCommand[call.command] ?? 0) + 1;
    }
    t.byCommand[call.command] = (t.byCommand[call.command] ?? 0) + 1;
    if (write) {
      this.firstWriteAt = Math.min(this.firstWriteAt, call.startedAt);
      this.lastWriteAt = Math.max(this.lastWriteAt, call.endedAt);
    }
    if (this.calls.length <= MAX_TIMED_CALLS) this.calls.push(call);
  }
}

interface Capacity {
  CapacityUnits?: number;
}

function emptyTableUsage(): TableUsage {
  return { requests: 0, itemsRead: 0, itemsWritten: 0, readUnits: 0, writeUnits: 0 };
}

function emptyUsage(): DynamoUsage {
  return {
    ...emptyTableUsage(),
    roundTrips: 0,
    roundTripsWithoutOverhead: 0,
    overhead: emptyTableUsage(),
    waitMs: 0,
    overheadWaitMs: 0,
    failed: 0,
    byCommand: {},
    failedByCommand: {},
    byTable: {},
    writeSpanMs: 0,
  };
}

function addTo(u: TableUsage, c: DynamoCall): void {
  u.requests++;
  u.itemsRead += c.itemsRead;
  u.itemsWritten += c.itemsWritten;
  u.readUnits += c.readUnits;
  u.writeUnits += c.writeUnits;
}

function tableOf(input: Record<string, unknown>): string {
  if (typeof input.TableName === 'string') return input.TableName;
  const batch = input.RequestItems as Record<string, unknown> | undefined;
  if (batch) return Object.keys(batch).sort().join('+');
  const transact = input.TransactItems as Array<Record<string, { TableName?: string }>> | undefined;
  const first = transact?.[0];
  return (first && Object.values(first)[0]?.TableName) ?? 'unknown';
}

function capacityOf(consumed: Capacity | Capacity[] | undefined): number {
  if (!consumed) return 0;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

function itemsReadBy(command: string, output: Record<string, unknown>): number {
  switch (command) {
    case 'QueryCommand':
    case 'ScanCommand':
      return Number(output.ScannedCount ?? output.Count ?? 0);
    case 'GetItemCommand':
      return output.Item ? 1 : 0;
    case 'BatchGetItemCommand':
      return Object.values((output.Responses ?? {}) as Record<string, unknown[]>).reduce((sum, items) => sum + items.length, 0);
    case 'TransactGetItemsCommand':
      return ((output.Responses ?? []) as Array<{ Item?: unknown }>).filter((r) => r.Item).length;
    default:
      return 0;
  }
}

function itemsWrittenBy(command: string, input: Record<string, unknown>, output: Record<string, unknown>): number {
  switch (command) {
    case 'BatchWriteItemCommand': {
      const count = (requests: Record<string, unknown[]> | undefined) =>
        Object.values(requests ?? {}).reduce((sum, list) => sum + list.length, 0);
      return count(input.RequestItems as Record<string, unknown[]>) - count(output.UnprocessedItems as Record<string, unknown[]>);
    }
    case 'TransactWriteItemsCommand':
      return ((input.TransactItems ?? []) as unknown[]).length;
    default:
      return 1;
  }
}

/**
 * Requests that overlap in time cost one round trip of latency, not several; a request that starts
 * after another has ended waits for it. The depth is the longest such chain (intervals sorted by end).
 */
export function sequentialDepth(calls: readonly Pick<DynamoCall, 'startedAt' | 'endedAt'>[]): number {
  const sorted = [...calls].sort((a, b) => a.endedAt - b.endedAt);
  const depth: number[] = [];
  let best = 0;
  sorted.forEach((c, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[j]!.endedAt <= c.startedAt) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
    best = Math.max(best, d);
  });
  return best;
}

/** Length of the union of the calls' intervals. */
export function busyTime(calls: readonly Pick<DynamoCall, 'startedAt' | 'endedAt'>[]): number {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  let total = 0;
  let start = Number.NEGATIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const c of sorted) {
    if (c.startedAt > end) {
      if (end > start) total += end - start;
      start = c.startedAt;
      end = c.endedAt;
    } else end = Math.max(end, c.endedAt);
  }
  if (end > start) total += end - start;
  return total;
}
