/**
 * One scale of the benchmark, in its own Node process (the API handler and the aggregator bind their
 * DynamoDB client once per process, and a fresh process starts each scale with a clean heap):
 * demo data -> fresh DynamoDB Local -> import -> aggregator -> dashboard queries over HTTP -> naive
 * baseline -> load run -> freshness probes -> BatchWriteItem ceiling. Writes its ScaleResult as JSON.
 *
 *   BENCH_SCALE=<ScaleConfig JSON> node --import tsx bench/scale-run.ts
 */
import { aggregatorMapping } from '../lambda/local/aggregator-mapping.js';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { STREAM_SETTINGS } from '../lambda/aggregate/stream-settings.js';
import { loadSecurityConfig } from '../lambda/api/security-config.js';
import { requireNikHashKey } from '../lambda/config.js';
import { writeDemo } from '../lambda/demo/csv-writer.js';
import { formatRowError, IMPORT_KINDS } from '../lambda/domain/validation.js';
import { importFile, type ImportDeps } from '../lambda/ingest/import-file.js';
import { ensureAuditTable } from '../lambda/local/audit-table.js';
import { ensureTables } from '../lambda/local/create-tables.js';
import { startDynamoDbLocal } from '../lambda/local/dynamodb-local.js';
import { startHttpServer } from '../lambda/local/http-server.js';
import { createLocalClients, destroyLocalClients } from '../lambda/local/local-clients.js';
import { startStreamPoller } from '../lambda/local/stream-poller.js';
import type { Runtime } from '../lambda/runtime.js';
import { createDynamoClient } from '../lambda/store/client.js';
import { RecordStore } from '../lambda/store/record-store.js';
import { scanAll } from '../lambda/store/scan.js';
import { BenchAuth } from './auth.js';
import { GcPauses } from './gc-pauses.js';
import { SCAN_SEGMENTS } from './options.js';
import { coldStartEnv, measureColdStarts } from './bundles.js';
import { captureBatchWrites, importedItems, measureCeiling } from './ceiling.js';
import { FIXED_QUERIES, FLOOR_QUERY, PARTICIPANTS_TITLE, participantsQuery, REGENCY, YEAR, type DashboardQuery } from './dashboard-queries.js';
import { DynamoMeter } from './dynamo-meter.js';
import { GraphqlClient, replyProblem } from './graphql-client.js';
import { QueryTimer } from './query-timer.js';
import { runLoad } from './load.js';
import { every, fmt, log } from './log.js';
import { firstDifference, normalizeReply, runNaive, type Item, type NaiveDeps, type SharedReads } from './naive.js';
import type { FloorResult, ImportFileResult, QueryResult, ScaleConfig, ScaleResult } from './result-types.js';
import { approximateItemBytes } from './item-bytes.js';
import { startCpuProfile } from './cpu-profile.js';
import { median } from './stats.js';

const TABLE_PREFIX = 'bench';
const AGGREGATION_TIMEOUT_MS = 6 * 3600_000;

const config = JSON.parse(process.env.BENCH_SCALE ?? 'null') as ScaleConfig | null;
if (!config) throw new Error('BENCH_SCALE (the scale configuration, JSON) is not set: run the benchmark with `npm run bench`');
const scope = `${fmt.int(config.participants)}`;
const loadAverage: ScaleResult['loadAverage'] = [];
const noteLoad = (phase: string) => loadAverage.push({ phase, oneMinute: Math.round(loadavg()[0]! * 100) / 100 });

async function main(cfg: ScaleConfig): Promise<ScaleResult> {
  const started = performance.now();
  noteLoad('start');
  const { dataDir, data } = generateData(cfg);
  const { ddbLocal, runtime, meter, clients } = await startDatabase();
  const stops: Stops = [async () => destroyLocalClients(clients), () => ddbLocal.stop()];
  try {
    const importDeps: ImportDeps = {
      ddb: runtime.ddb,
      recordsTable: runtime.config.recordsTable,
      regions: runtime.reference.regions,
      nikHashKey: requireNikHashKey(runtime.config),
    };
    // Import through the normal import path, with the aggregator not yet running.
    noteLoad('import');
    const capture = captureBatchWrites(runtime.ddb, runtime.config.recordsTable);
    const importResult = await importAll(dataDir, importDeps, meter);
    const ceiling = await ceilingNextToImport(cfg, runtime, importResult, capture.stop());
    const aggregation = await aggregateBacklog(runtime, clients, meter, importResult.written, stops, ddbLocal.pid);
    const { server, auth, client, queries, participants } = await startApi(stops);
    const { results, replies, floor } = await dashboardQueries(cfg, queries, participants, client, meter);
    await naiveBaseline(cfg, runtime, results, replies, stops);
    const coldStart = await coldStartPhase(cfg, auth, ddbLocal.endpoint);
    const load = await loadPhase(cfg, server.url, auth, queries, results, meter);
    const freshness = await freshnessPhase(cfg, client, importDeps);
    return {
      participants: cfg.participants,
      data,
      import: importResult,
      aggregation,
      queries: results,
      floor,
      ...(load ? { load } : {}),
      freshness,
      ceiling,
      ...(coldStart ? { coldStart } : {}),
      loadAverage,
      ms: performance.now() - started,
    };
  } finally {
    await stopAll(stops);
  }
}

/** Cleanups of what a scale started, run last-started first. */
type Stops = Array<() => Promise<void>>;

async function stopAll(stops: Stops): Promise<void> {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  stops.length = 0;
}

/** The demo data set of this scale, written afresh into the work directory. */
function generateData(cfg: ScaleConfig): { dataDir: string; data: ScaleResult['data'] } {
  const dataDir = join(cfg.workDir, `demo-${cfg.participants}`);
  rmSync(dataDir, { recursive: true, force: true });
  const t = performance.now();
  const files = writeDemo(dataDir, { participants: cfg.participants, seed: cfg.seed });
  const data = { generateMs: performance.now() - t, files: files.map(({ file, rows }) => ({ file, rows })) };
  log(scope, `demo data: ${files.map((f) => `${f.file} ${fmt.int(f.rows)}`).join(', ')} (${fmt.s(data.generateMs)} s)`);
  return { dataDir, data };
}

/** A fresh DynamoDB Local, the runtime the handlers share, and the meter on its client. */
async function startDatabase() {
  const ddbLocal = await startDynamoDbLocal({ quiet: true });
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: ddbLocal.endpoint,
    TABLE_NAME: TABLE_PREFIX,
    AWS_REGION: 'ap-southeast-3',
    // As `npm start`: per-batch logs and EMF metrics are for CloudWatch.
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const { getRuntime } = await import('../lambda/runtime.js');
  const runtime: Runtime = await getRuntime();
  const security = loadSecurityConfig();
  // The audit log's requests are counted, and also shown apart: every API request appends an entry.
  const meter = new DynamoMeter(new Set([security.auditTable])).install(runtime.ddb);
  const clients = createLocalClients(ddbLocal.endpoint);
  await ensureTables(clients.ddb, runtime.config);
  await ensureAuditTable(clients.ddb, security.auditTable);
  log(scope, `DynamoDB Local ${ddbLocal.endpoint} (in memory), tables ${runtime.config.recordsTable}, ${runtime.config.statsTable}, ${security.auditTable}`);

  return { ddbLocal, runtime, meter, clients };
}

/** The BatchWriteItem ceiling, with the items the import wrote, right after it. */
async function ceilingNextToImport(
  cfg: ScaleConfig,
  runtime: Runtime,
  importResult: ScaleResult['import'],
  captured: Item[],
): Promise<ScaleResult['ceiling']> {
  // Measured next to the import, so that both see the same machine (other work on it varies).
  noteLoad('ceiling');
  // The items as the import sent them; read back from the table only if the capture missed some.
  const items = captured.length === importResult.written ? captured : await importedItems(runtime.ddb, runtime.config.recordsTable, SCAN_SEGMENTS);
  if (items !== captured) log(scope, `captured ${fmt.int(captured.length)} of ${fmt.int(importResult.written)} written items: reading them back`);
  const ceilingRuns = await measureCeiling(items, cfg.ceilingConcurrencies, scope);
  const best = Math.max(...ceilingRuns.map((r) => r.itemsPerSecond));
  const ceiling = { runs: ceilingRuns, bestItemsPerSecond: best, importToCeiling: importResult.itemsPerSecond / best };
  log(scope, `import ${fmt.rate(importResult.itemsPerSecond)} items/s = ${(ceiling.importToCeiling * 100).toFixed(0)}% of the BatchWriteItem ceiling (${fmt.rate(best)} items/s)`);
  return ceiling;
}

/** The aggregator on the import's whole backlog, fed by the local stream poller as Lambda would feed it. */
async function aggregateBacklog(
  runtime: Runtime,
  clients: ReturnType<typeof createLocalClients>,
  meter: DynamoMeter,
  expected: number,
  stops: Stops,
  dynamoDbLocalPid: number,
): Promise<ScaleResult['aggregation']> {
  noteLoad('aggregation');
  const aggregator = (await import('../lambda/aggregate/handler.js')).handler as (e: DynamoDBStreamEvent) => Promise<unknown>;
  const profiler = await startCpuProfile(dynamoDbLocalPid);
  meter.start();
  const t = performance.now();
  const poller = await startStreamPoller({
    ddb: clients.ddb,
    streams: clients.streams,
    tableName: runtime.config.recordsTable,
    handler: aggregator,
    ...aggregatorMapping(),
    onFailure: (message) => log(scope, `stream on-failure destination: ${JSON.stringify(message).slice(0, 300)}`),
  });
  stops.push(() => poller.stop());
  const stopProgress = every(15_000, () => {
    const s = poller.stats();
    const rate = s.recordsProcessed / (Math.max(1, performance.now() - t) / 1000);
    const eta = rate > 0 ? (expected - s.recordsProcessed) / rate : Number.NaN;
    log(scope, `aggregating: ${fmt.int(s.recordsProcessed)}/${fmt.int(expected)} stream records, ${fmt.rate(rate)}/s, ~${Number.isFinite(eta) ? Math.ceil(eta / 60) : '?'} min left`);
  });
  try {
    await poller.waitForIdle(AGGREGATION_TIMEOUT_MS);
  } finally {
    stopProgress();
  }
  const idleAt = performance.now();
  const profile = await profiler.stop();
  const aggUsage = meter.stop();
  const ps = poller.stats();
  const aggMs = idleAt - t;
  const aggregation: ScaleResult['aggregation'] = {
    streamRecords: ps.recordsProcessed,
    invocations: ps.invocations,
    failedInvocations: ps.failedInvocations,
    ms: aggMs,
    recordsPerSecond: ps.recordsProcessed / (aggMs / 1000),
    // The aggregator starts on the import's whole backlog, as if it had been idle until the last write.
    lagFromLastWriteMs: aggMs,
    batchSize: STREAM_SETTINGS.batchSize,
    batchingWindowMs: STREAM_SETTINGS.maximumBatchingWindowSeconds * 1000,
    usage: aggUsage,
    rollupItems: await rollupItemStats(runtime),
    profile,
  };
  log(
    scope,
    `aggregated ${fmt.int(ps.recordsProcessed)} stream records in ${fmt.s(aggMs)} s = ${fmt.rate(aggregation.recordsPerSecond)}/s ` +
      `(${fmt.int(aggUsage.requests)} requests, ${fmt.int(aggUsage.writeUnits)} write units = ${(aggUsage.writeUnits / Math.max(1, ps.recordsProcessed)).toFixed(1)} per record; ` +
      `${fmt.int(aggregation.rollupItems.count)} rollup items, largest ${aggregation.rollupItems.maxKB.toFixed(0)} KB)`,
  );
  if (ps.recordsDiscarded > 0) throw new Error(`${ps.recordsDiscarded} stream records were discarded: the figures would be wrong`);
  return aggregation;
}

/** The API Lambda handler behind the local HTTP server, as `npm start` runs it, and the queries to send it. */
async function startApi(stops: Stops) {
  const api = (await import('../lambda/api/handler.js')).handler;
  const auth = new BenchAuth();
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    handler: api,
    authorize: auth.authorizer(),
    cors: { allowedOrigins: [] },
  });
  stops.push(() => server.close());
  const client = new GraphqlClient(`${server.url}/graphql`, auth);
  const participants = await participantsQuery(client);
  const queries: DashboardQuery[] = [...FIXED_QUERIES, ...(participants.available ? [participants.query] : [])];
  return { server, auth, client, queries, participants };
}

/** Reads per query and latency over the HTTP -> Lambda handler path; the replies kept for the naive comparison. */
async function dashboardQueries(
  cfg: ScaleConfig,
  queries: DashboardQuery[],
  participants: Awaited<ReturnType<typeof participantsQuery>>,
  client: GraphqlClient,
  meter: DynamoMeter,
): Promise<{ results: QueryResult[]; replies: Map<string, Record<string, unknown>>; floor: FloorResult }> {
  noteLoad('queries');
  // The floor's runs are spread evenly among the dashboard queries' (as many as each query has), so
  // that it sees the machine as they do, whatever else the machine does meanwhile.
  const gc = new GcPauses();
  const floor = new QueryTimer(FLOOR_QUERY, client, meter, gc);
  await floor.warmUp(cfg.warmupRuns);
  const results: QueryResult[] = [];
  const replies = new Map<string, Record<string, unknown>>();
  for (const [index, q] of queries.entries()) {
    const timer = new QueryTimer(q, client, meter, gc);
    await timer.warmUp(cfg.warmupRuns);
    const stop = every(10_000, () => log(scope, `${q.id}: ${timer.runs}/${cfg.runs} runs`));
    try {
      for (let i = 0; i < cfg.runs; i++) {
        await timer.timeOne();
        const run = index * cfg.runs + i + 1;
        // One floor run after every queries.length dashboard runs: cfg.runs of them by the end.
        while (floor.runs < Math.floor(run / queries.length)) await floor.timeOne();
      }
    } finally {
      stop();
    }
    // GC entries reach the observer after the pause: let the last run's arrive before they are summed.
    await new Promise((r) => setImmediate(r));
    results.push({ id: q.id, title: q.title, available: true, rollup: timer.result(scope) });
    if (timer.data) replies.set(q.id, timer.data);
  }
  while (floor.runs < cfg.runs) await floor.timeOne();
  await new Promise((r) => setImmediate(r));
  const floorResult: FloorResult = { id: FLOOR_QUERY.id, title: FLOOR_QUERY.title, rollup: floor.result(scope) };
  gc.stop();
  if (!participants.available) {
    results.push({ id: 'auditor-participants', title: PARTICIPANTS_TITLE, available: false, reason: participants.reason });
    log(scope, `auditor participants page: ${participants.reason}`);
  }
  return { results, replies, floor: floorResult };
}

/** The naive baseline on the same data, its figures compared with the rollups' replies (sets `naive` on each result). */
async function naiveBaseline(
  cfg: ScaleConfig,
  runtime: Runtime,
  results: QueryResult[],
  replies: Map<string, Record<string, unknown>>,
  stops: Stops,
): Promise<void> {
  noteLoad('naive');
  const naiveClient = createDynamoClient(runtime.config);
  stops.push(async () => naiveClient.destroy());
  const naiveDeps: NaiveDeps = {
    ddb: naiveClient,
    meter: new DynamoMeter().install(naiveClient),
    recordsTable: runtime.config.recordsTable,
    scanSegments: cfg.scanSegments,
  };
  const shared: SharedReads | undefined = cfg.shareNaiveReads ? new Map() : undefined;
  for (const r of results) {
    if (!r.available) continue;
    const progress = { run: 0, items: 0 };
    const stop = every(15_000, () => log(scope, `naive ${r.id}: run ${progress.run}/${cfg.naiveRuns}, ${fmt.int(progress.items)} items read`));
    const naive = await runNaive(r.id, naiveDeps, cfg.naiveRuns, progress, shared).finally(stop);
    const reply = replies.get(r.id);
    const normalized = reply ? normalizeReply(r.id, reply) : undefined;
    const difference = normalized === undefined ? undefined : firstDifference(normalized, naive.answer);
    r.naive = {
      runs: naive.runs.length,
      medianMs: median(naive.runs.map((x) => x.ms)),
      msRuns: naive.runs.map((x) => x.ms),
      ...(naive.sharedRead ? { sharedRead: true } : {}),
      usage: naive.runs[0]!.usage,
      sameAnswer: normalized === undefined ? null : difference === undefined,
      ...(difference ? { difference } : {}),
    };
    log(
      scope,
      `naive ${r.id}: ${fmt.int(r.naive.usage.itemsRead)} items read in ${fmt.int(r.naive.usage.requests)} requests, ` +
        `median ${fmt.ms(r.naive.medianMs)} ms over ${r.naive.runs} run(s)${naive.sharedRead ? ' (the scan of an earlier query, shared)' : ''}; ` +
        (r.naive.sameAnswer === null ? 'answers not compared' : r.naive.sameAnswer ? 'same figures as the rollups' : `FIGURES DIFFER: ${difference}`),
    );
  }
}

/** The API bundle's cold start, answering from this database, when configured. */
async function coldStartPhase(cfg: ScaleConfig, auth: BenchAuth, endpoint: string): Promise<ScaleResult['coldStart']> {
  if (!cfg.coldStart) return undefined;
  noteLoad('cold start');
  return measureColdStarts(cfg.coldStart.bundlePath, auth, coldStartEnv(endpoint, TABLE_PREFIX), cfg.coldStart.runs, cfg.coldStart.nodeFlags, scope);
}

/** The load run over the queries that answered without errors, when configured. */
async function loadPhase(
  cfg: ScaleConfig,
  serverUrl: string,
  auth: BenchAuth,
  queries: DashboardQuery[],
  results: QueryResult[],
  meter: DynamoMeter,
): Promise<ScaleResult['load']> {
  const answering = queries.filter((q) => results.find((r) => r.id === q.id)?.rollup?.errors === 0);
  if (!(cfg.loadSeconds > 0 && answering.length > 0)) return undefined;
  noteLoad('load');
  log(scope, `load run: autocannon, ${cfg.loadConnections} connections, ${cfg.loadSeconds} s, cycling ${answering.length} queries`);
  meter.start();
  const result = await runLoad(`${serverUrl}/graphql`, auth, answering, cfg.loadConnections, cfg.loadSeconds);
  const load = { ...result, usage: meter.stop() };
  const failed = Object.entries(load.usage.failedByCommand).map(([k, v]) => `${fmt.int(v)} ${k}`).join(', ') || 'none';
  log(
    scope,
    `load run: ${fmt.rate(load.requests.average)} requests/s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ` +
      `${load.errors} errors, ${load.timeouts} timeouts, ${load.non2xx} non-2xx; ${fmt.int(load.usage.requests)} DynamoDB requests, failed: ${failed}`,
  );
  return load;
}

/** Freshness: one new participant, until the dashboard shows it. */
async function freshnessPhase(cfg: ScaleConfig, client: GraphqlClient, importDeps: ImportDeps): Promise<ScaleResult['freshness']> {
  noteLoad('freshness');
  const probes = await freshnessProbes(cfg.freshnessProbes, client, importDeps);
  const freshness = {
    ...probes,
    quietMedianMs: median(probes.quietMs),
    backToBackMedianMs: median(probes.backToBackMs),
    batchingWindowMs: STREAM_SETTINGS.maximumBatchingWindowSeconds * 1000,
  };
  log(
    scope,
    `freshness: a new participant shows on the dashboard ${probes.quietMs.map((x) => fmt.ms(x)).join(', ')} ms after its write on a quiet stream, ` +
      `${probes.backToBackMs.map((x) => fmt.ms(x)).join(', ')} ms right after another change`,
  );
  return freshness;
}

async function importAll(dataDir: string, deps: ImportDeps, meter: DynamoMeter): Promise<ScaleResult['import']> {
  const files: ImportFileResult[] = [];
  meter.start();
  const started = performance.now();
  for (const kind of IMPORT_KINDS) {
    const text = readFileSync(join(dataDir, `${kind}.csv`), 'utf8');
    const fileStarted = performance.now();
    let progress = { phase: 'read', done: 0, total: 0 };
    const stop = every(10_000, () => log(scope, `importing ${kind}.csv: ${progress.phase} ${fmt.int(progress.done)}/${fmt.int(progress.total)}`));
    const report = await importFile(kind, `${kind}.csv`, text, { ...deps, onProgress: (e) => (progress = e) }).finally(stop);
    if (report.errors.length > 0) {
      throw new Error(`${kind}.csv: ${report.errors.length} error(s), e.g. ${report.errors.slice(0, 3).map(formatRowError).join('; ')}`);
    }
    const ms = performance.now() - fileStarted;
    files.push({ kind, rows: report.rows, records: report.records, written: report.written, ms });
    log(scope, `imported ${kind}.csv: ${fmt.int(report.rows)} rows -> ${fmt.int(report.written)} items in ${fmt.s(ms)} s`);
  }
  const ms = performance.now() - started;
  const usage = meter.stop();
  const rows = files.reduce((s, f) => s + f.rows, 0);
  const written = files.reduce((s, f) => s + f.written, 0);
  const result = {
    ms,
    rows,
    records: files.reduce((s, f) => s + f.records, 0),
    written,
    rowsPerSecond: rows / (ms / 1000),
    itemsPerSecond: written / (ms / 1000),
    files,
    usage,
  };
  log(scope, `import: ${fmt.int(rows)} rows, ${fmt.int(written)} items in ${fmt.s(ms)} s = ${fmt.rate(result.rowsPerSecond)} rows/s, ${fmt.rate(result.itemsPerSecond)} items/s`);
  return result;
}

/** Rollup items in the stats table: how many, and how large (DynamoDB bills an UpdateItem by the whole item's size). */
async function rollupItemStats(runtime: Runtime): Promise<ScaleResult['aggregation']['rollupItems']> {
  const client = createDynamoClient(runtime.config);
  try {
    const items = await scanAll(client, runtime.config.statsTable, { prefix: 'ROLLUP#', segments: SCAN_SEGMENTS });
    const byRollup: Record<string, number> = {};
    let total = 0;
    let max = 0;
    for (const item of items) {
      const size = approximateItemBytes(item);
      total += size;
      max = Math.max(max, size);
      const id = String(item.pk).split('#')[2] ?? '?';
      byRollup[id] = (byRollup[id] ?? 0) + 1;
    }
    return {
      count: items.length,
      totalKB: total / 1024,
      averageKB: items.length ? total / items.length / 1024 : 0,
      maxKB: max / 1024,
      byRollup,
    };
  } finally {
    client.destroy();
  }
}

/**
 * Imports one new participant at a time (through the normal import path) and asks the dashboard until
 * it counts them. The event source mapping's batching window runs from its last invocation, as in
 * Lambda: a change on a quiet stream goes at the next poll, one written within the window of the
 * previous batch waits for the rest of it. So each round times one probe after a quiet spell longer
 * than the window, then one right after it.
 */
async function freshnessProbes(rounds: number, client: GraphqlClient, deps: ImportDeps): Promise<{ quietMs: number[]; backToBackMs: number[] }> {
  const store = new RecordStore(deps.ddb, deps.recordsTable);
  const month = `${YEAR}-12`;
  const probe = {
    role: 'viewer' as const,
    query: `{ stats(measures: [ACTIVE_PARTICIPANTS], filter: { region: ["${REGENCY}"] }, from: "${month}", to: "${month}") { totals { value } } }`,
  };
  const active = async () => {
    const reply = await client.send(probe);
    const problem = replyProblem(reply);
    if (problem) throw new Error(`freshness probe query failed: ${problem}`);
    return (reply.data as { stats: { totals: Array<{ value: number }> } }).stats.totals[0]!.value;
  };
  let serial = 0;
  const once = async (): Promise<number> => {
    // A KPJ number no demo participant has (demo numbers start with the enrolment year).
    let id: string;
    do id = `99${String(serial++).padStart(9, '0')}`;
    while ((await store.getParticipants([id])).size > 0);
    const before = await active();
    const header = 'participant_id,nik,name,gender,birth_date,regency_code,district_code,sector,programs,funding_source,start_month,end_month';
    // A woman born 1990-01-01 registered in 35.09.01: NIK day + 40 for women (reference.md).
    const nik = `350901410190${9000 + serial}`;
    const row = `${id},${nik},Benchmark Probe,P,1990-01-01,${REGENCY},,OTHER,JKK+JKM,DBHCHT,${month},`;
    const report = await importFile('participants', 'freshness-probe.csv', `${header}\n${row}\n`, deps);
    if (report.errors.length > 0 || report.written !== 1) {
      throw new Error(`freshness probe import failed: ${report.errors.map(formatRowError).join('; ') || `${report.written} written`}`);
    }
    const written = performance.now();
    const deadline = written + 120_000;
    for (;;) {
      if ((await active()) === before + 1) return performance.now() - written;
      if (performance.now() > deadline) throw new Error('freshness probe: the new participant did not show within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const quiet = STREAM_SETTINGS.maximumBatchingWindowSeconds * 1000 + 500;
  const out = { quietMs: [] as number[], backToBackMs: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    await new Promise((resolve) => setTimeout(resolve, quiet));
    out.quietMs.push(await once());
    out.backToBackMs.push(await once());
  }
  return out;
}

main(config).then(
  (result) => {
    writeFileSync(config.resultFile, JSON.stringify(result));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
