/**
 * `npm run bench:cold-start`: only the benchmark's cold-start measurement, in about a minute instead of
 * the whole benchmark's forty. It builds the API bundle as `npm run bench` does (buildBundles, the bytes
 * the CDK deploys), loads a small demo data set into a fresh DynamoDB Local through the import path and
 * the stream aggregator, and runs the same alternated bare/cold series (measureColdStarts) on the same
 * first dashboard query; it prints the table bench/results.md has. It writes no results file.
 *
 *   npm run bench:cold-start -- [--cold-starts 10] [--participants 500] [--work-dir bench/work] [--flags deployed|all]
 *
 * The data set's size does not change what a cold start loads; it only sizes the rollup items the
 * first query reads (a handful, as at any scale).
 */
import '../lambda/quiet-sdk-node-warning.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../cdk/bundling.js';
import { aggregatorMapping } from '../lambda/local/aggregator-mapping.js';
import { loadSecurityConfig } from '../lambda/api/security-config.js';
import { requireNikHashKey } from '../lambda/config.js';
import { writeDemo } from '../lambda/demo/csv-writer.js';
import { ensureAuditTable } from '../lambda/local/audit-table.js';
import { ensureTables } from '../lambda/local/create-tables.js';
import { startDynamoDbLocal } from '../lambda/local/dynamodb-local.js';
import { importFolder } from '../lambda/local/load-files.js';
import { createLocalClients, destroyLocalClients } from '../lambda/local/local-clients.js';
import { startStreamPoller } from '../lambda/local/stream-poller.js';
import { buildRuntime } from '../lambda/runtime.js';
import { BenchAuth } from './auth.js';
import { buildBundles, COLD_START_FLAGS, coldStartEnv, measureColdStarts } from './bundles.js';
import { log } from './log.js';
import { machineInfo } from './machine.js';
import { coldStartSection } from './report.js';

const TABLE_PREFIX = 'bench';

const { values } = parseArgs({
  options: {
    'cold-starts': { type: 'string', default: '10' },
    participants: { type: 'string', default: '500' },
    'work-dir': { type: 'string', default: 'bench/work' },
    // `deployed`: only as the functions run (--enable-source-maps); `all`: also without flags, as the bench.
    flags: { type: 'string', default: 'all' },
  },
  strict: true,
});
const runs = Number(values['cold-starts']);
const participants = Number(values.participants);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--cold-starts must be a whole number ≥ 1, got ${values['cold-starts']}`);
if (!Number.isInteger(participants) || participants < 100) throw new Error(`--participants must be a whole number ≥ 100, got ${values.participants}`);
if (values.flags !== 'deployed' && values.flags !== 'all') throw new Error(`--flags must be deployed or all, got ${values.flags}`);
const flagSets = values.flags === 'deployed' ? COLD_START_FLAGS.slice(0, 1) : COLD_START_FLAGS;

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const workDir = resolve(PROJECT_ROOT, values['work-dir']);
  mkdirSync(workDir, { recursive: true });
  const machine = machineInfo();
  log('cold', `${machine.cpuModel}, ${machine.cores} cores; load average ${machine.loadAverageAtStart.join(' ')}; ${process.version}`);
  const [api] = await buildBundles(workDir, ['api']);

  const ddbLocal = await startDynamoDbLocal({ quiet: true });
  Object.assign(process.env, { ...coldStartEnv(ddbLocal.endpoint, TABLE_PREFIX), NODE_ENV: 'production' });
  const clients = createLocalClients(ddbLocal.endpoint);
  const runtime = await buildRuntime();
  let poller: Awaited<ReturnType<typeof startStreamPoller>> | undefined;
  try {
    await ensureTables(clients.ddb, runtime.config);
    await ensureAuditTable(clients.ddb, loadSecurityConfig().auditTable);
    const aggregator = (await import('../lambda/aggregate/handler.js')).handler;
    poller = await startStreamPoller({
      ddb: clients.ddb,
      streams: clients.streams,
      tableName: runtime.config.recordsTable,
      handler: aggregator,
      ...aggregatorMapping(),
      onFailure: (message) => log('cold', `stream on-failure destination: ${JSON.stringify(message).slice(0, 300)}`),
    });
    const dataDir = join(workDir, `cold-start-demo-${participants}`);
    rmSync(dataDir, { recursive: true, force: true });
    writeDemo(dataDir, { participants, seed: 1 });
    const importDeps = { ddb: runtime.ddb, recordsTable: runtime.config.recordsTable, regions: runtime.reference.regions, nikHashKey: requireNikHashKey(runtime.config) };
    await importFolder(dataDir, importDeps);
    await poller.waitForIdle(10 * 60_000);
    log('cold', `${participants} demo participants imported and aggregated; ${runs} cold and ${runs} bare processes per series`);

    const colds = await measureColdStarts(api!.path, new BenchAuth(), coldStartEnv(ddbLocal.endpoint, TABLE_PREFIX), runs, flagSets, 'cold');
    console.log(`\nindex.mjs ${(api!.bytes / 1e6).toFixed(2)} MB\n`);
    console.log(coldStartSection(colds).join('\n'));
    if (colds.some((c) => c.failures > 0)) process.exitCode = 1;
  } finally {
    await poller?.stop().catch(() => undefined);
    runtime.ddb.destroy();
    destroyLocalClients(clients);
    await ddbLocal.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
