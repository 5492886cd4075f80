/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';

/**
 * Default scales: what a 2-core machine runs within the 30 minutes issue 8 allows. The aggregator,
 * measured on DynamoDB Local, is the long phase (see bench/results.md); 60,000 and 600,000 stay one
 * flag away.
 */
export const DEFAULT_SCALES = [6_000, 60_000];
/**
 * National scales, in participants per regency (all 514): a tenfold step, small enough that the whole
 * country settles in minutes on DynamoDB Local; the lanes replay the smaller one.
 */
export const DEFAULT_NATIONAL = [5, 50];
export const DEFAULT_LANES = [1, 4];

export interface BenchOptions {
  scales: number[];
  /** Participants per regency of each national scale (bench/national-run.ts); empty skips it. */
  national: number[];
  /** Concurrent aggregator lanes to replay the smallest national scale with; empty skips it. */
  lanes: number[];
  runs: number;
  warmupRuns: number;
  naiveRuns: number;
  coldStarts: number;
  loadConnections: number;
  loadSeconds: number;
  freshnessProbes: number;
  seed: number;
  out: string;
  workDir: string;
  /** Only re-render <out>.md (and the targets in <out>.json) from an existing results file. */
  renderOnly: boolean;
}

export const USAGE = `npm run bench -- [options]

  --scales ${DEFAULT_SCALES.join(',').padEnd(14)} participants per scale; none skips (demo data, East Java, 2024-01..2025-12, 38 regencies)
  --national ${DEFAULT_NATIONAL.join(',').padEnd(12)} participants per regency of each national scale (all 514 regencies); none skips
  --lanes ${DEFAULT_LANES.join(',').padEnd(15)} concurrent aggregator lanes replaying the smallest national scale; none skips
  --runs 200             timed runs per dashboard query (after --warmup runs)
  --warmup 10            untimed runs per query first
  --naive-runs 3         runs of each naive baseline query
  --cold-starts 10       fresh processes per cold-start series
  --connections 50       load run connections (autocannon)
  --load-seconds 30      load run duration; 0 skips the load run
  --freshness-probes 3   new participants imported to time until the dashboard shows them
  --seed 1               demo data seed
  --out bench/results    writes <out>.md and <out>.json
  --work-dir bench/work  scratch space (demo data, bundles, per-scale results)
  --render-only          measure nothing: rewrite <out>.md from <out>.json
`;

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      scales: { type: 'string', default: DEFAULT_SCALES.join(',') },
      national: { type: 'string', default: DEFAULT_NATIONAL.join(',') },
      lanes: { type: 'string', default: DEFAULT_LANES.join(',') },
      runs: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '10' },
      'naive-runs': { type: 'string', default: '3' },
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
    coldStarts: count('cold-starts', values['cold-starts'], 1),
    loadConnections: count('connections', values.connections, 1),
    loadSeconds: count('load-seconds', values['load-seconds'], 0),
    freshnessProbes: count('freshness-probes', values['freshness-probes'], 1),
    seed: count('seed', values.seed, 0),
    out: values.out,
    workDir: values['work-dir'],
    renderOnly: values['render-only'],
  };
}
