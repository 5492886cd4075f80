/**
 * Lambda handler for the records table's stream: parse the event, call the aggregator, and after a
 * batch that applied records, ask for an anomaly run (anomaly-trigger.ts).
 * A failure throws, so Lambda retries (bisecting) — safe, because the aggregator is idempotent.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { powertools } from '../observability.js';
import { getRuntime } from '../runtime.js';
import { AggregationJournal } from '../store/aggregation-journal.js';
import { RollupItemTooLargeError } from '../store/rollup-item-size.js';
import { RollupStore } from '../store/rollup-store.js';
import { AnomalyRunState } from '../store/anomaly-run-state.js';
import { aggregateBatch, type ChangeRecord } from './aggregator.js';
import { anomalyInvoker, requestAnomalyRun } from './anomaly-trigger.js';

const { logger, metrics } = powertools('jamrep-aggregator');

export function changeRecords(event: DynamoDBStreamEvent): ChangeRecord[] {
  return event.Records.map((r) => ({
    eventID: r.eventID ?? `${r.dynamodb?.SequenceNumber}`,
    sequenceNumber: r.dynamodb?.SequenceNumber,
    time: r.dynamodb?.ApproximateCreationDateTime,
    oldImage: r.dynamodb?.OldImage as Record<string, AttributeValue> | undefined,
    newImage: r.dynamodb?.NewImage as Record<string, AttributeValue> | undefined,
  }));
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const { config, ddb, reference } = await getRuntime();
  let outcome;
  try {
    outcome = await aggregateBatch(changeRecords(event), {
      journal: new AggregationJournal(ddb, config.statsTable),
      rollups: new RollupStore(ddb, config.statsTable),
      rates: reference.rates,
      regions: reference.regions,
    });
  } catch (e) {
    if (e instanceof RollupItemTooLargeError) {
      // The batch fails (retried, then the on-failure queue) and an alarm watches this metric: an item
      // too large for the layout is an operator's problem, never a silently dropped update.
      logger.error('rollup item too large', { item: e.itemId, bytes: e.bytes, code: e.code });
      metrics.addMetric('RollupItemTooLarge', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    }
    throw e;
  }
  // Counts only: stream images hold personal data and are never logged.
  logger.info('batch aggregated', { records: event.Records.length, ...outcome });
  metrics.addMetric('RecordsAggregated', MetricUnit.Count, outcome.applied);
  metrics.addMetric('RollupItemsUpdated', MetricUnit.Count, outcome.itemsUpdated);
  metrics.addMetric('RollupWriteUnits', MetricUnit.Count, outcome.rollupWriteUnits);
  metrics.addMetric('LargestRollupItemKB', MetricUnit.Kilobytes, outcome.largestItemKb);
  const invoke = anomalyInvoker();
  if (invoke && outcome.applied > 0) {
    try {
      const started = await requestAnomalyRun(new AnomalyRunState(ddb, config.statsTable), invoke);
      if (started) logger.info('anomaly run requested');
    } catch (e) {
      // The rollups are right; only the run is late (the next batch or the schedule starts it).
      logger.error('anomaly run request failed', { error: e instanceof Error ? e.name : String(e) });
      metrics.addMetric('AnomalyRunRequestFailed', MetricUnit.Count, 1);
    }
  }
  metrics.publishStoredMetrics();
  return { batchItemFailures: [] };
};
