/** The national benchmark's configuration and results (bench/national-run.ts), as written to results.json. */
import type { LatencySummary } from './stats.js';

export interface NationalScaleConfig {
  /** Participants in each of the country's regencies. */
  perRegency: number;
  seed: number;
  workDir: string;
  resultFile: string;
  runs: number;
  warmupRuns: number;
  /** Lane counts (ParallelizationFactor) to replay the stream records with; empty for none. */
  lanes: number[];
}

export interface NationalQueryResult {
  id: string;
  title: string;
  scope: 'national' | 'provincial';
  /** Items DynamoDB returned for the query (the audit log's own requests left out). */
  itemsRead: number;
  requests: number;
  latency: LatencySummary;
}

export interface LaneRun {
  lanes: number;
  batches: number;
  ms: number;
  recordsPerSecond: number;
  writeUnits: number;
  writeUnitsPerRecord: number;
  /** ConditionalCheckFailed by purpose: rollupMarker (a retried part skipped), claim, intent, asOf. */
  conditionalFailures: Record<string, number>;
  sdkRetries: number;
  /** The rollup item that took the most write units, and its rate over the run. */
  hottestItem: { id: string; updates: number; writeUnits: number; writeUnitsPerSecond: number };
  /** Rollup items whose cells differ from the single-lane (poller) run: must be 0. */
  itemsDiffering: number;
}

export interface NationalScaleResult {
  perRegency: number;
  regencies: number;
  participants: number;
  /** From the data (national-data.ts); absent in results written before it was noted. */
  sparsity?: { lastMonth: string; regenciesWithoutActive: number };
  records: number;
  importMs: number;
  aggregation: { streamRecords: number; invocations: number; ms: number; recordsPerSecond: number; writeUnits: number; writeUnitsPerRecord: number };
  rollupItems: number;
  largestItem: { id: string; bytes: number };
  itemBoundBytes: number;
  queries: NationalQueryResult[];
  lanes: LaneRun[];
  ms: number;
}
