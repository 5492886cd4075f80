/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';

/**
 * Default scales: the 60,000 and 600,000 participants, a tenfold step. The whole default run is
 * budgeted to fit the 30 minutes the issue allows on a 2-core machine once the aggregator drains about
 * 2,000 stream records/s (about 5 minutes at 600,000; the report's run-time target lists each part's
 * duration): the phases that read or write every record (import, ceiling, aggregation, naive scans) grow
 * with the data, so the largest scale gets a smaller share of the repeated ones (`scaleBudget`).
 */
export const DEFAULT_SCALES = [60_000, 600_000];
/**
 * National scales, in participants per regency (all 514): a tenfold step (1,028 and 10,280 participants;
 * 9,123 and 25,110 records). What it shows (rollup items within their size bound, reads flat in the
 * participants, lanes agreeing cell by cell) holds at any size; what it costs is aggregation, at 11–13
 * write units per record against the provincial data's 2.8 (every record also updates the national and
 * per-province rollups). At [5, 50] it took 32 of the last run's 41 minutes (82 records/s on 14,078 and
 * 42,529 records, then the lanes replaying the first twice), so it is kept small enough to leave the
 * issue's pair the time they need.
 */
export const DEFAULT_NATIONAL = [2, 20];
export const DEFAULT_LANES = [1, 4];
/** Timed runs of each national query: these read hundreds of items, and their p99 is not a target. */
export const NATIONAL_RUNS = 20;

/**
 * From this many participants on, a scale is "large": each naive scan reads the whole records table
 * (minutes at 600,000 on 2 busy cores; four of the five queries scan), and one BatchWriteItem ceiling run
 * writes every imported item again (73 s at 600,000 on a quiet machine, 217 s on a busy one).
 */
export const LARGE_SCALE = 300_000;

/**
 * Segments of every full-table scan the benchmark makes (the naive baseline, reading rollup items back).
 * DynamoDB Local's Scan costs, for each 1 MB page, a pass over the page's whole segment, so a scan takes
 * time in the square of the segment's size: 150,000 small items took 100 s in 1 segment, 14 s in 4, 4–8 s
 * in 16, 3.6 s in 32; 605,544 records 267 s in 4 (load average 2) and 187 s in 32 (load average 15, the
 * machine shared; 2026-12-07). DynamoDB's own Scan does not slow so; a parallel scan is how one reads a
 * table quickly there too, so more segments only make the baseline faster. 32 stays under the SDK's 50
 * sockets a client.
 */
export const SCAN_SEGMENTS = 32;

/** What one scale repeats, by its size. */
export interface ScaleBudget {
  naiveRuns: number;
  /** The four province-wide naive queries time one whole-table scan between them instead of one each. */
  shareNaiveReads: boolean;
  /** Concurrent BatchWriteItem requests of each ceiling run; each run writes every imported item again. */
  ceilingConcurrencies: number[];
}

/**
 * The naive baseline's runs: --naive-runs below LARGE_SCALE, --naive-runs-large from it on (its time
 * there is minutes per run against milliseconds for the rollups, so one run already decides the factor),
 * and from it on the four province-wide queries share that run's scan (they read the same whole table:
 * at 600,000, 187–267 s a scan on this shared machine, so four would take 12–18 of the 30 minutes).
 * The ceiling: at 16 (the import's concurrency) and 32 requests below LARGE_SCALE; at 32 only from it
 * on, the better of the two at every scale measured so far (bench/results.md).
 */
export function scaleBudget(participants: number, options: Pick<BenchOptions, 'naiveRuns' | 'naiveRunsLarge'>): ScaleBudget {
  const large = participants >= LARGE_SCALE;
  return {
    naiveRuns: large ? options.naiveRunsLarge : options.naiveRuns,
    shareNaiveReads: large,
    ceilingConcurrencies: large ? [32] : [16, 32],
  };
}

export interface BenchOptions {
  scales: number[];
  /** Participants per regency of each national scale (bench/national-run.ts); empty skips it. */
  national: number[];
  /** Concurrent aggregator lanes to replay the smallest national scale with; empty skips it. */
  lanes: number[];
  runs: number;
  warmupRuns: number;
  naiveRuns: number;
  /** Runs of each naive query at scales of LARGE_SCALE participants and more. */
  naiveRunsLarge: number;
  coldStarts: number;
  loadConnections: number;
  loadSeconds: number;
  freshnessProbes: number;
  seed: number;
  out: string;
  workDir: string;
  /** Only re-render <out>.md (and the targets in <out>.json) from an existing results file. */
  renderOnly: boolean;
  /** Every option that changes what is measured at its default: the run `npm run bench` makes, judged against its 30 minutes. */
  defaultRun: boolean;
}

export const USAGE = `npm run bench -- [options]

  --scales ${DEFAULT_SCALES.join(',').padEnd(13)} participants per scale; none skips (demo data, East Java, 2024-01..2025-12, 38 regencies)
  --national ${DEFAULT_NATIONAL.join(',').padEnd(11)} participants per regency of each national scale (all 514 regencies); none skips
  --lanes ${DEFAULT_LANES.join(',').padEnd(14)} concurrent aggregator lanes replaying the smallest national scale; none skips
  --runs 200             timed runs per dashboard query (after --warmup runs)
  --warmup 10            untimed runs per query first
  --naive-runs 3         runs of each naive baseline query, at scales under ${LARGE_SCALE.toLocaleString('en-US')} participants
  --naive-runs-large 1   the same from ${LARGE_SCALE.toLocaleString('en-US')} participants on (each run scans the whole table;
                         the ceiling there is measured at 32 concurrent requests only)
  --cold-starts 10       fresh processes per cold-start series
  --connections 50       load run connections (autocannon)
  --load-seconds 30      load run duration; 0 skips the load run
  --freshness-probes 3   new participants imported to time until the dashboard shows them
  --seed 1               demo data seed
  --out bench/results    writes <out>.md and <out>.json
  --work-dir bench/work  scratch space (demo data, bundles, per-scale results)
  --render-only          measure nothing: rewrite <out>.md from <out>.json
`;

/** Options that say where results go or which data seed to use, not what is measured or how often. */
const WHERE_ONLY = new Set(['out', 'work-dir', 'seed']);

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values, tokens } = parseArgs({
    args: argv,
    options: {
      scales: { type: 'string', default: DEFAULT_SCALES.join(',') },
      national: { type: 'string', default: DEFAULT_NATIONAL.join(',') },
      lanes: { type: 'string', default: DEFAULT_LANES.join(',') },
      runs: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '10' },
      'naive-runs': { type: 'string', default: '3' },
      'naive-runs-large': { type: 'string', default: '1' },
      'cold-starts': { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      'load-seconds': { type: 'string', default: '30' },
      'freshness-probes': { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/results' },
      'work-dir': { type: 'string', default: 'bench/work' },
      'render-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    tokens: true,
  });
  if (values.help) return 'help';
  const count = (name: string, value: string, least: number) => {
    if (!/^\d+$/.test(value) || Number(value) < least) throw new Error(`--${name} must be a whole number ≥ ${least}, got ${value}`);
    return Number(value);
  };
  const list = (name: string, value: string, least: number) =>
    value === 'none' ? [] : value.split(',').map((s) => count(name, s.trim().replaceAll('_', ''), least));
  const scales = list('scales', values.scales, 100);
  const national = [...new Set(list('national', values.national, 1))].sort((a, b) => a - b);
  const lanes = [...new Set(list('lanes', values.lanes, 1))].sort((a, b) => a - b);
  if (new Set(scales).size !== scales.length) throw new Error('--scales has a scale twice');
  return {
    scales: [...scales].sort((a, b) => a - b),
    national,
    lanes,
    runs: count('runs', values.runs, 1),
    warmupRuns: count('warmup', values.warmup, 0),
    naiveRuns: count('naive-runs', values['naive-runs'], 1),
    naiveRunsLarge: count('naive-runs-large', values['naive-runs-large'], 1),
    coldStarts: count('cold-starts', values['cold-starts'], 1),
    loadConnections: count('connections', values.connections, 1),
    loadSeconds: count('load-seconds', values['load-seconds'], 0),
    freshnessProbes: count('freshness-probes', values['freshness-probes'], 1),
    seed: count('seed', values.seed, 0),
    out: values.out,
    workDir: values['work-dir'],
    renderOnly: values['render-only'],
    defaultRun: tokens.every((t) => t.kind !== 'option' || WHERE_ONLY.has(t.name)),
  };
}
