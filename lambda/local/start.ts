/**
 * `npm start`: the whole platform on one machine. DynamoDB Local (the AWS jar), the tables as the CDK
 * stack defines them, the stream aggregator fed as Lambda feeds it, and the API Lambda handler behind
 * an HTTP server that turns requests into API Gateway v2 events.
 *
 *   npm start -- [--memory] [--no-demo] [--port 4000] [--ddb-port 8000] [--scale small|full|N] [--provinces 35,52] [--data-dir .local-data]
 *
 * Like the HTTP API's JWT authorizer, the server refuses requests without a valid token: get one with
 * `npm run token -- --role MINISTRY` (signed with a development key kept in the data folder).
 */
import '../quiet-sdk-node-warning.js';
import { aggregatorMapping } from './aggregator-mapping.js';
import { requireNikHashKey } from '../config.js';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { useLocalAnomalyInvoker } from '../aggregate/anomaly-trigger.js';
import { runAnomalyJob } from '../aggregate/anomaly-job.js';
import { localAnomalyRuns } from './anomaly-runs.js';
import { rebuild } from '../aggregate/rebuild.js';
import { RollupStore } from '../store/rollup-store.js';
import { STREAM_SETTINGS } from '../aggregate/stream-settings.js';
import { assetRoot } from '../reference-data.js';
import { participantsForScale } from '../demo/scale.js';
import { writeDemo } from '../demo/csv-writer.js';
import { loadSecurityConfig } from '../api/security-config.js';
import { loadExportConfig, LOCAL_EXPORTS_PATH } from '../api/export-config.js';
import { buildRuntime } from '../runtime.js';
import { ensureAuditTable } from './audit-table.js';
import { loadOrCreateDevKey, refuseInProduction, signDevToken } from './dev-token.js';
import { SeedState } from '../store/seed-state.js';
import { seedStore } from './seed-store.js';
import { ensureTables } from './create-tables.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { DEFAULT_API_PATH, startHttpServer } from './http-server.js';
import { configRoutes, localRuntimeConfig } from './config-route.js';
import { importFolder } from './load-files.js';
import { ImportLedger } from '../store/import-ledger.js';
import { localJwtAuthorizer } from './local-authorizer.js';
import { devTokenRoute, TOKEN_ROUTE_PATH } from './token-route.js';
import { exportFilesRoute } from './export-files-route.js';
import { uploadRoute } from './upload-route.js';
import { loadUploadConfig, LOCAL_UPLOADS_PATH } from '../api/upload-config.js';
import { createLocalClients } from './local-clients.js';
import { startStreamPoller } from './stream-poller.js';

export const LOCAL_ALLOWED_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000', 'http://localhost:5173'];

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      memory: { type: 'boolean', default: false },
      'no-demo': { type: 'boolean', default: false },
      port: { type: 'string', default: '4000' },
      'ddb-port': { type: 'string', default: '8000' },
      scale: { type: 'string', default: 'small' },
      // Two provinces by default, so national views have more than one; the total stays at the scale's
      // count (10,000 for small), because the first start's import and aggregation grow with it.
      provinces: { type: 'string', default: '35,52' },
      'data-dir': { type: 'string', default: '.local-data' },
    },
  });
  const dataDir = resolve(args['data-dir']!);
  // The local platform trusts tokens signed with a key on this disk: never a production setting.
  try {
    refuseInProduction();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const started = Date.now();
  const ddbLocal = await startDynamoDbLocal({
    port: Number(args['ddb-port']),
    dbPath: args.memory ? undefined : (mkdirSync(join(dataDir, 'dynamodb'), { recursive: true }), join(dataDir, 'dynamodb')),
    quiet: true,
  });
  const stops: Array<() => Promise<void>> = [() => ddbLocal.stop()];
  const shutdown = async (code: number) => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  try {
    console.log(`DynamoDB Local    ${ddbLocal.endpoint} (${args.memory ? 'in memory' : `data in ${join(dataDir, 'dynamodb')}`})`);
    process.env.DYNAMODB_ENDPOINT = ddbLocal.endpoint;
    // Per-batch logs and EMF metrics are for CloudWatch; locally they would drown the console.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    const runtime = await buildRuntime();
    const clients = createLocalClients(ddbLocal.endpoint);
    await ensureTables(clients.ddb, runtime.config);
    const security = loadSecurityConfig();
    await ensureAuditTable(clients.ddb, security.auditTable);
    console.log(`Tables            ${runtime.config.recordsTable} (with stream), ${runtime.config.statsTable}, ${security.auditTable} (query audit log, import ledger)`);

    // Anomalies after every import, as in AWS: the aggregator starts the anomaly handler (in this
    // process) after batches that applied records; it runs once the stream has been quiet a moment.
    process.env.ANOMALY_QUIET_MS ??= '2000';
    const anomalyRuns = localAnomalyRuns((e) => console.error(`anomaly run failed: ${e instanceof Error ? e.message : String(e)}`));
    useLocalAnomalyInvoker(anomalyRuns.invoke);
    const aggregator = (await import('../aggregate/handler.js')).handler;
    const checkpointFile = args.memory ? undefined : join(dataDir, 'stream-checkpoints.json');
    const startAggregator = async (startingPosition: 'TRIM_HORIZON' | 'LATEST') => {
      const started = await startStreamPoller({
        ddb: clients.ddb,
        streams: clients.streams,
        tableName: runtime.config.recordsTable,
        handler: aggregator,
        ...aggregatorMapping(),
        startingPosition,
        onFailure: (message) => console.error(`stream on-failure destination: ${JSON.stringify(message)}`),
        // A persisted platform resumes the stream where it stopped, as a deployed event source mapping does.
        ...(checkpointFile ? { checkpointFile } : {}),
      });
      stops.push(() => started.stop());
      return started;
    };

    // A first start with the demo seeds the empty store in one pass (seed-store.ts); so does a start that
    // finds an earlier seed interrupted. Otherwise the aggregator resumes the stream at once.
    const seedState = new SeedState(runtime.ddb, runtime.config.statsTable);
    const interrupted = (await seedState.inProgress()) !== undefined;
    const empty = ((await clients.ddb.send(new ScanCommand({ TableName: runtime.config.recordsTable, Limit: 1 }))).Count ?? 0) === 0;
    const seeding = interrupted || (!args['no-demo'] && empty);
    if (seeding) await seedState.begin();
    let seedingNow = seeding;
    const poller = seeding ? undefined : await startAggregator('TRIM_HORIZON');
    const mapping = `batches of ${STREAM_SETTINGS.batchSize}, ${STREAM_SETTINGS.maximumRetryAttempts} retries, bisect on error`;
    console.log(`Stream aggregator ${seeding ? `starts at LATEST once the demo is counted; ${mapping}` : mapping}`);

    // Large exports are written to a local folder this server hands out, as S3 does with presigned URLs.
    process.env.EXPORTS_BASE_URL ??= `http://localhost:${args.port}${LOCAL_EXPORTS_PATH}`;
    const exportConfig = loadExportConfig();
    // Dashboard uploads: the API hands out URLs of this server's upload route, signed with a secret of
    // this process; the route stores the file in the data folder and imports it as the S3 handler would.
    process.env.UPLOADS_BASE_URL ??= `http://localhost:${args.port}${LOCAL_UPLOADS_PATH}`;
    const uploadConfig = loadUploadConfig();
    const allowedOrigins = process.env.ALLOWED_ORIGINS?.split(',') ?? LOCAL_ALLOWED_ORIGINS;
    const uploads = uploadRoute({
      path: LOCAL_UPLOADS_PATH,
      dir: join(dataDir, 'uploads'),
      maxBytes: uploadConfig.maxBytes,
      allowedOrigins,
      importDeps: () => ({
        ddb: runtime.ddb,
        recordsTable: runtime.config.recordsTable,
        regions: runtime.reference.regions,
        nikHashKey: requireNikHashKey(runtime.config),
        ledger: new ImportLedger(runtime.ddb, security.auditTable),
      }),
      onImported: (key, report) =>
        console.log(`Upload            ${key}: ${report.errors.length > 0 ? `rejected (${report.errors.length} errors)` : `${report.written} records written, ${report.unchanged} unchanged`}`),
      onError: (key, error) => console.error(`Upload            ${key}: import failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    stops.push(() => uploads.idle());
    const api = (await import('../api/handler.js')).handler;
    const devKey = loadOrCreateDevKey(dataDir);
    const server = await startHttpServer({
      port: Number(args.port),
      host: '127.0.0.1',
      handler: api,
      authorize: localJwtAuthorizer(devKey),
      extraRoutes: [
        devTokenRoute(devKey),
        ...configRoutes(localRuntimeConfig({ apiPath: DEFAULT_API_PATH, tokenPath: TOKEN_ROUTE_PATH })),
        ...(exportConfig.storage.kind === 'local'
          ? [exportFilesRoute({ path: LOCAL_EXPORTS_PATH, dir: exportConfig.storage.dir, urlTtlSeconds: exportConfig.urlTtlSeconds })]
          : []),
        ...(uploadConfig.signer.kind === 'local' ? uploads.routes : []),
      ],
      refuseWrites: () => (seedingNow ? 'the demo is loading; try again once npm start prints "Demo loaded"' : undefined),
      // The reference dashboard (built by `prestart`), served where the deployed one is: the site root.
      staticDir: resolve(assetRoot(), 'web', 'dist'),
      cors: { allowedOrigins },
    });
    stops.push(() => server.close());
    console.log(`Dashboard         ${server.url.replace('127.0.0.1', 'localhost')}/   (explorer at /explorer)`);
    console.log(`GraphQL           ${server.url.replace('127.0.0.1', 'localhost')}/graphql`);
    console.log(`Tokens            npm run token -- --role MINISTRY   (or PROVINCE --region 35, REGENCY --region 35.09, AUDITOR, PUBLIC),`);
    console.log(`                  or POST ${TOKEN_ROUTE_PATH} {"role":"REGENCY","region":"35.09"} (same origin only)`);
    // Said once GraphQL itself answers a signed request, not merely once the port is open.
    const probe = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signDevToken(devKey, { role: 'MINISTRY' })}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    if (!probe.ok) throw new Error(`GraphQL did not answer: HTTP ${probe.status}`);
    console.log(`API ready at ${server.url.replace('127.0.0.1', 'localhost')}/graphql (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    if (seeding) {
      const participants = participantsForScale(args.scale!);
      const provinces = args.provinces!.split(',').map((code) => code.trim());
      const dir = join(dataDir, `demo-${args.scale}-${provinces.join('-')}`);
      const loadStarted = Date.now();
      if (interrupted) console.log('Demo data         an earlier demo load was interrupted: loading it again');
      const written = writeDemo(dir, { participants, provinces, fullScale: args.scale === 'full' });
      const generatedMs = Date.now() - loadStarted;
      // What the generator produced, not the scale asked for: cohorts are rounded one by one.
      const roster = written.find((f) => f.file === 'participants.csv');
      console.log(
        `Demo data         generated ${roster?.participants?.toLocaleString('en')} participants (${roster?.rows.toLocaleString('en')} roster rows; scale ${args.scale}, provinces ${provinces.join(', ')}, 2024-01..2025-12) into ${dir} in ${(generatedMs / 1000).toFixed(1)} s`,
      );
      // An interrupted seed may have started the aggregator: it must begin again at LATEST.
      if (checkpointFile) rmSync(checkpointFile, { force: true });
      const seeded = await seedStore(
        { ddb: runtime.ddb, recordsTable: runtime.config.recordsTable, statsTable: runtime.config.statsTable, rates: runtime.reference.rates },
        {
          load: () =>
            importFolder(
              dir,
              {
                ddb: runtime.ddb,
                recordsTable: runtime.config.recordsTable,
                regions: runtime.reference.regions,
                nikHashKey: requireNikHashKey(runtime.config),
                ledger: { store: new ImportLedger(runtime.ddb, security.auditTable), who: { subject: 'local-demo' } },
              },
              console.log,
            ),
          onRecount: () => console.log('Rollups           counting every rollup from the records in one pass (npm run rebuild)'),
          startAggregator: () => startAggregator('LATEST'),
        },
      );
      seedingNow = false;
      console.log(
        `Rollups           ${seeded.rebuilt.records.toLocaleString('en')} records -> ${seeded.rebuilt.items.toLocaleString('en')} items in ${(seeded.recountMs / 1000).toFixed(1)} s (import ${(seeded.importMs / 1000).toFixed(1)} s); stream aggregator started at LATEST in ${(seeded.aggregatorStartMs / 1000).toFixed(1)} s`,
      );
      // The figures are final here: every demo record is in the rollups and the aggregator applies whatever comes next.
      console.log(`Figures           settled ${((Date.now() - started) / 1000).toFixed(1)} s after the start: the dashboard shows the whole demo`);
      // As after every import, the anomaly job, at once rather than after a quiet period. Without its
      // drift check and marker sweep: the rollups were just written from a recount, and no aggregator
      // has written a marker yet (each would read every rollup item again: ~28 s of a 60 s start).
      const anomaliesStarted = Date.now();
      const job = await runAnomalyJob(
        { ddb: runtime.ddb, recordsTable: runtime.config.recordsTable, statsTable: runtime.config.statsTable, reference: runtime.reference },
        new Date(),
        { driftCheck: false, sweep: false },
      );
      const anomaliesMs = Date.now() - anomaliesStarted;
      console.log(
        `Demo loaded in ${((Date.now() - loadStarted) / 1000).toFixed(0)} s: ${job.anomalies.length} anomalies found in ${(anomaliesMs / 1000).toFixed(1)} s (found again by themselves after every import)`,
      );
    } else if (!empty) {
      if (!args['no-demo']) console.log('Demo data         already loaded (delete the data folder or use --memory for a fresh start)');
      if (!(await new RollupStore(runtime.ddb, runtime.config.statsTable).hasCurrentLayout())) {
        // Data persisted by a version with another rollup layout: recount it into the current one, once
        // the resumed stream has nothing left to add.
        await poller!.waitForIdle(15 * 60_000);
        console.log('Rollups           stored in an older layout: rebuilding from the raw records (npm run rebuild)');
        const report = await rebuild(
          { ddb: runtime.ddb, recordsTable: runtime.config.recordsTable, statsTable: runtime.config.statsTable, rates: runtime.reference.rates },
          'rebuild',
        );
        console.log(`Rollups           rebuilt: ${report.written} items written, ${report.deleted} of the old layout deleted`);
      }
    }
    console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops everything.`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    await shutdown(1);
  }
}

void main();
