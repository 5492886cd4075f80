/**
 * Seeds an empty store in one pass: the local platform's first start with the demo.
 *
 * Through the stream, each of the demo's ~14,500 records is claimed (a conditional write) and its deltas
 * added to the monthly items of many rollups: 200+ s on 2 cores. Here the records are imported while no
 * stream aggregator reads, the rollups are counted from the records table in one pass (`rebuild`, the
 * same recount as `npm run rebuild`), and only then does the aggregator start, at LATEST:
 *
 * - every record written before it started is counted once, by the recount; every record written after,
 *   once, by the aggregator. That holds when nothing else writes between the first import and the
 *   aggregator's start, which the seed state ensures: `npm run import` and the local server's write
 *   routes refuse while it is there.
 * - what the aggregator keeps besides rollups needs nothing from the seed: claims and intents are per
 *   stream record (the seed's records never reach it), markers are per intent, and a later correction
 *   arrives with its old image, whose facts the recount has counted, so subtracting them is exact.
 *   `asOf` is set to the recount's start, the newest write it can reflect.
 * - an interrupted seed (Ctrl-C, a crash) leaves the seed state behind; the next start seeds again:
 *   the import is idempotent (unchanged rows write nothing) and the recount replaces what is stored.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { RateTable } from '../domain/rates.js';
import type { ImportReport } from '../ingest/import-file.js';
import { rebuild, type RebuildReport } from '../aggregate/rebuild.js';
import { AggregationJournal } from '../store/aggregation-journal.js';
import { SeedState } from '../store/seed-state.js';

export interface SeedDeps {
  ddb: DynamoDBClient;
  recordsTable: string;
  statsTable: string;
  rates: RateTable;
}

export interface SeedSteps<A> {
  /** Writes the seed's records (the demo's import). */
  load(): Promise<ImportReport[]>;
  /** Called when the recount is about to begin. */
  onRecount?(): void;
  /** Starts the stream aggregator at LATEST; called once the rollups hold every record written. */
  startAggregator(): Promise<A>;
}

export interface SeedOutcome<A> {
  reports: ImportReport[];
  rebuilt: RebuildReport;
  aggregator: A;
  importMs: number;
  recountMs: number;
  /** Starting the aggregator: it reads past the records the stream already holds (LATEST). */
  aggregatorStartMs: number;
}

export async function seedStore<A>(deps: SeedDeps, steps: SeedSteps<A>): Promise<SeedOutcome<A>> {
  const state = new SeedState(deps.ddb, deps.statsTable);
  await state.begin();
  const importStarted = Date.now();
  const reports = await steps.load();
  const recountStarted = new Date();
  steps.onRecount?.();
  const rebuilt = await rebuild(deps, 'rebuild');
  await new AggregationJournal(deps.ddb, deps.statsTable).advanceAsOf(recountStarted.toISOString());
  const recountMs = Date.now() - recountStarted.getTime();
  const aggregatorStarted = Date.now();
  const aggregator = await steps.startAggregator();
  const aggregatorStartMs = Date.now() - aggregatorStarted;
  await state.end();
  return { reports, rebuilt, aggregator, importMs: recountStarted.getTime() - importStarted, recountMs, aggregatorStartMs };
}
