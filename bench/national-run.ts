/**
 * One scale of the national benchmark, in its own Node process (as bench/scale-run.ts): every regency of
 * Indonesia with the same number of participants -> fresh DynamoDB Local -> import -> aggregator (the
 * local stream poller, as Lambda feeds it) -> national and provincial dashboard queries through the API
 * handler -> the largest rollup item written -> optionally the same stream records again through 1, 2, 4
 * concurrent aggregator lanes (ParallelizationFactor), each into a fresh stats table, compared cell by cell.
 *
 *   BENCH_NATIONAL=<NationalScaleConfig JSON> node --import tsx bench/national-run.ts
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { rmSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { requireNikHashKey } from '../lambda/config.js';
import { formatRowError } from '../lambda/domain/validation.js';
import { importFile, type ImportDeps } from '../lambda/ingest/import-file.js';
import { aggregatorMapping } from '../lambda/local/aggregator-mapping.js';
import { ensureAuditTable } from '../lambda/local/audit-table.js';
import { ensureTables } from '../lambda/local/create-tables.js';
import { startDynamoDbLocal } from '../lambda/local/dynamodb-local.js';
import { startHttpServer } from '../lambda/local/http-server.js';
import { createLocalClients, destroyLocalClients } from '../lambda/local/local-clients.js';
import { startStreamPoller } from '../lambda/local/stream-poller.js';
import { loadSecurityConfig } from '../lambda/api/security-config.js';
import type { Runtime } from '../lambda/runtime.js';
import { CELL_BUDGET_BYTES } from '../lambda/store/rollup-item-size.js';
import { scanAll } from '../lambda/store/scan.js';
import { laneBatches, newCounters, runLane, sumCounters } from '../test/support/aggregator-lanes.js';
import { BenchAuth } from './auth.js';
import { SCAN_SEGMENTS } from './options.js';
import { DynamoMeter } from './dynamo-meter.js';
import { GraphqlClient, replyProblem } from './graphql-client.js';
import { approximateItemBytes } from './item-bytes.js';
import { fmt, log } from './log.js';
import { writeNationalDataset } from './national-data.js';
import { NATIONAL_QUERIES } from './national-queries.js';
import type { LaneRun, NationalQueryResult, NationalScaleConfig, NationalScaleResult } from './national-types.js';
import { latencySummary } from './stats.js';

const TABLE_PREFIX = 'national';

const config = JSON.parse(process.env.BENCH_NATIONAL ?? 'null') as NationalScaleConfig | null;
if (!config) throw new Error('BENCH_NATIONAL (the scale configuration, JSON) is not set: run the benchmark with `npm run bench`');
const scope = `national ${config.perRegency}/regency`;

async function main(cfg: NationalScaleConfig): Promise<NationalScaleResult> {
  const started = performance.now();
  const ddbLocal = await startDynamoDbLocal({ quiet: true });
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: ddbLocal.endpoint,
    TABLE_NAME: TABLE_PREFIX,
    AWS_REGION: 'ap-southeast-3',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const { getRuntime } = await import('../lambda/runtime.js');
  const runtime: Runtime = await getRuntime();
  const security = loadSecurityConfig();
  const meter = new DynamoMeter(new Set([security.auditTable])).install(runtime.ddb);
  const clients = createLocalClients(ddbLocal.endpoint);
  const stops: Array<() => Promise<void>> = [async () => destroyLocalClients(clients), () => ddbLocal.stop()];
  try {
    await ensureTables(clients.ddb, runtime.config);
    await ensureAuditTable(clients.ddb, security.auditTable);

    // ---- data: every regency, the same number of people each ------------------------------------
    const dataDir = join(cfg.workDir, `national-${cfg.perRegency}`);
    rmSync(dataDir, { recursive: true, force: true });
    const dataset = writeNationalDataset(dataDir, runtime.reference.regions, cfg.perRegency, cfg.seed);
    log(scope, `data: ${fmt.int(dataset.participants)} participants in ${dataset.regencies} regencies; ${dataset.files.map((f) => `${f.kind} ${fmt.int(f.rows)}`).join(', ')}`);

    // ---- import through the normal import path ----------------------------------------------------
    const importDeps: ImportDeps = {
      ddb: runtime.ddb,
      recordsTable: runtime.config.recordsTable,
      regions: runtime.reference.regions,
      nikHashKey: requireNikHashKey(runtime.config),
    };
    let t = performance.now();
    let written = 0;
    for (const f of dataset.files) {
      const report = await importFile(f.kind, `${f.kind}.csv`, readFileSync(f.file, 'utf8'), importDeps);
      if (report.errors.length > 0) throw new Error(`${f.kind}.csv: ${report.errors.length} error(s), e.g. ${report.errors.slice(0, 3).map(formatRowError).join('; ')}`);
      written += report.written;
    }
    const importMs = performance.now() - t;
    log(scope, `imported ${fmt.int(written)} records in ${fmt.s(importMs)} s`);

    // ---- the aggregator, fed by the local stream poller; the batches kept for the lane runs -------
    const aggregator = (await import('../lambda/aggregate/handler.js')).handler as (e: DynamoDBStreamEvent) => Promise<unknown>;
    const delivered: DynamoDBRecord[] = [];
    let largestBatch = 0;
    meter.start();
    t = performance.now();
    const poller = await startStreamPoller({
      ddb: clients.ddb,
      streams: clients.streams,
      tableName: runtime.config.recordsTable,
      handler: async (event: DynamoDBStreamEvent) => {
        const out = await aggregator(event);
        // Kept only once applied: a failed batch is delivered again (bisected) and kept then.
        if (!(out as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures?.length) {
          delivered.push(...event.Records);
          largestBatch = Math.max(largestBatch, event.Records.length);
        }
        return out;
      },
      ...aggregatorMapping(),
      onFailure: (message) => log(scope, `stream on-failure destination: ${JSON.stringify(message).slice(0, 300)}`),
    });
    stops.push(() => poller.stop());
    await poller.waitForIdle(3 * 3600_000);
    const aggMs = performance.now() - t;
    const aggUsage = meter.stop();
    const ps = poller.stats();
    if (ps.recordsDiscarded > 0) throw new Error(`${ps.recordsDiscarded} stream records were discarded: the figures would be wrong`);
    const statsUnits = aggUsage.byTable[runtime.config.statsTable]?.writeUnits ?? aggUsage.writeUnits;
    const aggregation = {
      streamRecords: ps.recordsProcessed,
      invocations: ps.invocations,
      ms: aggMs,
      recordsPerSecond: ps.recordsProcessed / (aggMs / 1000),
      writeUnits: statsUnits,
      writeUnitsPerRecord: statsUnits / Math.max(1, ps.recordsProcessed),
    };
    log(scope, `aggregated ${fmt.int(ps.recordsProcessed)} records in ${fmt.s(aggMs)} s = ${fmt.rate(aggregation.recordsPerSecond)}/s, ${aggregation.writeUnitsPerRecord.toFixed(2)} write units per record`);

    const items = await rollupItems(runtime, runtime.config.statsTable);
    const largest = items.reduce((a, b) => (b.bytes > a.bytes ? b : a), { id: '', bytes: 0 });
    log(scope, `${fmt.int(items.length)} rollup items, largest ${(largest.bytes / 1024).toFixed(1)} KB (${largest.id}); bound ${CELL_BUDGET_BYTES / 1024} KB`);

    // ---- national and provincial queries, as the ministry's dashboard asks them --------------------
    const auth = new BenchAuth();
    const server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      handler: (await import('../lambda/api/handler.js')).handler,
      authorize: auth.authorizer(),
      cors: { allowedOrigins: [] },
    });
    stops.push(() => server.close());
    const client = new GraphqlClient(`${server.url}/graphql`, auth);
    const queries: NationalQueryResult[] = [];
    for (const q of NATIONAL_QUERIES) {
      for (let i = 0; i < cfg.warmupRuns; i++) {
        const problem = replyProblem(await client.send(q));
        if (problem) throw new Error(`${q.id}: ${problem}`);
      }
      const ms: number[] = [];
      let itemsRead = 0;
      let requests = 0;
      for (let i = 0; i < cfg.runs; i++) {
        meter.start();
        const reply = await client.send(q);
        const u = meter.stop();
        const problem = replyProblem(reply);
        if (problem) throw new Error(`${q.id}: ${problem}`);
        ms.push(reply.ms);
        itemsRead = u.itemsRead - u.overhead.itemsRead;
        requests = u.requests - u.overhead.requests;
      }
      queries.push({ id: q.id, title: q.title, scope: q.scope, itemsRead, requests, latency: latencySummary(ms) });
      log(scope, `${q.id}: ${itemsRead} items in ${requests} requests, p50 ${fmt.ms(latencySummary(ms).p50)} ms`);
    }

    // ---- the same stream records through concurrent lanes ------------------------------------------
    const lanes: LaneRun[] = [];
    for (const n of cfg.lanes) lanes.push(await laneRun(n, delivered, largestBatch, runtime, clients.ddb, ddbLocal.endpoint, items));

    return {
      perRegency: cfg.perRegency,
      regencies: dataset.regencies,
      participants: dataset.participants,
      sparsity: { lastMonth: dataset.lastMonth, regenciesWithoutActive: dataset.regenciesWithoutActive },
      records: written,
      importMs,
      aggregation,
      rollupItems: items.length,
      largestItem: { id: largest.id, bytes: largest.bytes },
      itemBoundBytes: CELL_BUDGET_BYTES,
      queries,
      lanes,
      ms: performance.now() - started,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

interface RollupItem {
  id: string;
  bytes: number;
  cells: Record<string, unknown>;
}

/** The rollup items of a stats table, without their intent markers (which differ between runs by design). */
async function rollupItems(runtime: Runtime, table: string): Promise<RollupItem[]> {
  // As many segments as the other scans: DynamoDB Local's Scan slows with the square of a segment's size (options.ts).
  const all = await scanAll(runtime.ddb, table, { prefix: 'ROLLUP#', segments: SCAN_SEGMENTS });
  return all.map((item) => {
    const { appliedParts: _markers, ...cells } = item;
    return { id: `${String(item.pk)}|${String(item.sk)}`, bytes: approximateItemBytes(item), cells };
  });
}

/**
 * Lambda's ParallelizationFactor n: a shard's records split into n lanes by item key, each lane an
 * instance of its own taking batches in order, all lanes at once. Run into a fresh stats table so the
 * figures can be compared with the single-lane run cell by cell.
 */
async function laneRun(
  n: number,
  records: readonly DynamoDBRecord[],
  batchSize: number,
  runtime: Runtime,
  admin: Parameters<typeof ensureTables>[0],
  endpoint: string,
  reference: readonly RollupItem[],
): Promise<LaneRun> {
  const statsTable = `${TABLE_PREFIX}-lanes${n}-stats`;
  await ensureTables(admin, { recordsTable: runtime.config.recordsTable, statsTable });
  const counters = Array.from({ length: n }, () => newCounters());
  const batches = laneBatches(records, n, Math.max(1, batchSize));
  const t = performance.now();
  await Promise.all(
    batches.map((lane, i) =>
      runLane(i, lane, {
        endpoint,
        region: runtime.config.region,
        statsTable,
        rates: runtime.reference.rates,
        regions: runtime.reference.regions,
        counters: counters[i]!,
        meterWrites: true,
      }),
    ),
  );
  const ms = performance.now() - t;
  const total = sumCounters(counters);
  const seconds = ms / 1000;
  let hottest = { id: '', updates: 0, writeUnits: 0 };
  for (const [id, tally] of total.perItem) if (tally.writeUnits > hottest.writeUnits) hottest = { id, ...tally };
  const got = new Map((await rollupItems(runtime, statsTable)).map((i) => [i.id, JSON.stringify(i.cells)]));
  const differing = reference.filter((i) => got.get(i.id) !== JSON.stringify(i.cells)).length + Math.max(0, got.size - reference.length);
  const run: LaneRun = {
    lanes: n,
    batches: batches.reduce((s, l) => s + l.length, 0),
    ms,
    recordsPerSecond: records.length / seconds,
    writeUnits: total.writeUnits,
    writeUnitsPerRecord: total.writeUnits / Math.max(1, records.length),
    conditionalFailures: total.conditionalFailures,
    sdkRetries: total.sdkRetries,
    hottestItem: { id: hottest.id, updates: hottest.updates, writeUnits: hottest.writeUnits, writeUnitsPerSecond: hottest.writeUnits / seconds },
    itemsDiffering: differing,
  };
  log(
    scope,
    `${n} lane(s): ${fmt.rate(run.recordsPerSecond)} records/s, ${run.writeUnitsPerRecord.toFixed(2)} WCU/record, ` +
      `conflicts ${JSON.stringify(run.conditionalFailures)}, SDK retries ${run.sdkRetries}, hottest item ${fmt.int(hottest.writeUnits)} WCU ` +
      `(${run.hottestItem.writeUnitsPerSecond.toFixed(0)} WCU/s), ${differing} item(s) differ from the single-lane run`,
  );
  return run;
}

main(config)
  .then((result) => {
    writeFileSync(config.resultFile, `${JSON.stringify(result, null, 2)}\n`);
    process.exit(0);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });

