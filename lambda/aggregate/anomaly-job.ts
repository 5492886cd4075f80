/**
 * Finds the anomalies of the whole data set and stores them, so the API serves them by key and never
 * scans on the request path. Runs by itself once the aggregator has applied an import (anomaly-trigger.ts,
 * anomaly-runner.ts), on a schedule in AWS as a safety net, and by hand (`npm run anomalies`). The drift
 * check compares the stream-maintained rollups with a recount and reports any difference as an anomaly.
 * The same run sweeps the markers of finished aggregation intents off the rollup items (marker-sweep.ts).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { findAnomalies, type Anomaly } from '../domain/anomaly-rules.js';
import type { ClaimRecord, ParticipantRecord, PaymentRecord } from '../domain/records.js';
import { requireRollup } from '../domain/rollups.js';
import type { ReferenceData } from '../reference-data.js';
import { AnomalyStore } from '../store/anomaly-store.js';
import { parseCellName, parseRollupItemId } from '../store/keys.js';
import { itemToRecord } from '../store/record-items.js';
import { scanAll } from '../store/scan.js';
import { AggregationJournal } from '../store/aggregation-journal.js';
import { RollupStore } from '../store/rollup-store.js';
import { sweepMarkers, type SweepOutcome } from './marker-sweep.js';
import { rebuild } from './rebuild.js';

export interface AnomalyJobOptions {
  /**
   * Compare the rollups with a recount (ROLLUP_DRIFT). Default true. Off only right after the rollups
   * were written from a recount (a store seeded in one pass): they are that recount, and comparing
   * reads every rollup item and recounts every record again.
   */
  driftCheck?: boolean;
  /** Sweep finished intents' markers. Default true; nothing to sweep on a store no aggregator has written. */
  sweep?: boolean;
}

export async function runAnomalyJob(
  deps: { ddb: DynamoDBClient; recordsTable: string; statsTable: string; reference: ReferenceData },
  now = new Date(),
  { driftCheck = true, sweep: sweeping = true }: AnomalyJobOptions = {},
): Promise<{ anomalies: Anomaly[]; put: number; deleted: number; sweep: SweepOutcome; asOf: string | undefined }> {
  const journal = new AggregationJournal(deps.ddb, deps.statsTable);
  // Read first: the anomalies reflect at least the stream records the rollups reflected then.
  const asOf = await journal.asOf();
  const participants: ParticipantRecord[] = [];
  const payments: PaymentRecord[] = [];
  const claims: ClaimRecord[] = [];
  for (const item of await scanAll(deps.ddb, deps.recordsTable)) {
    const r = itemToRecord(item);
    if (r?.kind === 'participant') participants.push(r);
    else if (r?.kind === 'payment') payments.push(r);
    else if (r?.kind === 'claim') claims.push(r);
  }
  const anomalies = findAnomalies({ participants, payments, claims }, deps.reference.thresholds.anomalies);
  const check = driftCheck
    ? await rebuild({ ddb: deps.ddb, recordsTable: deps.recordsTable, statsTable: deps.statsTable, rates: deps.reference.rates }, 'check')
    : { drift: [] };
  // One anomaly per drifted rollup item, placed at the region of its first drifted cell.
  const drifted = new Map<string, { cells: number; region: string }>();
  for (const d of check.drift) {
    const ref = parseRollupItemId(d.itemId);
    const region = parseCellName(requireRollup(ref.rollupId).dimensions, ref.partition, d.cell).cell.region ?? ref.partition;
    const entry = drifted.get(d.itemId) ?? { cells: 0, region: region.split('.').slice(0, 2).join('.') };
    entry.cells++;
    drifted.set(d.itemId, entry);
  }
  for (const [itemId, { cells, region }] of drifted) {
    const ref = parseRollupItemId(itemId);
    anomalies.push({
      type: 'ROLLUP_DRIFT',
      severity: 'HIGH',
      regency: region,
      period: ref.bucket.slice(0, 7),
      count: cells,
      detail: `${cells} cell(s) of rollup ${ref.rollupId} (${ref.granularity} ${ref.bucket}, ${ref.partition}) differ from a recount of the raw records; run npm run rebuild`,
      evidence: {},
      id: `ROLLUP_DRIFT#${itemId}`,
    });
  }
  const written = await new AnomalyStore(deps.ddb, deps.statsTable).replaceAll(anomalies, now.toISOString(), asOf);
  const sweep = sweeping
    ? await sweepMarkers({ journal, rollups: new RollupStore(deps.ddb, deps.statsTable) })
    : { itemsSwept: 0, markersRemoved: 0, markersKept: 0 };
  return { anomalies, ...written, sweep, asOf };
}
