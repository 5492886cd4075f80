/**
 * `npm run bench`: measures the claims the rollup design makes (a dashboard query costs the same
 * whatever the number of participants, and answers in milliseconds) side by side with the naive way,
 * and writes bench/results.md and bench/results.json. `npm run bench -- --help` lists the options.
 *
 * Each scale runs in its own Node process (bench/scale-run.ts) against its own fresh DynamoDB Local.
 */
import '../lambda/quiet-sdk-node-warning.js';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../cdk/bundling.js';
import { buildBundles, COLD_START_FLAGS } from './bundles.js';
import { fmt, log } from './log.js';
import { machineInfo } from './machine.js';
import { NATIONAL_RUNS, parseOptions, SCAN_SEGMENTS, scaleBudget, USAGE, type BenchOptions } from './options.js';
import { checkTargets, renderMarkdown } from './report.js';
import type { NationalScaleConfig, NationalScaleResult } from './national-types.js';
import type { BenchResults, ScaleConfig, ScaleResult } from './result-types.js';

/** The scale worker's heap: the largest scales keep every imported item in memory for the ceiling run. */
const WORKER_HEAP_MB = 8192;

async function main(options: BenchOptions): Promise<void> {
  const started = performance.now();
  process.env.BENCH_STARTED_AT ??= String(Date.now());
  // As `npm start`: the SDK's notice about Node 20 would be printed by every process the benchmark starts.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const workDir = resolve(PROJECT_ROOT, options.workDir);
  mkdirSync(workDir, { recursive: true });
  const machine = machineInfo();
  log('bench', `${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; load average ${machine.loadAverageAtStart.join(' ')}`);
  log('bench', `scales ${options.scales.map(fmt.int).join(', ') || 'none'} participants, national ${options.national.join(', ') || 'none'} per regency; results to ${options.out}.md and .json`);

  const bundles = await buildBundles(workDir);
  const api = bundles.find((b) => b.id === 'api')!;

  const scales: ScaleResult[] = [];
  for (const [index, participants] of options.scales.entries()) {
    log('bench', `—— scale ${index + 1}/${options.scales.length}: ${fmt.int(participants)} participants ——`);
    const config: ScaleConfig = {
      participants,
      seed: options.seed,
      workDir,
      resultFile: join(workDir, `scale-${participants}.json`),
      runs: options.runs,
      warmupRuns: options.warmupRuns,
      ...scaleBudget(participants, options),
      scanSegments: SCAN_SEGMENTS,
      loadConnections: options.loadConnections,
      loadSeconds: options.loadSeconds,
      freshnessProbes: options.freshnessProbes,
      // Once per run, against the first scale's database: what it loads does not depend on the data.
      ...(index === 0 ? { coldStart: { bundlePath: api.path, runs: options.coldStarts, nodeFlags: COLD_START_FLAGS } } : {}),
    };
    await runWorker('scale-run.ts', 'BENCH_SCALE', config, `scale ${config.participants}`);
    scales.push(JSON.parse(readFileSync(config.resultFile, 'utf8')) as ScaleResult);
  }

  const national: NationalScaleResult[] = [];
  for (const [index, perRegency] of options.national.entries()) {
    log('bench', `—— national ${index + 1}/${options.national.length}: ${perRegency} participants in each regency ——`);
    const config: NationalScaleConfig = {
      perRegency,
      seed: options.seed,
      workDir,
      resultFile: join(workDir, `national-${perRegency}.json`),
      runs: Math.min(options.runs, NATIONAL_RUNS),
      warmupRuns: Math.min(options.warmupRuns, 3),
      lanes: index === 0 ? options.lanes : [],
    };
    await runWorker('national-run.ts', 'BENCH_NATIONAL', config, `national ${perRegency}/regency`);
    national.push(JSON.parse(readFileSync(config.resultFile, 'utf8')) as NationalScaleResult);
  }

  const results: BenchResults = {
    generatedBy: 'npm run bench (bench/run.ts)',
    machine,
    options: {
      scales: options.scales,
      national: options.national,
      runs: options.runs,
      naiveRuns: options.naiveRuns,
      naiveRunsLarge: options.naiveRunsLarge,
      scanSegments: SCAN_SEGMENTS,
      lanes: options.lanes,
      warmupRuns: options.warmupRuns,
      freshnessProbes: options.freshnessProbes,
      defaultRun: options.defaultRun,
      loadConnections: options.loadConnections,
      loadSeconds: options.loadSeconds,
      coldStarts: options.coldStarts,
    },
    bundles: bundles.map((b) => ({ ...b, path: relative(PROJECT_ROOT, b.path) })),
    scales,
    national,
    totalMs: performance.now() - started,
  };
  writeResults(results, options.out);
}

function writeResults(results: BenchResults, outOption: string): void {
  const checks = checkTargets(results);
  const out = resolve(PROJECT_ROOT, outOption);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.json`, `${JSON.stringify({ ...results, targets: checks }, null, 2)}\n`);
  writeFileSync(`${out}.md`, renderMarkdown(results, checks));

  console.log('');
  for (const c of checks) console.log(`${c.met === null ? '  -  ' : c.met ? ' met ' : ' MISS'}  ${c.target}: ${c.measured}`);
  console.log('');
  log('bench', `done in ${(results.totalMs / 60_000).toFixed(1)} min: ${relative(process.cwd(), `${out}.md`)}, ${relative(process.cwd(), `${out}.json`)}`);
}

/** Runs one bench worker (a scale, or a national scale) in its own Node process, its configuration in `envName`. */
function runWorker(file: string, envName: string, config: unknown, what: string): Promise<void> {
  const worker = join(PROJECT_ROOT, 'bench', file);
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${WORKER_HEAP_MB}`, '--import', 'tsx', worker], {
      cwd: PROJECT_ROOT,
      // NODE_ENV as the Lambda bundles have it built in (cdk/bundling.ts, DEFINES): the handler the
      // worker serves then runs graphql-js as deployed, not in its development mode.
      env: { ...process.env, NODE_ENV: 'production', [envName]: JSON.stringify(config) },
      stdio: 'inherit',
    });
    // Ctrl-C reaches the worker too (same process group); it stops its DynamoDB Local itself.
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolveRun() : reject(new Error(`${what} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

let options: BenchOptions | 'help';
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options === 'help') {
  console.log(USAGE);
} else if (options.renderOnly) {
  const file = `${resolve(PROJECT_ROOT, options.out)}.json`;
  const { targets: _previous, ...results } = JSON.parse(readFileSync(file, 'utf8')) as BenchResults & { targets?: unknown };
  writeResults(results, options.out);
} else {
  main(options).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
