/**
 * The per-shard loop of the local event source mapping: read the shard into a buffer of at most one
 * batch, wait out the batching window, deliver the batch (with Lambda's retries), repeat; finish when
 * the shard is closed and drained. One batch at a time, so the shard's records stay in order.
 *
 * While a batch is being delivered the worker reads the next one, as Lambda's pollers do: the next
 * invocation can start as soon as the previous one returns instead of after another round of
 * GetRecords. There is only ever one read in flight, so the buffer stays in stream order.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { GET_RECORDS_LIMIT, type ShardReader } from './shard-reader.js';
import { deliverBatch, type DeliveryPolicy, type DeliveryResult, type DiscardedRecords } from './stream-delivery.js';
import { sequenceNumberOf, toLambdaRecord } from './stream-records.js';

export interface ShardWorkerDeps {
  streamArn: string;
  batchSize: number;
  windowMs: number;
  pollIntervalMs: number;
  policy: DeliveryPolicy;
  signal: AbortSignal;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number): Promise<void>;
  invoke(records: DynamoDBRecord[]): Promise<unknown>;
  discard(worker: ShardWorker, discarded: DiscardedRecords): Promise<void>;
  warn(worker: ShardWorker, message: string): void;
  onRead(count: number): void;
  /** After a batch was delivered: `lastSequenceNumber` is its last record, processed or discarded. */
  onDelivered(worker: ShardWorker, result: DeliveryResult, lastSequenceNumber: string): void;
}

const ERROR_BACKOFF_MS = 1_000;
/**
 * Lambda's invocation payload limit: the event source mapping ends a batch before its event would
 * exceed it, whatever the batch size.
 */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** `{"Records":[` ... `]}` around the records. */
const EVENT_ENVELOPE_BYTES = 14;

const eventBytes = (record: DynamoDBRecord) => Buffer.byteLength(JSON.stringify(record)) + 1;

export class ShardWorker {
  state: 'waiting' | 'running' | 'done' = 'waiting';
  task: Promise<void> | undefined;
  /** The last problem reported, so a persisting one is logged once rather than on every poll. */
  lastError: string | undefined;
  private buffer: DynamoDBRecord[] = [];
  /** Serialised size of each buffered record (with its separating comma), and their sum. */
  private bufferSizes: number[] = [];
  private bufferBytes = EVENT_ENVELOPE_BYTES;
  /** Lambda: "the next window begins as soon as the previous function invocation completes". */
  private windowStartedAt = 0;
  private delivering = false;
  /** Start times of the reads that came back empty since records were last read or delivered. */
  private emptyReadsStartedAt: number[] = [];

  constructor(
    readonly shardId: string,
    readonly parentShardId: string | undefined,
    private readonly reader: ShardReader,
  ) {}

  /** Nothing written before `since` is left: the shard is finished, or idle and read empty twice since. */
  isIdleSince(since: number): boolean {
    if (this.state !== 'running') return this.state === 'done';
    const emptyReads = this.emptyReadsStartedAt.filter((t) => t >= since).length;
    return this.buffer.length === 0 && !this.delivering && emptyReads >= 2;
  }

  describe(): string {
    const delivering = this.delivering ? ', delivering' : '';
    const error = this.lastError ? `, ${this.lastError}` : '';
    return `${this.shardId} (${this.state}, ${this.buffer.length} buffered${delivering}${error})`;
  }

  async run(deps: ShardWorkerDeps): Promise<void> {
    const { reader } = this;
    const { batchSize, windowMs, pollIntervalMs, signal } = deps;
    this.windowStartedAt = Date.now();
    while (!signal.aborted) {
      if (this.hasRoom(batchSize)) {
        const outcome = await this.readOnce(deps);
        if (outcome === 'aborted') break;
        if (outcome === 'failed') {
          await deps.sleep(ERROR_BACKOFF_MS);
          continue;
        }
      }
      if (this.buffer.length === 0) {
        if (reader.closed) break;
        await deps.sleep(pollIntervalMs);
        continue;
      }
      const windowLeft = this.windowStartedAt + windowMs - Date.now();
      const full = !this.hasRoom(batchSize);
      if (!full && !reader.closed && windowLeft > 0) {
        await deps.sleep(Math.min(pollIntervalMs, windowLeft));
        continue;
      }
      const batch = this.takeBatch(batchSize);
      this.delivering = true;
      const readingAhead = this.readAhead(deps);
      try {
        const result = await deliverBatch(batch, deps.policy, {
          invoke: deps.invoke,
          discard: (discarded) => deps.discard(this, discarded),
          sleep: deps.sleep,
          isStopped: () => signal.aborted,
          now: Date.now,
        });
        deps.onDelivered(this, result, sequenceNumberOf(batch[batch.length - 1]!));
      } finally {
        this.delivering = false;
        // The read ahead may still be in flight: wait for it, so that reads never overlap.
        await readingAhead;
        this.emptyReadsStartedAt = [];
        this.windowStartedAt = Date.now();
      }
    }
    if (reader.closed && this.buffer.length === 0) this.state = 'done';
  }

  /** The buffer can take more: under one batch and under the payload limit, and the shard may have more. */
  private hasRoom(batchSize: number): boolean {
    return !this.reader.closed && this.buffer.length < batchSize && this.bufferBytes < MAX_PAYLOAD_BYTES;
  }

  /**
   * Reads while the current batch is being delivered, until the buffer holds the next batch or the
   * shard has nothing more now. A failed read is left for the main loop to retry after delivery.
   */
  private async readAhead(deps: ShardWorkerDeps): Promise<void> {
    while (this.delivering && !deps.signal.aborted && this.hasRoom(deps.batchSize)) {
      if ((await this.readOnce(deps)) !== 'read') return;
    }
  }

  /** One GetRecords into the buffer. */
  private async readOnce(deps: ShardWorkerDeps): Promise<'read' | 'empty' | 'failed' | 'aborted'> {
    const startedAt = Date.now();
    try {
      const fetched = await this.reader.read(Math.min(GET_RECORDS_LIMIT, deps.batchSize - this.buffer.length));
      this.lastError = undefined;
      if (fetched.length === 0) {
        this.emptyReadsStartedAt = [...this.emptyReadsStartedAt.slice(-2), startedAt];
        return 'empty';
      }
      for (const record of fetched) {
        const lambdaRecord = toLambdaRecord(record, deps.streamArn);
        const bytes = eventBytes(lambdaRecord);
        this.buffer.push(lambdaRecord);
        this.bufferSizes.push(bytes);
        this.bufferBytes += bytes;
      }
      this.emptyReadsStartedAt = [];
      deps.onRead(fetched.length);
      return 'read';
    } catch (error) {
      if (deps.signal.aborted) return 'aborted';
      deps.warn(this, `reading the shard failed, retrying: ${(error as Error).message}`);
      return 'failed';
    }
  }

  /** The oldest records up to the batch size and the payload limit; always at least one record. */
  private takeBatch(batchSize: number): DynamoDBRecord[] {
    let count = 0;
    let bytes = EVENT_ENVELOPE_BYTES;
    while (count < this.buffer.length && count < batchSize) {
      const next = this.bufferSizes[count]!;
      if (count > 0 && bytes + next > MAX_PAYLOAD_BYTES) break;
      bytes += next;
      count++;
    }
    this.bufferSizes.splice(0, count);
    this.bufferBytes -= bytes - EVENT_ENVELOPE_BYTES;
    return this.buffer.splice(0, count);
  }
}
