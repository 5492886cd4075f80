/**
 * Turns the measurements into bench/results.md: the targets of issue 8 with what was measured against
 * each (and by how much and why when one is missed), then the tables behind them.
 */
import type { BundleSize, ColdStartResult } from './bundles.js';
import type { DynamoUsage, TableUsage } from './dynamo-meter.js';
import { PROFILE_GROUPS } from './cpu-profile.js';
import { nationalChecks, renderNational } from './national-report.js';
import { DEFAULT_SCALES, LARGE_SCALE } from './options.js';
import type { BenchResults, QueryResult, ScaleResult } from './result-types.js';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
  why?: string;
}

const API_BUNDLE_LIMIT = 1_500_000;
const RUN_LIMIT_MS = 30 * 60_000;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const times = (x: number) => (x >= 100 ? `${int(x)}×` : `${x.toFixed(1)}×`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const min = (msValue: number) => `${(msValue / 60_000).toFixed(1)} min`;

function available(s: ScaleResult): QueryResult[] {
  return s.queries.filter((q) => q.available && q.rollup);
}

function deployedColdStart(results: BenchResults): ColdStartResult | undefined {
  const all = results.scales.flatMap((s) => s.coldStart ?? []);
  return all.find((c) => c.nodeFlags.includes('--enable-source-maps')) ?? all[0];
}

/**
 * A scale that was not run, extrapolated from the largest one: participant records grow with the
 * participants, the other records (payments per regency and month, budgets, targets) hardly do. The
 * phases that handle every record (import, ceiling, aggregation, naive scans) grow with the records;
 * the others (queries, cold start, load run, freshness) do not.
 */
function scaleEstimate(results: BenchResults, participants: number): { records: number; ms: number; scaleMs: number } | undefined {
  const largest = results.scales.at(-1);
  if (!largest || largest.aggregation.recordsPerSecond <= 0) return undefined;
  const participantItems = largest.import.files.find((f) => f.kind === 'participants')?.written ?? 0;
  const others = largest.import.written - participantItems;
  const records = (participantItems / largest.participants) * participants + others;
  const growth = records / largest.import.written;
  const linearMs =
    largest.import.ms +
    largest.aggregation.ms +
    largest.ceiling.runs.reduce((t, r) => t + r.ms, 0) +
    naiveMs(largest);
  return {
    records,
    ms: (records / largest.aggregation.recordsPerSecond) * 1000,
    scaleMs: largest.ms - linearMs + linearMs * growth,
  };
}

/** What `--scales 60000,600000` would take on this machine, from this run. */
function issueScalesEstimateMs(results: BenchResults): number | undefined {
  const at60k = results.scales.find((x) => x.participants === 60_000)?.ms ?? scaleEstimate(results, 60_000)?.scaleMs;
  const at600k = scaleEstimate(results, 600_000)?.scaleMs;
  return at60k !== undefined && at600k !== undefined ? at60k + at600k : undefined;
}

export function checkTargets(results: BenchResults): TargetCheck[] {
  return [...provincialChecks(results), ...nationalChecks(results.national ?? [])];
}

function provincialChecks(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const small = results.scales[0];
  const large = results.scales.at(-1);
  if (!small || !large) return checks;
  const scaleNote = `${int(large.participants)} ÷ ${int(small.participants)} participants`;
  const sameAsDefaults = small.participants === DEFAULT_SCALES[0] && large.participants === DEFAULT_SCALES.at(-1);

  // Flat reads.
  if (results.scales.length > 1) {
    const ratios = available(large).flatMap((q) => {
      const before = small.queries.find((x) => x.id === q.id)?.rollup?.usage.itemsRead;
      return before ? [{ id: q.id, ratio: q.rollup!.usage.itemsRead / before }] : [];
    });
    const worst = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a), { id: '', ratio: 0 });
    checks.push({
      target: `Items read per dashboard query, ${int(DEFAULT_SCALES.at(-1)!)} ÷ ${int(DEFAULT_SCALES[0]!)} participants ≤ 1.1 (flat)`,
      measured: `${scaleNote}${sameAsDefaults ? '' : ' (not the default scales)'}: ${ratios.map((r) => `${r.id} ${r.ratio.toFixed(2)}`).join(', ')}`,
      met: worst.ratio <= 1.1,
      ...(worst.ratio > 1.1 ? { why: `${worst.id} reads ${worst.ratio.toFixed(2)}× the items at the larger scale.` } : {}),
    });
  }

  // Aggregator: judged at the issue's 60,000 when it ran, else at the smallest scale.
  const aggScale = results.scales.find((x) => x.participants === DEFAULT_SCALES[0]) ?? small;
  const rates = results.scales.map((x) => `${int(x.participants)}: ${int(x.aggregation.recordsPerSecond)}/s`).join('; ');
  checks.push({
    target: `Aggregator ≥ 2,000 stream records/s on DynamoDB Local (at ${int(aggScale.participants)})`,
    measured: rates,
    met: aggScale.aggregation.recordsPerSecond >= 2_000,
    ...(aggScale.aggregation.recordsPerSecond < 2_000
      ? { why: `${int(aggScale.aggregation.recordsPerSecond)} records/s, ${pct(1 - aggScale.aggregation.recordsPerSecond / 2_000)} short. ${aggregatorWhy(aggScale, results.machine.cores)}` }
      : {}),
  });
  const unitsPerRecord = (x: ScaleResult) => x.aggregation.usage.writeUnits / Math.max(1, x.aggregation.streamRecords);
  const costly = results.scales.filter((x) => unitsPerRecord(x) > 1.5);
  checks.push({
    target: 'Aggregator ≤ 1.5 write units per stream record',
    measured: results.scales.map((x) => `${int(x.participants)}: ${unitsPerRecord(x).toFixed(2)}`).join('; '),
    met: costly.length === 0,
    ...(costly.length > 0
      ? { why: costly.map((x) => `${int(x.participants)}: ${unitsPerRecord(x).toFixed(2)} (${Object.entries(x.aggregation.usage.byCommand).map(([k, v]) => `${k} ${int(v)}`).join(', ')})`).join('; ') }
      : {}),
  });

  // Round trips.
  const trips = available(large).map((q) => {
    const u = q.rollup!.usage;
    return { id: q.id, trips: u.roundTrips ?? 0, data: u.roundTripsWithoutOverhead ?? 0, requests: u.requests, audit: auditUsage(u).requests };
  });
  const tooMany = trips.filter((t) => t.trips > 3);
  const moreRequests = trips.filter((t) => t.requests > 3);
  const whyTrips: string[] = [];
  if (tooMany.length > 0) {
    const auditTrips = Math.max(...tooMany.map((t) => t.trips - t.data));
    whyTrips.push(
      `${tooMany.map((t) => `${t.id} takes ${t.trips}`).join(', ')} (over by ${Math.max(...tooMany.map((t) => t.trips)) - 3}). ` +
        `The statistics themselves take ${[...new Set(tooMany.map((t) => t.data))].join(' or ')} (the rollup Queries and the read of \`extensions.asOf\`). ` +
        `The other ${auditTrips} are the query audit log, which every request appends to before it answers (docs/security.md): a TransactWriteItems of the entry and the next sequence marker, after a Query for the chain's head when the process does not know it.`,
    );
  }
  if (moreRequests.length > 0) {
    whyTrips.push(`Counted as requests rather than round trips: ${moreRequests.map((t) => `${t.id} ${t.requests} (${t.audit} of them the audit log)`).join(', ')}.`);
  }
  checks.push({
    target: 'Each dashboard query in at most 3 DynamoDB round trips',
    measured: trips.map((t) => `${t.id} ${t.trips} (${t.data} without the audit log; ${t.requests} requests)`).join(', '),
    met: tooMany.length === 0,
    ...(whyTrips.length > 0 ? { why: whyTrips.join(' ') } : {}),
  });

  // Rollups against the naive baseline.
  const versus = available(large)
    .filter((q) => q.naive)
    .map((q) => ({
      id: q.id,
      items: q.naive!.usage.itemsRead / Math.max(1, q.rollup!.usage.itemsRead),
      speed: q.naive!.medianMs / q.rollup!.latency.p50,
    }));
  if (versus.length > 0) {
    const fewestItems = versus.reduce((a, b) => (b.items < a.items ? b : a));
    const slowest = versus.reduce((a, b) => (b.speed < a.speed ? b : a));
    checks.push({
      target: `Rollups read ≥ 100× fewer items than the naive baseline (at ${int(large.participants)})`,
      measured: versus.map((v) => `${v.id} ${times(v.items)}`).join(', '),
      met: fewestItems.items >= 100,
      ...(fewestItems.items < 100
        ? {
            why:
              `${fewestItems.id}: ${times(fewestItems.items)}, short by ${times(100 / fewestItems.items)}. The rollup side reads a fixed number of items; the naive side reads what the data holds, so the factor grows with the data` +
              (small !== large ? ` (${times(naiveFactorAt(small, fewestItems.id))} at ${int(small.participants)}).` : '.'),
          }
        : {}),
    });
    checks.push({
      target: `Rollups ≥ 20× faster than the naive baseline (at ${int(large.participants)})`,
      measured:
        versus.map((v) => `${v.id} ${times(v.speed)}`).join(', ') +
        ` (naive median of ${naiveRunsOf(large)} ÷ rollup p50 through HTTP)`,
      met: slowest.speed >= 20,
      ...(slowest.speed < 20 ? { why: `${slowest.id}: ${times(slowest.speed)}; the factor grows with the data, since the naive time does and the rollup time does not.` } : {}),
    });
  }

  // Import against the ceiling: judged on the largest import, where fixed costs no longer dominate.
  const below = results.scales.filter((s) => s.ceiling.importToCeiling < 0.7);
  checks.push({
    target: `Import ≥ 70% of the raw BatchWriteItem ceiling (at ${int(large.participants)})`,
    measured: results.scales.map((s) => `${int(s.participants)}: ${pct(s.ceiling.importToCeiling)} (${int(s.import.itemsPerSecond)} of ${int(s.ceiling.bestItemsPerSecond)} items/s)`).join('; '),
    met: large.ceiling.importToCeiling >= 0.7,
    ...(below.length > 0 ? { why: below.map(importWhy).join(' ') } : {}),
  });

  // p99, read against the floor: the same path's trivial query, timed in the same phase.
  const p99s = available(large).map((q) => ({ id: q.id, p99: q.rollup!.latency.p99 }));
  const slow = p99s.filter((p) => p.p99 >= 50);
  // Timings move with the machine's other work: a p99 within 20% of the limit is reported as narrow.
  const narrow = p99s.filter((p) => p.p99 < 50 && p.p99 >= 40);
  const floor = large.floor?.rollup;
  const floorNote = floor ? `; floor (\`viewer\`, reads no data) ${ms(floor.latency.p99)} ms` : '';
  checks.push({
    target: `p99 of every dashboard query < 50 ms on the local path (at ${int(large.participants)})`,
    measured: p99s.map((p) => `${p.id} ${ms(p.p99)} ms`).join(', ') + floorNote,
    met: slow.length === 0,
    ...(slow.length > 0
      ? { why: `${slow.map((p) => `${p.id} by ${ms(p.p99 - 50)} ms`).join(', ')}. ${latencyWhy(large, slow.map((p) => p.id))}` }
      : narrow.length > 0
        ? { why: `Met narrowly: ${narrow.map((p) => `${p.id} by ${ms(50 - p.p99)} ms`).join(', ')}, a margin the machine's other work can take away. ${latencyWhy(large, narrow.map((p) => p.id))}` }
        : {}),
  });

  // Bundle.
  const apiBundle = results.bundles.find((b) => b.id === 'api');
  if (apiBundle) {
    checks.push({
      target: 'API bundle < 1.5 MB',
      measured: `${mb(apiBundle.bytes)} index.mjs (${mb(apiBundle.gzipBytes)} compressed)`,
      met: apiBundle.bytes < API_BUNDLE_LIMIT,
      ...(apiBundle.bytes >= API_BUNDLE_LIMIT ? { why: `Over by ${mb(apiBundle.bytes - API_BUNDLE_LIMIT)}; the AWS SDK is bundled on purpose (cdk/bundling.ts).` } : {}),
    });
  }

  // Cold start.
  const cold = deployedColdStart(results);
  if (cold) {
    checks.push({
      target: 'Cold init < 2.5× bare Node start',
      measured: `${ms(cold.coldMs)} ms vs ${ms(cold.bareNodeMs)} ms = ${cold.ratio.toFixed(2)}× (median of ${cold.runs}; node ${cold.nodeFlags.join(' ') || 'without flags'}, as deployed)`,
      met: cold.ratio < 2.5,
      ...(cold.ratio >= 2.5
        ? {
            why:
              `${cold.ratio.toFixed(1)}× instead of 2.5×: ${ms(cold.coldMs - 2.5 * cold.bareNodeMs)} ms over a budget of ${ms(2.5 * cold.bareNodeMs)} ms. ` +
              `Bare Node starts in ${ms(cold.bareNodeMs)} ms here, so 2.5× leaves ${ms(1.5 * cold.bareNodeMs)} ms for loading the function and answering; ` +
              `importing the bundle alone takes ${ms(cold.medianImportMs)} ms (compiling ${mb(apiBundle?.bytes ?? 0)} of JavaScript, building the Apollo server and its schema, ` +
              `reading the reference data), and the first query ${ms(cold.medianInvokeMs)} ms (first connections to DynamoDB, code run for the first time, ` +
              'the audit log append).',
          }
        : {}),
    });
  }

  // Run time: judged only on the run `npm run bench` makes with no options.
  const defaultRun = results.options.defaultRun ?? results.options.scales.join(',') === DEFAULT_SCALES.join(',');
  const estimate = scaleEstimate(results, 600_000);
  const over = results.totalMs >= RUN_LIMIT_MS;
  checks.push({
    target: '`npm run bench` (no options) from a clean clone in < 30 min on 2 cores',
    measured: `${min(results.totalMs)} ${defaultRun ? 'with the default options' : `with --scales ${results.options.scales.join(',')} (not the default run)`} on ${results.machine.cores} cores`,
    met: defaultRun ? !over : null,
    why:
      (defaultRun ? (over ? `Over by ${min(results.totalMs - RUN_LIMIT_MS)}. ` : '') : 'Not the default run, so not judged. ') +
      `Where the time went: ${phaseTimes(results)}.` +
      (estimate && !results.options.scales.includes(600_000)
        ? ` Extrapolated from this run, 600,000 participants (~${int(estimate.records)} stream records) would take about ${min(estimate.scaleMs)}, ` +
          `${min(estimate.ms)} of it aggregation at ${int(large.aggregation.recordsPerSecond)} records/s.`
        : ''),
  });
  return checks;
}

/** Where the aggregation's wall time went, from its profile (bench/cpu-profile.ts). */
export function aggregatorWhy(x: ScaleResult, cores: number): string {
  const p = x.aggregation.profile;
  if (!p) return 'No profile was taken in this run.';
  const s = (v: number) => `${(v / 1000).toFixed(1)} s`;
  const idle = p.mainThreadMs['idle (waiting for I/O)'];
  const busy = Object.entries(p.mainThreadMs)
    .filter(([g, v]) => g !== 'idle (waiting for I/O)' && v >= p.wallMs * 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([g, v]) => `${g} ${s(v)}`)
    .join(', ');
  const inCores = (cpu: number) => (cpu / p.wallMs).toFixed(2);
  const jvm = p.otherProcessCpuMs;
  const total = p.processCpuMs + (jvm ?? 0);
  const records = Math.max(1, x.aggregation.streamRecords);
  const busyMs = p.wallMs - idle;
  const perRecord = (v: number) => `${(v / records).toFixed(2)} ms`;
  // A side "fills" its core from 85 % of the wall time on: below that, neither alone sets the pace.
  const limit =
    busyMs >= 0.85 * p.wallMs
      ? `The main thread is the limit: busy ${pct(busyMs / p.wallMs)} of the time, ${perRecord(busyMs)} per record, where 2,000 records/s leaves 0.50 ms per record for everything. `
      : jvm !== undefined && jvm >= 0.85 * p.wallMs
        ? `DynamoDB Local is the limit: its JVM uses ${inCores(jvm)} cores while the main thread waits ${pct(idle / p.wallMs)} of the time. `
        : `Neither side fills a core: the main thread is busy ${pct(busyMs / p.wallMs)} of the time (${perRecord(busyMs)} per record, where 2,000 records/s leaves 0.50 ms per record for everything) ` +
          `and waits the rest (${perRecord(idle)} per record) for DynamoDB Local, so both the Node work and the wait per record would have to shrink. `;
  return (
    `Profile of the ${s(p.wallMs)} (${int(p.samples)} samples of the main thread): the Node process's main thread was busy ${s(busyMs)} ` +
    `(${busy}) and waited ${s(idle)} for DynamoDB Local. ` +
    limit +
    `CPU used: the Node process ${s(p.processCpuMs)} (${inCores(p.processCpuMs)} cores)` +
    (jvm !== undefined ? `, DynamoDB Local's JVM ${s(jvm)} (${inCores(jvm)} cores); together ${inCores(total)} of the machine's ${cores} cores, ` +
      'which the aggregator, its poller and DynamoDB Local share.' : '.') +
    ' *AWS SDK* is building, signing and parsing the UpdateItem requests (and unmarshalling the stream images), *Node internals* mostly its HTTP client, ' +
    '*other native* V8 itself (compiling, runtime calls); one batch per shard is in flight at a time (stream-settings.ts), its steps in sequence ' +
    '(look up claims, write the intent, claim, fold the records into deltas, update the rollup items 16 at a time, mark done).'
  );
}

/** The audit log's share of a query's usage (the meter counts the audit table as overhead). */
function auditUsage(u: DynamoUsage): TableUsage {
  return u.overhead;
}

/** The wall time of each part of the run, each scale with its phases that grow with the data. */
function phaseTimes(results: BenchResults): string {
  const bundles = results.bundles.reduce((t, b) => t + (b.buildMs ?? 0), 0);
  const parts = [
    `bundles ${(bundles / 1000).toFixed(0)} s`,
    ...results.scales.map(
      (s) => `${int(s.participants)} participants ${min(s.ms)} (aggregation ${min(s.aggregation.ms)}, import ${min(s.import.ms)}, ceiling ${min(s.ceiling.runs.reduce((t, r) => t + r.ms, 0))}, naive ${min(naiveMs(s))})`,
    ),
    ...(results.national ?? []).map((n) => `national ${n.perRegency}/regency ${min(n.ms)} (aggregation ${min(n.aggregation.ms)}${n.lanes.length ? `, lanes ${min(n.lanes.reduce((t, l) => t + l.ms, 0))}` : ''})`),
  ];
  return parts.join('; ');
}

/** The naive baseline's reading time at a scale, every run of every query. */
function naiveMs(s: ScaleResult): number {
  return s.queries.reduce((t, q) => t + (q.naive && !q.naive.sharedRead ? q.naive.msRuns.reduce((a, b) => a + b, 0) : 0), 0);
}

/** How many runs the naive medians of a scale are over (the same for every query of a scale). */
function naiveRunsOf(s: ScaleResult): string {
  const runs = [...new Set(s.queries.flatMap((q) => (q.naive ? [q.naive.runs] : [])))];
  return `${runs.join(' or ')} run${runs.length === 1 && runs[0] === 1 ? '' : 's'}`;
}

function naiveFactorAt(s: ScaleResult, id: string): number {
  const q = s.queries.find((x) => x.id === id);
  return q?.naive && q.rollup ? q.naive.usage.itemsRead / Math.max(1, q.rollup.usage.itemsRead) : 0;
}

function importWhy(s: ScaleResult): string {
  const u = s.import.usage;
  const beforeWrites = s.import.ms - u.writeSpanMs;
  const whileWriting = s.import.written / (Math.max(1, u.writeSpanMs) / 1000);
  const loadAt = (phase: string) => s.loadAverage.find((l) => l.phase === phase)?.oneMinute ?? '?';
  return (
    `At ${int(s.participants)} the import reaches ${pct(s.ceiling.importToCeiling)}, ${((0.7 - s.ceiling.importToCeiling) * 100).toFixed(0)} points short. ` +
    `Its writes, from the first BatchWriteItem to the last, span ${(u.writeSpanMs / 1000).toFixed(1)} of its ${(s.import.ms / 1000).toFixed(1)} s at ${int(whileWriting)} items/s ` +
    `(${pct(whileWriting / s.ceiling.bestItemsPerSecond)} of the ceiling). The other ${(beforeWrites / 1000).toFixed(1)} s come before writing: the import reads, parses and validates ` +
    `a whole file, hashes its NIKs and looks up what is already stored (${int(u.byCommand.BatchGetItem ?? 0)} BatchGetItem requests, sent while the file is validated) before it writes any of it, ` +
    `so that nothing is written when a row is bad. Load average ${loadAt('import')} during the import, ${loadAt('ceiling')} during the ceiling runs.`
  );
}

function latencyWhy(s: ScaleResult, ids: string[]): string {
  const parts = ids.map((id) => {
    const r = s.queries.find((x) => x.id === id)!.rollup!;
    const u = r.usage;
    return (
      `${id}: p50 ${ms(r.latency.p50)} ms, of which ${ms(r.dynamoWaitMs)} ms in DynamoDB calls (SDK time included; ${ms(r.auditWaitMs)} of it the audit log) ` +
      `in ${u.roundTrips} round trips reading ${int(u.itemsRead)} items (${u.readUnits} RCU), and ${ms(r.latency.p50 - r.dynamoWaitMs)} ms in the Node process ` +
      `(HTTP, authorizer, GraphQL, decoding the rollup cells, hashing the audit entry); p99 is ${(r.latency.p99 / r.latency.p50).toFixed(1)}× p50`
    );
  });
  const loads = s.loadAverage.find((l) => l.phase === 'queries')?.oneMinute;
  const floor = s.floor?.rollup;
  const worst = Math.max(...ids.map((id) => s.queries.find((x) => x.id === id)!.rollup!.latency.p99));
  return (
    `${parts.join('; ')}. The server, DynamoDB Local's JVM and the stream poller share the 2 cores` +
    `${loads !== undefined ? ` (load average ${loads} during the runs)` : ''}.` +
    (floor
      ? ` The floor of this path in the same run: \`viewer\`, which reads no data and so takes only what every request takes ` +
        `(HTTP, authorizer, GraphQL, the \`asOf\` read and the audit append: ${floor.usage.requests} requests, ${ms(floor.dynamoWaitMs)} ms waiting on DynamoDB), ` +
        `has p50 ${ms(floor.latency.p50)} ms and p99 ${ms(floor.latency.p99)} ms over ${floor.latency.runs} runs: ` +
        (floor.latency.p99 >= 50
          ? 'the machine alone is over the limit here, before any query reads a rollup.'
          : `${pct(floor.latency.p99 / worst)} of the worst p99 above is the path and the machine, the rest the query's own reads and work.`)
      : '')
  );
}

export function renderMarkdown(results: BenchResults, checks: TargetCheck[]): string {
  const m = results.machine;
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  const table = (head: string[], rows: string[][]) => push(...markdownTable(head, rows));

  push(
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${m.date.slice(0, 10)} at commit \`${m.gitCommit}\`${m.gitDirty ? ' (with uncommitted changes)' : ''}, ` +
      `scales ${results.options.scales.map(int).join(' and ')} participants; the whole run took ${min(results.totalMs)}. ` +
      'Every figure below comes from that run; `bench/results.json` holds them all, per run where there were several.',
    '',
  );
  const estimate = scaleEstimate(results, 600_000);
  const issuePairMs = issueScalesEstimateMs(results);
  if (estimate && issuePairMs !== undefined && !results.options.scales.includes(600_000)) {
    push(
      `The issue names 60,000 and 600,000 participants (the default scales). Extrapolated from this run, 600,000 would need about ${min(estimate.ms)} for the aggregator alone ` +
        `(${int(estimate.records)} stream records at the ${int(results.scales.at(-1)!.aggregation.recordsPerSecond)}/s measured at ${int(results.scales.at(-1)!.participants)}) ` +
        `and about ${min(estimate.scaleMs)} for the whole scale (import, ceiling and naive scans grow with the data too), so the two would take about ${min(issuePairMs)} here.`,
      '',
    );
  }
  table(
    ['machine', ''],
    [
      ['CPU', `${m.cpuModel}, ${m.cores} cores`],
      ['memory', `${m.memoryGiB} GiB`],
      ['OS', m.os],
      ['load average at start (1, 5, 15 min)', `${m.loadAverageAtStart.join(', ')}`],
      ['Node.js', m.node],
      ['Java', m.java],
      ['DynamoDB Local', m.dynamodbLocal],
      ['packages', Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ')],
    ],
  );

  push('## Targets', '');
  table(
    ['target', 'measured', 'met'],
    checks.map((c) => [c.target, c.measured, c.met === null ? 'not judged' : c.met ? 'yes' : '**no**']),
  );
  const notes = checks.filter((c) => c.why);
  if (notes.length > 0) {
    push('Where a target is missed (or met only in part), by how much and why:', '');
    for (const c of notes) push(`- **${c.target}**: ${c.why}`);
    push('');
  }

  push('## Dashboard queries', '');
  push(
    'Each query answered through the local HTTP server, its JWT authorizer and the API Lambda handler (the `npm start` path), as the ministry ' +
      `(MINISTRY role) or a national auditor (AUDITOR), ${results.options.runs} timed runs after warm-up, one at a time. DynamoDB usage is counted by SDK ` +
      "middleware on the handler's client, with ReturnConsumedCapacity=TOTAL. *Round trips* counts requests that wait for one another " +
      '(parallel requests count once). Every request also reads `extensions.asOf` (one BatchGetItem) and appends to the query audit log ' +
      '(a TransactWriteItems of two items, after a Query for the chain head only when the process does not know it: its first append to a chain, ' +
      'or another instance appended since); the *audit* columns show that share, which does not depend on the data.',
    '',
  );
  for (const q of results.scales[0]?.queries ?? []) push(`- \`${q.id}\`: ${q.title}${q.available ? '' : ` — **${q.reason}**`}`);
  const floorOf = results.scales.find((s) => s.floor)?.floor;
  if (floorOf) push(`- \`${floorOf.id}\` (last row, not a dashboard query): ${floorOf.title}; timed first, with the same warm-up and runs, as the floor of this path and machine`);
  push('');
  for (const s of results.scales) {
    push(`### ${int(s.participants)} participants`, '');
    table(
      ['query', 'requests (audit)', 'round trips (without audit)', 'items read (audit)', 'RCU', 'WCU (audit)', 'p50 ms', 'p95 ms', 'p99 ms', 'DynamoDB wait ms (audit)', 'errors', 'rollups'],
      [...s.queries, ...(s.floor ? [{ ...s.floor, id: `${s.floor.id} (floor)`, available: true }] : [])].map((q) => {
        if (!q.rollup) return [q.id, ('reason' in q ? q.reason : undefined) ?? 'not measured', '', '', '', '', '', '', '', '', '', ''];
        const u = q.rollup.usage;
        const audit = auditUsage(u);
        return [
          q.id,
          `${u.requests} (${audit.requests})`,
          `${u.roundTrips ?? '-'} (${u.roundTripsWithoutOverhead ?? '-'})`,
          `${int(u.itemsRead)} (${int(audit.itemsRead)})${q.rollup.usageStable ? '' : ', varied'}`,
          String(u.readUnits),
          `${u.writeUnits} (${audit.writeUnits})`,
          ms(q.rollup.latency.p50),
          ms(q.rollup.latency.p95),
          ms(q.rollup.latency.p99),
          `${ms(q.rollup.dynamoWaitMs)} (${ms(q.rollup.auditWaitMs)})`,
          q.rollup.errors ? `${q.rollup.errors}: ${q.rollup.firstError}` : '0',
          q.rollup.rollupsUsed?.join(', ') ?? '(not reported)',
        ];
      }),
    );
  }

  if (results.scales.length > 1) {
    push('### Cost against size', '');
    const first = results.scales[0]!;
    table(
      ['query', ...results.scales.map((s) => `items read at ${int(s.participants)}`), `${int(results.scales.at(-1)!.participants)} ÷ ${int(first.participants)}`],
      available(first).map((q) => {
        const counts = results.scales.map((s) => s.queries.find((x) => x.id === q.id)?.rollup?.usage.itemsRead);
        const last = counts.at(-1);
        return [q.id, ...counts.map((c) => (c === undefined ? '-' : int(c))), last !== undefined && counts[0] ? (last / counts[0]).toFixed(2) : '-'];
      }),
    );
  }

  push('## Rollups against the naive baseline', '');
  push(
    'The naive baseline answers the same queries from the raw records: a parallel scan of the records table ' +
      `(${results.options.scanSegments ?? 4} segments: DynamoDB Local's Scan slows with the square of a segment's size, bench/options.ts), ` +
      'except the regency breakdown, which queries the participants-by-regency index for that regency ' +
      '(cheaper than a scan). Its time is the reading only, in the benchmark process without HTTP or GraphQL, which favours it; ' +
      'the figures are then computed, untimed, by the test reference (test/support/reference/, the independent statement of the ' +
      'measure rules the tests hold the API to) and compared with the GraphQL answers figure by figure. ' +
      `Each query runs ${results.options.naiveRuns} time(s); from ${int(LARGE_SCALE)} participants on ${results.options.naiveRunsLarge ?? results.options.naiveRuns} time(s), ` +
      'and the province-wide queries share one scan (they read the same whole table; each is still answered from it and compared): ' +
      'there one scan takes minutes against milliseconds for the rollups.',
    '',
  );
  for (const s of results.scales) {
    push(`### ${int(s.participants)} participants`, '');
    table(
      ['query', 'rollup items', 'naive items', 'fewer items', 'rollup p50 ms', 'naive median ms', 'faster', 'naive requests', 'same figures'],
      s.queries
        .filter((q) => q.rollup && q.naive)
        .map((q) => [
          q.id,
          int(q.rollup!.usage.itemsRead),
          int(q.naive!.usage.itemsRead),
          times(q.naive!.usage.itemsRead / Math.max(1, q.rollup!.usage.itemsRead)),
          ms(q.rollup!.latency.p50),
          `${ms(q.naive!.medianMs)} (${q.naive!.runs} run${q.naive!.runs === 1 ? '' : 's'}${q.naive!.sharedRead ? ', the scan above' : ''})`,
          times(q.naive!.medianMs / q.rollup!.latency.p50),
          int(q.naive!.usage.requests),
          q.naive!.sameAnswer === null ? 'not compared' : q.naive!.sameAnswer ? 'yes' : `**no**: ${q.naive!.difference}`,
        ]),
    );
  }

  push('## Import', '');
  push(
    'The five demo CSV files imported through `importFile` (the CLI and S3 path: parse, validate, read what is stored, write what changed) into ' +
      'an empty DynamoDB Local, with the aggregator not yet running. Right after it, the ceiling writes the same items, in the same order, ' +
      'with the same `batchWrite` helper into a fresh DynamoDB Local with the same table definition (index and stream), at 16 (the import\'s ' +
      `concurrency) and 32 concurrent requests (32 only from ${int(LARGE_SCALE)} participants, the better one at every scale measured, since each run writes every item again); the better of the two is the ceiling. Both are timings on a shared machine: the load average ` +
      'during each is given, since work by other processes moves them.',
    '',
  );
  const loadAt = (s: ScaleResult, phase: string) => s.loadAverage.find((l) => l.phase === phase)?.oneMinute ?? '-';
  table(
    ['participants', 'rows', 'items', 'seconds', 'rows/s', 'items/s', 'ceiling items/s', 'import ÷ ceiling', 'load average (import, ceiling)', 'write units', 'BatchGetItem'],
    results.scales.map((s) => [
      int(s.participants),
      int(s.import.rows),
      int(s.import.written),
      (s.import.ms / 1000).toFixed(1),
      int(s.import.rowsPerSecond),
      int(s.import.itemsPerSecond),
      s.ceiling.runs.map((r) => `${int(r.itemsPerSecond)} (×${r.concurrency})`).join(', '),
      pct(s.ceiling.importToCeiling),
      `${loadAt(s, 'import')}, ${loadAt(s, 'ceiling')}`,
      int(s.import.usage.writeUnits),
      int(s.import.usage.byCommand.BatchGetItem ?? 0),
    ]),
  );

  push('## Aggregator', '');
  const settings = results.scales[0]?.aggregation;
  push(
    `The local stream poller (Lambda's event source mapping: batches of up to ${int(settings?.batchSize ?? 0)} records, ${((settings?.batchingWindowMs ?? 0) / 1000).toFixed(0)} s batching window) ` +
      'feeds the aggregator handler once the import is done, so that each is measured alone. The aggregator then starts on the whole ' +
      "backlog, so the lag from the import's last write to consistent figures is the time it takes to drain it (*seconds*); the freshness " +
      'section below gives the lag of a single change. *Write units* are what DynamoDB would bill: an UpdateItem costs one unit per KB of the ' +
      'whole item, and the largest rollup items hold thousands of cells.',
    '',
  );
  table(
    ['participants', 'stream records', 'invocations', 'seconds (lag)', 'records/s', 'requests', 'write units', 'write units per record', 'rollup items', 'largest item KB'],
    results.scales.map((s) => {
      const a = s.aggregation;
      return [
        int(s.participants),
        int(a.streamRecords),
        int(a.invocations),
        (a.lagFromLastWriteMs / 1000).toFixed(1),
        a.recordsPerSecond.toFixed(1),
        int(a.usage.requests),
        int(a.usage.writeUnits),
        (a.usage.writeUnits / Math.max(1, a.streamRecords)).toFixed(1),
        int(a.rollupItems.count),
        a.rollupItems.maxKB.toFixed(0),
      ];
    }),
  );
  const profiled = results.scales.filter((x) => x.aggregation.profile);
  if (profiled.length > 0) {
    const sec = (v: number) => (v / 1000).toFixed(1);
    push(
      "Where the aggregation's time went: V8's sampling profiler on the main thread of the process that runs the poller and the aggregator " +
        '(bench/cpu-profile.ts, a sample every 2 ms, grouped by the code each sample fell in), with the CPU time of that process and of ' +
        "DynamoDB Local's JVM over the same span. Seconds of wall time; *idle* is the main thread waiting for DynamoDB Local's answers.",
      '',
    );
    table(
      ['participants', 'wall s', ...PROFILE_GROUPS, 'Node CPU s', 'JVM CPU s', 'cores used'],
      profiled.map((x) => {
        const p = x.aggregation.profile!;
        const total = p.processCpuMs + (p.otherProcessCpuMs ?? 0);
        return [
          int(x.participants),
          sec(p.wallMs),
          ...PROFILE_GROUPS.map((g) => sec(p.mainThreadMs[g])),
          sec(p.processCpuMs),
          p.otherProcessCpuMs === undefined ? '?' : sec(p.otherProcessCpuMs),
          `${(total / p.wallMs).toFixed(2)} of ${results.machine.cores}`,
        ];
      }),
    );
  }
  const large = results.scales.at(-1);
  if (large) {
    const u: DynamoUsage = large.aggregation.usage;
    push(
      `Requests of the aggregator at ${int(large.participants)}: ${Object.entries(u.byCommand).map(([k, v]) => `${k} ${int(v)}`).join(', ')}.`,
      '',
    );
    const estimate = scaleEstimate(results, 600_000);
    if (estimate && !results.options.scales.includes(600_000)) {
      push(
        `At the rate measured at ${int(large.participants)}, 600,000 participants (~${int(estimate.records)} stream records) would take about ${min(estimate.ms)} to aggregate on this machine.`,
        '',
      );
    }
  }

  push('## Freshness', '');
  const windowS = ((results.scales[0]?.freshness.batchingWindowMs ?? 0) / 1000).toFixed(0);
  push(
    'One new participant imported through the normal path while the platform runs; the time from the end of its write until `stats`, ' +
      'asked through the API every 20 ms, counts them. The stream mapping\'s batching window ' +
      `(${windowS} s, stream-settings.ts) runs from the previous invocation, as in Lambda: a change on a quiet stream goes at the next poll ` +
      `(every 250 ms), one written within ${windowS} s of the previous batch waits for the rest of the window. Each round measures one of each.`,
    '',
  );
  table(
    ['participants', 'quiet stream (ms)', 'median ms', 'right after another change (ms)', 'median ms'],
    results.scales.map((s) => [
      int(s.participants),
      s.freshness.quietMs.map((x) => ms(x)).join(', '),
      ms(s.freshness.quietMedianMs),
      s.freshness.backToBackMs.map((x) => ms(x)).join(', '),
      ms(s.freshness.backToBackMedianMs),
    ]),
  );

  if (results.scales.some((s) => s.load)) {
    push('## Load run', '');
    push(
      `autocannon from a separate process, ${results.options.loadConnections} connections for ${results.options.loadSeconds} s against the local server, each connection cycling through the dashboard queries. ` +
        'The server, the Lambda handler, the stream poller and DynamoDB Local share the machine\'s cores with the load generator.',
      '',
    );
    table(
      ['participants', 'requests/s (mean)', 'requests', 'latency p50 ms', 'p99 ms', 'max ms', 'errors', 'timeouts', 'non-2xx', 'DynamoDB requests', 'audit appends tried', 'appends cancelled'],
      results.scales
        .filter((s) => s.load)
        .map((s) => {
          const l = s.load!;
          const tried = l.usage?.byCommand.TransactWriteItems ?? 0;
          const cancelled = l.usage?.failedByCommand.TransactWriteItems ?? 0;
          return [
            int(s.participants),
            l.requests.average.toFixed(0),
            int(l.total),
            String(l.latency.p50),
            String(l.latency.p99),
            String(l.latency.max),
            String(l.errors),
            String(l.timeouts),
            String(l.non2xx),
            int(l.usage?.requests ?? 0),
            int(tried),
            int(cancelled),
          ];
        }),
    );
    const worst = results.scales.filter((s) => s.load).at(-1)!;
    const l = worst.load!;
    const tried = l.usage?.byCommand.TransactWriteItems ?? 0;
    const cancelled = l.usage?.failedByCommand.TransactWriteItems ?? 0;
    if (cancelled > 0) {
      push(
        `Why the rate is low: every request appends to the audit log before it answers, and appends to one chain are serialised (a conditional ` +
          `TransactWriteItems on the chain's next sequence number). At ${int(worst.participants)}, ${int(cancelled)} of ${int(tried)} attempts were cancelled ` +
          `because another request had taken the number, each retried after a read of the new head and a random pause: ${(tried / Math.max(1, l.total)).toFixed(1)} ` +
          `attempts per answered request. With ${results.options.loadConnections} connections on a few chains, requests keep losing the race for their chain` +
          `${l.timeouts > 0 ? `; ${l.timeouts} requests took longer than autocannon's 10 s timeout` : ''}` +
          `${l.non2xx > 0 ? `, and ${l.non2xx} answers were not 2xx (HTTP ${Object.keys(l.statusCodeStats).filter((c) => !c.startsWith('2')).join(', ')}: the API withholds the answer when its audit entry cannot be written)` : ''}.`,
        '',
      );
    }
  }

  push(...renderNational(results.national ?? []));

  push('## Lambda bundles and cold start', '');
  table(
    ['function', 'entry', 'index.mjs', 'compressed', 'source map'],
    results.bundles.map((b: BundleSize) => [b.id, `\`${b.entry}\``, mb(b.bytes), mb(b.gzipBytes), mb(b.sourceMapBytes)]),
  );
  push(...coldStartSection(results.scales.flatMap((s) => s.coldStart ?? [])));

  push('## How to read these figures', '');
  push(
    '- Items read and capacity units do not depend on how busy the machine is; times do. The load average at each phase is in results.json (`loadAverage`).',
    '- DynamoDB Local is not DynamoDB: it runs every request on one SQLite thread and shares the cores with Node. Latencies and rates here are for comparing paths on one machine, not predictions of AWS latency. Items read, requests and capacity units carry over.',
    '- Rerun with other scales, e.g. the quicker `npm run bench -- --scales 6000,60000` (see `npm run bench -- --help`).',
    '',
  );
  return `${lines.join('\n')}\n`;
}

function markdownTable(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

/** The cold-start paragraph and table (also printed by `npm run bench:cold-start`). */
export function coldStartSection(colds: ColdStartResult[]): string[] {
  if (colds.length === 0) return [];
  return [
    'Cold start: a fresh Node process imports the API bundle (built by `buildBundle`, the bytes CDK deploys) and answers one coverage-ranking event; ' +
      'bare Node: a fresh process that prints one line. Both timed by the parent from spawn to the line on stdout, alternated, medians of ' +
      `${colds[0]!.runs} each. Outside Lambda the X-Ray tracer is off and metrics are disabled.`,
    '',
    ...markdownTable(
      ['node flags', 'bare Node ms', 'cold start ms', 'ratio', 'bundle import ms', 'first query ms', 'failures'],
      colds.map((c) => [c.nodeFlags.join(' ') || '(none)', ms(c.bareNodeMs), ms(c.coldMs), `${c.ratio.toFixed(2)}×`, ms(c.medianImportMs), ms(c.medianInvokeMs), String(c.failures)]),
    ),
  ];
}
