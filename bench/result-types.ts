import type { NationalScaleResult } from './national-types.js';
/** The shape of bench/results.json: one entry per scale plus what is measured once per run. */
import type { BundleSize, ColdStartResult } from './bundles.js';
import type { CpuProfileSummary } from './cpu-profile.js';
import type { CeilingRun } from './ceiling.js';
import type { QueryId } from './dashboard-queries.js';
import type { DynamoUsage } from './dynamo-meter.js';
import type { LoadResult } from './load.js';
import type { MachineInfo } from './machine.js';
import type { LatencySummary } from './stats.js';

export interface ScaleConfig {
  participants: number;
  seed: number;
  workDir: string;
  resultFile: string;
  runs: number;
  warmupRuns: number;
  naiveRuns: number;
  /** The province-wide naive queries take one whole-table read between them (naive.ts, runNaive). */
  shareNaiveReads: boolean;
  /** Segments of the naive baseline's parallel scans (options.ts, SCAN_SEGMENTS). */
  scanSegments: number;
  ceilingConcurrencies: number[];
  loadConnections: number;
  loadSeconds: number;
  freshnessProbes: number;
  /** Measure the API bundle's cold start against this scale's database (done once per benchmark). */
  coldStart?: { bundlePath: string; runs: number; nodeFlags: string[][] };
}

export interface ImportFileResult {
  kind: string;
  rows: number;
  records: number;
  written: number;
  ms: number;
}

export interface QueryResult {
  id: QueryId;
  title: string;
  available: boolean;
  /** Why the query was not measured. */
  reason?: string;
  rollup?: {
    /** DynamoDB usage of one answer (every measured run is checked to read the same). */
    usage: DynamoUsage;
    usageStable: boolean;
    latency: LatencySummary;
    /** Median over the runs of the time the handler spent waiting on DynamoDB, all of it and the audit log's share. */
    dynamoWaitMs: number;
    auditWaitMs: number;
    errors: number;
    firstError?: string;
    rollupsUsed?: string[];
  };
  naive?: {
    runs: number;
    medianMs: number;
    msRuns: number[];
    /** The runs are those of an earlier query of the scale that made the same read (absent: false). */
    sharedRead?: boolean;
    usage: DynamoUsage;
    /** Null when the answers were not compared (shape unknown). */
    sameAnswer: boolean | null;
    difference?: string;
  };
}

/** The floor query's measurement: a dashboard query's rollup side, without a naive baseline. */
export interface FloorResult {
  id: string;
  title: string;
  rollup: NonNullable<QueryResult['rollup']>;
}

export interface ScaleResult {
  participants: number;
  data: { generateMs: number; files: Array<{ file: string; rows: number }> };
  import: {
    ms: number;
    rows: number;
    records: number;
    written: number;
    rowsPerSecond: number;
    itemsPerSecond: number;
    files: ImportFileResult[];
    usage: DynamoUsage;
  };
  aggregation: {
    streamRecords: number;
    invocations: number;
    failedInvocations: number;
    ms: number;
    recordsPerSecond: number;
    /**
     * From the last write of the import to consistent figures, the aggregator starting on the whole
     * backlog at that moment: the time to drain it (equal to `ms`).
     */
    lagFromLastWriteMs: number;
    /** The event source mapping's settings the poller ran with (stream-settings.ts). */
    batchSize: number;
    batchingWindowMs: number;
    usage: DynamoUsage;
    rollupItems: { count: number; totalKB: number; averageKB: number; maxKB: number; byRollup: Record<string, number> };
    /** Where the aggregation's time went (bench/cpu-profile.ts); absent in results written before it was measured. */
    profile?: CpuProfileSummary;
  };
  queries: QueryResult[];
  /**
   * The trivial query timed in the same phase, on the same path, with the same runs as the dashboard
   * queries (dashboard-queries.ts, FLOOR_QUERY). Absent in results written before it was measured.
   */
  floor?: FloorResult;
  /** The load run, with what the API asked of DynamoDB meanwhile. */
  load?: LoadResult & { usage: DynamoUsage };
  /** New participant written -> counted by `stats` through the API: on a quiet stream, and right after another change. */
  freshness: { quietMs: number[]; backToBackMs: number[]; quietMedianMs: number; backToBackMedianMs: number; batchingWindowMs: number };
  ceiling: { runs: CeilingRun[]; bestItemsPerSecond: number; importToCeiling: number };
  coldStart?: ColdStartResult[];
  loadAverage: Array<{ phase: string; oneMinute: number }>;
  ms: number;
}

export interface BenchResults {
  generatedBy: string;
  machine: MachineInfo;
  options: {
    scales: number[];
    national?: number[];
    lanes?: number[];
    runs: number;
    warmupRuns?: number;
    naiveRuns: number;
    naiveRunsLarge?: number;
    /** Segments of the naive scans (4 in results written before it was recorded). */
    scanSegments?: number;
    freshnessProbes?: number;
    loadConnections: number;
    loadSeconds: number;
    coldStarts: number;
    /** Every measuring option at its default (absent in results written before it was recorded). */
    defaultRun?: boolean;
  };
  bundles: BundleSize[];
  scales: ScaleResult[];
  /** The national shape (bench/national-run.ts): every regency of the country, at each --national scale. */
  national?: NationalScaleResult[];
  totalMs: number;
}
