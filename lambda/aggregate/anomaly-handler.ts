/**
 * Lambda handler of the anomaly job: recomputes and stores the anomalies, so the API serves them by key.
 * Invoked asynchronously by the aggregator after batches that applied records (then debounced: it waits
 * for the import to settle, see anomaly-runner.ts), and on a schedule (EventBridge) as a safety net.
 * Logs counts per type only: evidence holds participant ids.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { powertools } from '../observability.js';
import { getRuntime } from '../runtime.js';
import { AnomalyRunState } from '../store/anomaly-run-state.js';
import { runAnomalyJob } from './anomaly-job.js';
import { anomalyQuietMs } from './anomaly-run-settings.js';
import { runAfterQuiet } from './anomaly-runner.js';
import { AGGREGATOR_EVENT } from './anomaly-trigger.js';

const { logger, metrics } = powertools('jamrep-anomalies');

/** Without a Lambda context (in-process locally): as long as the function's timeout in AWS. */
const LOCAL_BUDGET_MS = 15 * 60_000;

export const handler = async (event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<void> => {
  const { config, ddb, reference } = await getRuntime();
  const job = async () => {
    const result = await runAnomalyJob({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, reference });
    const byType: Record<string, number> = {};
    for (const a of result.anomalies) byType[a.type] = (byType[a.type] ?? 0) + 1;
    logger.info('anomalies stored', { total: result.anomalies.length, byType, removed: result.deleted, markers: result.sweep, asOf: result.asOf });
    metrics.addMetric('AnomaliesFound', MetricUnit.Count, result.anomalies.length);
    metrics.publishStoredMetrics();
    return { asOf: result.asOf };
  };
  if ((event as { source?: unknown } | undefined)?.source !== AGGREGATOR_EVENT.source) {
    await job();
    return;
  }
  const started = Date.now();
  const outcome = await runAfterQuiet({
    state: new AnomalyRunState(ddb, config.statsTable),
    job,
    quietMs: anomalyQuietMs(),
    remainingMs: () => context?.getRemainingTimeInMillis() ?? LOCAL_BUDGET_MS - (Date.now() - started),
  });
  logger.info('anomaly runs after records applied', outcome);
};
