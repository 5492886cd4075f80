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
   * One batch per shard at a time, for now. Lanes of different keys (ParallelizationFactor > 1) are safe
   * for disjoint record sets (test/integration/pipeline/concurrent-aggregators.test.ts: 4 lanes, crashes,
   * redeliveries, exact), but not yet measured (issue 13), and two concurrent invocations whose record
   * sets overlap without being equal would each apply the shared records: claims are blind batch writes.
   * AWS only promises "each event at least once, and duplicate processing of records can occur".
   */
  parallelizationFactor: 1,
  startingPosition: 'TRIM_HORIZON',
  /** The aggregator function's timeout: generous, since a timed-out batch is retried whole. */
  functionTimeoutSeconds: 300,
  /** Records older than this are sent to the on-failure queue instead of being retried. */
  maximumRecordAgeSeconds: 24 * 3600,
} as const;
