/**
 * A private platform per test file: its own DynamoDB Local on a free port, fresh tables, the aggregator
 * fed by the local stream poller exactly as Lambda would feed it, and the API Lambda handler called with
 * API Gateway v2 events.
 */
import { requireNikHashKey } from '../../lambda/config.js';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, DynamoDBStreamEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { STREAM_SETTINGS } from '../../lambda/aggregate/stream-settings.js';
import type { ImportKind } from '../../lambda/domain/validation.js';
import { importFile, type ImportReport } from '../../lambda/ingest/import-file.js';
import { ensureTables } from '../../lambda/local/create-tables.js';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../lambda/local/dynamodb-local.js';
import { createLocalClients, type LocalClients } from '../../lambda/local/local-clients.js';
import { startStreamPoller, type StreamPoller } from '../../lambda/local/stream-poller.js';
import { seedStore, type SeedOutcome } from '../../lambda/local/seed-store.js';
import { DeleteTableCommand, waitUntilTableNotExists } from '@aws-sdk/client-dynamodb';
import { IMPORT_KINDS } from '../../lambda/domain/validation.js';
import { buildRuntime, type Runtime } from '../../lambda/runtime.js';
import { loadSecurityConfig } from '../../lambda/api/security-config.js';
import { ensureAuditTable } from '../../lambda/local/audit-table.js';
import { AuditLog } from '../../lambda/store/audit-log.js';
import { ImportLedger } from '../../lambda/store/import-ledger.js';
import { useLocalAnomalyInvoker } from '../../lambda/aggregate/anomaly-trigger.js';
import { localAnomalyRuns, type LocalAnomalyRuns } from '../../lambda/local/anomaly-runs.js';
import type { ImportSubject } from '../../lambda/domain/import-ledger-entry.js';
import { graphqlEvent, lambdaContext } from './api-event.js';
import { authorized, AUDITOR, claimsFor, type TestIdentity } from './identities.js';

export const TEST_NIK_KEY = 'test-nik-hash-key';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<unknown>;

export interface TestPlatform {
  runtime: Runtime;
  clients: LocalClients;
  /** Every event the aggregator was invoked with, in order (for redelivery tests). */
  delivered: DynamoDBStreamEvent[];
  /** An import through the import path, recorded in the import ledger as `who` (default subject `test`). */
  /** `scope`: the uploader's region restriction, as for a dashboard upload. */
  importCsv(kind: ImportKind, text: string | Uint8Array, file?: string, who?: ImportSubject, scope?: string): Promise<ImportReport>;
  /** Waits until the aggregator has processed every stream record written so far. */
  drain(): Promise<void>;
  /**
   * A GraphQL request through the API Lambda handler, as API Gateway delivers it after its JWT
   * authorizer: by default as a national AUDITOR (every region and every query, nothing suppressed);
   * `null` sends no identity.
   */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, as?: TestIdentity | null): Promise<GraphqlResponse<T>>;
  /** The raw handler, for requests a test shapes itself (headers, body, claims). */
  api: (event: APIGatewayProxyEventV2) => Promise<Exclude<APIGatewayProxyResultV2, string>>;
  auditLog: AuditLog;
  /** The anomaly runs the aggregator started (with `anomaliesAfterImports`). */
  anomalyRuns: LocalAnomalyRuns | undefined;
  /** Replaces the function the poller invokes (fault injection); the real handler when undefined. */
  setStreamHandler(handler: StreamHandler | undefined): void;
  aggregator: StreamHandler;
  /**
   * Stops the stream aggregator and replaces the records and stats tables with empty ones (same names,
   * so the functions' configuration still holds); no aggregator reads until `seed`.
   */
  recreateTables(): Promise<void>;
  /** Seeds the empty store as `npm start` does (lambda/local/seed-store.ts): the files imported, one recount, the aggregator at LATEST. */
  seed(files: Partial<Record<ImportKind, string>>): Promise<SeedOutcome<StreamPoller>>;
  stop(): Promise<void>;
}

export interface GraphqlResponse<T> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

export interface TestPlatformOptions {
  /** Powertools log level of the functions (default WARN); DEBUG to examine everything they log. */
  logLevel?: string;
  /**
   * Run the anomaly job by itself after batches that applied records, as in AWS and `npm start`
   * (aggregator -> anomaly function, debounced by `quietMs`). Off by default: other tests count items
   * and markers the job would change.
   */
  anomaliesAfterImports?: { quietMs: number };
}

export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const ddbLocal: DynamoDbLocal = await startDynamoDbLocal({ quiet: true });
  const prefix = `t${randomUUID().slice(0, 8)}`;
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: ddbLocal.endpoint,
    TABLE_NAME: prefix,
    NIK_HASH_KEY: TEST_NIK_KEY,
    AWS_REGION: 'ap-southeast-3',
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...(options.anomaliesAfterImports ? { ANOMALY_QUIET_MS: String(options.anomaliesAfterImports.quietMs) } : {}),
  });
  const anomalyRuns = options.anomaliesAfterImports ? localAnomalyRuns((e) => console.error('anomaly run failed', e)) : undefined;
  useLocalAnomalyInvoker(anomalyRuns?.invoke);
  const runtime = await buildRuntime();
  const clients = createLocalClients(ddbLocal.endpoint);
  await ensureTables(clients.ddb, runtime.config);
  const auditTable = loadSecurityConfig().auditTable;
  await ensureAuditTable(clients.ddb, auditTable);
  const aggregator = (await import('../../lambda/aggregate/handler.js')).handler as StreamHandler;
  const api = (await import('../../lambda/api/handler.js')).handler;
  const delivered: DynamoDBStreamEvent[] = [];
  let current: StreamHandler | undefined;
  const startPoller = (startingPosition: 'TRIM_HORIZON' | 'LATEST') =>
    startStreamPoller({
      ddb: clients.ddb,
      streams: clients.streams,
      tableName: runtime.config.recordsTable,
      handler: async (event: DynamoDBStreamEvent) => {
        delivered.push(event);
        return (current ?? aggregator)(event);
      },
      batchSize: STREAM_SETTINGS.batchSize,
      maximumRetryAttempts: STREAM_SETTINGS.maximumRetryAttempts,
      bisectBatchOnFunctionError: STREAM_SETTINGS.bisectBatchOnFunctionError,
      functionTimeoutMs: STREAM_SETTINGS.functionTimeoutSeconds * 1000,
      reportBatchItemFailures: STREAM_SETTINGS.reportBatchItemFailures,
      startingPosition,
      pollIntervalMs: 50,
      retryDelayMs: 20,
      logger: { warn: () => undefined },
    });
  let poller: StreamPoller | undefined = await startPoller('TRIM_HORIZON');
  const importCsv: TestPlatform['importCsv'] = (kind, text, file = `${kind}.csv`, who = { subject: 'test' }, scope) =>
    importFile(kind, file, text, {
      scope,
      ledger: { store: new ImportLedger(runtime.ddb, auditTable), who },
      ddb: runtime.ddb,
      recordsTable: runtime.config.recordsTable,
      regions: runtime.reference.regions,
      nikHashKey: requireNikHashKey(runtime.config),
    });
  return {
    runtime,
    clients,
    delivered,
    aggregator,
    setStreamHandler: (h) => (current = h),
    importCsv,
    // Generous: a demo-sized import is one or two 10,000-record batches, slow when two test files share 2 cores.
    drain: () => {
      if (!poller) throw new Error('No stream aggregator is running (recreateTables without seed)');
      return poller.waitForIdle(240_000);
    },
    graphql: async (query, variables, as = AUDITOR) => {
      const event = authorized(graphqlEvent({ query, variables }), as ? claimsFor(as) : undefined);
      const res = (await api(event, lambdaContext())) as Exclude<APIGatewayProxyResultV2, string>;
      return { status: res.statusCode ?? 200, ...(JSON.parse(res.body ?? '{}') as object) };
    },
    api: async (event) => (await api(event, lambdaContext())) as Exclude<APIGatewayProxyResultV2, string>,
    auditLog: new AuditLog(runtime.ddb, auditTable),
    anomalyRuns,
    recreateTables: async () => {
      await poller?.stop();
      poller = undefined;
      for (const TableName of [runtime.config.recordsTable, runtime.config.statsTable]) {
        await clients.ddb.send(new DeleteTableCommand({ TableName }));
        await waitUntilTableNotExists({ client: clients.ddb, maxWaitTime: 60 }, { TableName });
      }
      await ensureTables(clients.ddb, runtime.config);
    },
    seed: async (files) => {
      if (poller) throw new Error('seed needs a store no aggregator reads: recreateTables first');
      const outcome = await seedStore(
        { ddb: runtime.ddb, recordsTable: runtime.config.recordsTable, statsTable: runtime.config.statsTable, rates: runtime.reference.rates },
        {
          load: async () => {
            const reports = [];
            for (const kind of IMPORT_KINDS) {
              const text = files[kind];
              if (text !== undefined) reports.push(await importCsv(kind, text));
            }
            return reports;
          },
          startAggregator: () => startPoller('LATEST'),
        },
      );
      poller = outcome.aggregator;
      return outcome;
    },
    stop: async () => {
      await poller?.stop();
      await anomalyRuns?.idle();
      useLocalAnomalyInvoker(undefined);
      await ddbLocal.stop();
    },
  };
}
