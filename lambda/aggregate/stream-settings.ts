/**
 * How the aggregator consumes the records table's stream. One definition serves the CDK event source
 * mapping and the local stream poller, so local runs see the batches and retries AWS would deliver.
 */
export const STREAM_SETTINGS = {
  /**
   * Records per invocation, Lambda's maximum (a batch also ends at the 6 MB invocation payload limit,
   * about 5,000 participant records). Larger batches fold more records into each rollup item update:
   * a batch touches a few hundred to a thousand rollup items whatever its size, so the rollup writes
   * per record fall as the batch grows (bench/results.md, aggregator).
   */
  batchSize: 10_000,
  maximumBatchingWindowSeconds: 2,
  /** Retries before a batch goes to the on-failure queue; redelivery is safe (the aggregator is idempotent). */
  maximumRetryAttempts: 5,
  bisectBatchOnFunctionError: true,
  reportBatchItemFailures: true,
  /**
   * One batch per shard at a time, chosen from measurement (bench/results.md, "Concurrent aggregator lanes").
   * Lanes are safe: claims are conditional, so even overlapping concurrent deliveries apply each record once
   * (test/integration/pipeline/concurrent-aggregators.test.ts, overlapping-deliveries.test.ts). But each
   * lane folds fewer records into each rollup item update, so 4 lanes cost about a quarter more write units
   * per record, and the per-shard order of a key is all a lane buys; a national table's stream already runs
   * one aggregator per shard, and shards grow with the table's partitions. Raise it if IteratorAge alarms
   * while write units are to spare.
   */
  parallelizationFactor: 1,
  startingPosition: 'TRIM_HORIZON',
  /** The aggregator function's timeout: generous, since a timed-out batch is retried whole. */
  functionTimeoutSeconds: 300,
  /** Records older than this are sent to the on-failure queue instead of being retried. */
  maximumRecordAgeSeconds: 24 * 3600,
} as const;
