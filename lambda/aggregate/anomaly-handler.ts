/**
 * Lambda handler for the scheduled anomaly job (EventBridge): recomputes and stores the anomalies, so
 * the API serves them by key. Logs counts per type only: evidence holds participant ids.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { powertools } from '../observability.js';
import { getRuntime } from '../runtime.js';
import { runAnomalyJob } from './anomaly-job.js';

const { logger, metrics, tracer } = powertools('jamrep-anomalies');

export const handler = async (): Promise<void> => {
  const { config, ddb, reference } = await getRuntime();
  tracer.captureAWSv3Client(ddb);
  const result = await runAnomalyJob({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, reference });
  const byType: Record<string, number> = {};
  for (const a of result.anomalies) byType[a.type] = (byType[a.type] ?? 0) + 1;
  logger.info('anomalies stored', { total: result.anomalies.length, byType, removed: result.deleted, markers: result.sweep });
  metrics.addMetric('AnomaliesFound', MetricUnit.Count, result.anomalies.length);
  metrics.publishStoredMetrics();
};
