/**
 * How the aggregator consumes the records table's stream. One definition serves the CDK event source
 * mapping and the local stream poller, so local runs see the batches and retries AWS would deliver.
 */
export const STREAM_SETTINGS = {
  /** Records per invocation. Larger batches fold more records into each rollup update. */
  batchSize: 2000,
  maximumBatchingWindowSeconds: 2,
  /** Retries before a batch goes to the on-failure queue; redelivery is safe (the aggregator is idempotent). */
  maximumRetryAttempts: 5,
  bisectBatchOnFunctionError: true,
  reportBatchItemFailures: true,
  parallelizationFactor: 1,
  startingPosition: 'TRIM_HORIZON',
  /** The aggregator function's timeout: a batch of 2,000 records touches a few hundred rollup items. */
  functionTimeoutSeconds: 120,
  /** Records older than this are sent to the on-failure queue instead of being retried. */
  maximumRecordAgeSeconds: 24 * 3600,
} as const;
