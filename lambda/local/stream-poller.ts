/**
 * A local Lambda event source mapping for a DynamoDB table's stream: reads every shard from its
 * starting position (TRIM_HORIZON or LATEST, or its checkpoint), parents before children, and invokes the handler with the events AWS Lambda would
 * send, one batch at a time per shard, with Lambda's batching window, retries, bisection, partial batch
 * responses and on-failure destination (see stream-delivery.ts).
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, type DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent, Handler } from 'aws-lambda';
import { createLambdaContext, invokeHandler } from './lambda-context.js';
import { ShardReader } from './shard-reader.js';
import { fileCheckpoints } from './stream-checkpoints.js';
import { ShardWorker } from './shard-worker.js';
import type { DeliveryPolicy, DeliveryResult, DiscardedRecords } from './stream-delivery.js';
import { toFailureMessage, type StreamFailureMessage } from './stream-failure.js';
import { sequenceNumberOf } from './stream-records.js';

export type { StreamFailureMessage } from './stream-failure.js';

export interface StreamPollerOptions {
  ddb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  /** A Lambda handler for DynamoDB stream events (promise or callback style). */
  handler: Handler<DynamoDBStreamEvent, unknown>;
  /** Records per invocation at most (Lambda: 1 to 10,000). */
  batchSize: number;
  /** -1: retry until the records expire. */
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  /** FunctionResponseTypes includes ReportBatchItemFailures. Default true. */
  reportBatchItemFailures?: boolean;
  /** Time to gather records before invoking with less than a full batch; a window starts when the previous invocation ends. Default 0. */
  maximumBatchingWindowMs?: number;
  /** -1 (default): no limit. */
  maximumRecordAgeSeconds?: number;
  /** Pause between reads of a shard that had nothing new. Default 250 (Lambda polls 4 times a second). */
  pollIntervalMs?: number;
  /** First retry delay, doubling per retry up to 10 s. Default 500. */
  retryDelayMs?: number;
  /**
   * Where a new mapping starts, as an event source mapping's StartingPosition: `TRIM_HORIZON` (default)
   * delivers every record the stream holds; `LATEST` only records written after `startStreamPoller`
   * resolved. It applies when the mapping is created: with a checkpoint file that already holds this
   * stream's positions, the mapping resumes from them whatever this says. Shards that appear later
   * (children of a split) are read from their start, as Lambda reads them.
   */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /**
   * A file to keep the mapping's position in across restarts (use it with a persisted database).
   * Without it every start begins at `startingPosition`.
   */
  checkpointFile?: string;
  /** How often to look for new shards. Default 1,000. */
  shardDiscoveryIntervalMs?: number;
  functionName?: string;
  /** The function's timeout: a longer invocation fails like a Lambda timeout. Default 60 s. */
  functionTimeoutMs?: number;
  /** The on-failure destination: called with the message Lambda would send, and the records themselves. */
  onFailure?: (message: StreamFailureMessage, details: DiscardedRecords) => void | Promise<void>;
  logger?: Pick<Console, 'warn'>;
}

export interface StreamPollerStats {
  shards: number;
  recordsRead: number;
  /** Records in successful invocations (and the successful part of partial batch responses). */
  recordsProcessed: number;
  /** Records given up on and handed to `onFailure`. */
  recordsDiscarded: number;
  invocations: number;
  failedInvocations: number;
}

export interface StreamPoller {
  streamArn: string;
  /**
   * Resolves once every record written to the table before the call has been processed or discarded:
   * every shard is finished, or has nothing buffered or in flight and has since come back empty from
   * two reads that began after the call. Rejects after `timeoutMs` (default 30 s) with what is pending.
   */
  waitForIdle(timeoutMs?: number): Promise<void>;
  stats(): StreamPollerStats;
  /** Stops reading and retrying; an invocation in flight is awaited. */
  stop(): Promise<void>;
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { ddb, streams, tableName, handler, batchSize } = options;
  const logger = options.logger ?? console;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const policy: DeliveryPolicy = {
    maximumRetryAttempts: options.maximumRetryAttempts,
    bisectBatchOnFunctionError: options.bisectBatchOnFunctionError,
    reportBatchItemFailures: options.reportBatchItemFailures ?? true,
    maximumRecordAgeSeconds: options.maximumRecordAgeSeconds ?? -1,
    retryDelayMs: options.retryDelayMs ?? 500,
  };
  const functionName = options.functionName ?? `${tableName}-stream-handler`;
  const functionTimeoutMs = options.functionTimeoutMs ?? 60_000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new RangeError(`batchSize must be an integer from 1 to 10,000, got ${batchSize}`);
  }

  const streamArn = await latestStreamArn(ddb, tableName);
  const checkpoints = options.checkpointFile ? fileCheckpoints(options.checkpointFile, streamArn) : undefined;
  const controller = new AbortController();
  const { signal } = controller;
  const shards = new Map<string, ShardWorker>();
  // LATEST applies to the shards there are when the mapping is created, not to a resumed one.
  let skipExisting = (options.startingPosition ?? 'TRIM_HORIZON') === 'LATEST' && !checkpoints?.resumed;
  const totals: Omit<StreamPollerStats, 'shards'> = {
    recordsRead: 0,
    recordsProcessed: 0,
    recordsDiscarded: 0,
    invocations: 0,
    failedInvocations: 0,
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });

  const warn = (worker: ShardWorker | undefined, message: string) => {
    if (worker) {
      if (worker.lastError === message) return; // one line per distinct problem, not one per poll
      worker.lastError = message;
    }
    logger.warn(`[stream-poller] ${tableName}${worker ? ` ${worker.shardId}` : ''}: ${message}`);
  };

  const discard = async (worker: ShardWorker, discarded: DiscardedRecords) => {
    const message = toFailureMessage(discarded, { shardId: worker.shardId, streamArn, functionName });
    const reason = discarded.error ? `: ${discarded.error.message}` : '';
    if (!options.onFailure) {
      warn(undefined, `discarded ${discarded.records.length} record(s) (${discarded.condition})${reason}`);
      return;
    }
    try {
      await options.onFailure(message, discarded);
    } catch (error) {
      warn(undefined, `onFailure threw: ${(error as Error).message}`);
    }
  };

  const invoke = async (records: DynamoDBRecord[]) => {
    const context = createLambdaContext({ functionName, timeoutMs: functionTimeoutMs });
    try {
      // A fresh copy per invocation, as Lambda sends a freshly serialised event each time.
      return await invokeHandler(handler, { Records: structuredClone(records) }, context);
    } catch (error) {
      const from = `${records.length} record(s) from ${sequenceNumberOf(records[0]!)}`;
      logger.warn(`[stream-poller] ${tableName}: invocation with ${from} failed: ${(error as Error).message}`);
      throw error;
    }
  };

  const workerDeps = {
    streamArn,
    batchSize,
    windowMs: options.maximumBatchingWindowMs ?? 0,
    pollIntervalMs,
    policy,
    signal,
    sleep,
    invoke,
    discard,
    warn,
    onRead: (count: number) => {
      totals.recordsRead += count;
    },
    onDelivered: (worker: ShardWorker, result: DeliveryResult, lastSequenceNumber: string) => {
      if (result.completed) checkpoints?.set(worker.shardId, lastSequenceNumber);
      totals.recordsProcessed += result.processed;
      totals.recordsDiscarded += result.discarded;
      totals.invocations += result.invocations;
      totals.failedInvocations += result.failedInvocations;
    },
  };

  async function runShard(worker: ShardWorker): Promise<void> {
    await worker.run(workerDeps);
    if (worker.state === 'done') {
      startEligibleShards();
      void discoverShards().catch((error: Error) => warn(undefined, `describing the stream failed: ${error.message}`));
    }
  }

  // Lambda processes a parent shard to its end before its children, so a key's changes stay in order.
  function startEligibleShards(): void {
    for (const worker of shards.values()) {
      if (worker.state !== 'waiting' || signal.aborted) continue;
      const parent = worker.parentShardId ? shards.get(worker.parentShardId) : undefined;
      if (parent && parent.state !== 'done') continue;
      worker.state = 'running';
      worker.task = runShard(worker).catch((error: Error) => warn(worker, `stopped reading the shard: ${error.message}`));
    }
  }

  let discovery: { startedAt: number; promise: Promise<void> } | undefined;
  async function describeShardsOnce(): Promise<void> {
    let exclusiveStartShardId: string | undefined;
    do {
      const output = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
        { abortSignal: signal },
      );
      for (const shard of output.StreamDescription?.Shards ?? []) {
        if (!shard.ShardId || shards.has(shard.ShardId)) continue;
        const reader = new ShardReader(streams, streamArn, shard.ShardId, signal, checkpoints?.get(shard.ShardId));
        if (skipExisting) {
          // Read past what the shard holds now instead of asking for a LATEST iterator: the position is
          // then a sequence number the checkpoint file can keep, so a restart resumes exactly there.
          const last = await reader.skipToEnd();
          if (last) checkpoints?.set(shard.ShardId, last);
        }
        shards.set(shard.ShardId, new ShardWorker(shard.ShardId, shard.ParentShardId, reader));
      }
      exclusiveStartShardId = output.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    startEligibleShards();
  }
  /** Describes the stream; joins a description in progress only if it began at or after `notBefore`. */
  function discoverShards(notBefore = 0): Promise<void> {
    if (discovery && discovery.startedAt >= notBefore) return discovery.promise;
    const previous = discovery?.promise.catch(() => undefined) ?? Promise.resolve();
    const current = { startedAt: Date.now(), promise: previous.then(describeShardsOnce) };
    discovery = current;
    void current.promise.then(
      () => (discovery === current ? (discovery = undefined) : undefined),
      () => (discovery === current ? (discovery = undefined) : undefined),
    );
    return current.promise;
  }

  await discoverShards();
  if (skipExisting) {
    checkpoints?.save();
    skipExisting = false;
  }
  const discoveryLoop = (async () => {
    while (!signal.aborted) {
      await sleep(options.shardDiscoveryIntervalMs ?? 1_000);
      if (signal.aborted) break;
      await discoverShards().catch((error: Error) => {
        if (!signal.aborted) warn(undefined, `describing the stream failed: ${error.message}`);
      });
    }
  })();

  const pending = (since: number) =>
    [...shards.values()].filter((worker) => !worker.isIdleSince(since)).map((worker) => worker.describe());

  return {
    streamArn,
    async waitForIdle(timeoutMs = 30_000) {
      const since = Date.now();
      const deadline = since + timeoutMs;
      for (;;) {
        if (signal.aborted) throw new Error('The stream poller was stopped');
        await discoverShards(since).catch((error: Error) => warn(undefined, `describing the stream failed: ${error.message}`));
        const waitingFor = pending(since);
        if (waitingFor.length === 0) return;
        if (Date.now() > deadline) {
          throw new Error(`Stream of ${tableName} not idle after ${timeoutMs} ms; pending shards: ${waitingFor.join('; ')}`);
        }
        await sleep(Math.max(10, pollIntervalMs / 2));
      }
    },
    stats: () => ({ shards: shards.size, ...totals }),
    async stop() {
      controller.abort();
      await Promise.allSettled([discoveryLoop, discovery?.promise, ...[...shards.values()].map((w) => w.task)]);
    },
  };
}

async function latestStreamArn(ddb: DynamoDBClient, tableName: string): Promise<string> {
  const { Table } = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.StreamSpecification?.StreamEnabled || !Table.LatestStreamArn) {
    throw new Error(`Table ${tableName} has no stream enabled`);
  }
  return Table.LatestStreamArn;
}
