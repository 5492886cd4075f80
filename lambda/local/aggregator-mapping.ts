/** The aggregator's event source mapping settings in the local poller's terms (STREAM_SETTINGS, as in CDK). */
import { STREAM_SETTINGS } from '../aggregate/stream-settings.js';

export function aggregatorMapping() {
  return {
    batchSize: STREAM_SETTINGS.batchSize,
    maximumRetryAttempts: STREAM_SETTINGS.maximumRetryAttempts,
    bisectBatchOnFunctionError: STREAM_SETTINGS.bisectBatchOnFunctionError,
    functionTimeoutMs: STREAM_SETTINGS.functionTimeoutSeconds * 1000,
    reportBatchItemFailures: STREAM_SETTINGS.reportBatchItemFailures,
    maximumBatchingWindowMs: STREAM_SETTINGS.maximumBatchingWindowSeconds * 1000,
    maximumRecordAgeSeconds: STREAM_SETTINGS.maximumRecordAgeSeconds,
  };
}
