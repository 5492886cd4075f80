/**
 * The API Lambda handler: API Gateway HTTP API (v2) events in, GraphQL responses out. The local server
 * and the tests call this same handler. The request path itself (limits, identity, audit) is in
 * api-handler.ts; this file wires it to the runtime, Powertools and the tables.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { powertools } from '../observability.js';
import { tracerFor } from '../tracing.js';
import { getRuntime } from '../runtime.js';
import { AggregationJournal } from '../store/aggregation-journal.js';
import { AnomalyStore } from '../store/anomaly-store.js';
import { PeriodCloseStore } from '../store/period-close-store.js';
import { AuditLog } from '../store/audit-log.js';
import { ImportLedger } from '../store/import-ledger.js';
import { ParticipantIndex } from '../store/participant-index.js';
import { RollupStore } from '../store/rollup-store.js';
import { createApiHandler } from './api-handler.js';
import { createExportStorage, loadExportConfig } from './export-config.js';
import { loadSecurityConfig } from './security-config.js';
import { createUploadSigner, loadUploadConfig } from './upload-config.js';
import { createServer } from './server.js';

const { logger, metrics } = powertools('jamrep-api');
const tracer = tracerFor('jamrep-api');
const runtime = await getRuntime();
const security = loadSecurityConfig();
const exportConfig = loadExportConfig();
const uploadConfig = loadUploadConfig();
tracer.captureAWSv3Client(runtime.ddb);

const server = createServer({
  production: runtime.config.production,
  log: (message, details) => logger.error(message, details),
});

const api = createApiHandler({
  server,
  security,
  shared: {
    regions: runtime.reference.regions,
    rollups: new RollupStore(runtime.ddb, runtime.config.statsTable),
    journal: new AggregationJournal(runtime.ddb, runtime.config.statsTable),
    anomalies: new AnomalyStore(runtime.ddb, runtime.config.statsTable),
    closes: new PeriodCloseStore(runtime.ddb, runtime.config.statsTable),
    thresholds: runtime.reference.thresholds,
    participants: new ParticipantIndex(runtime.ddb, runtime.config.recordsTable),
    auditLog: new AuditLog(runtime.ddb, security.auditTable),
    importLedger: new ImportLedger(runtime.ddb, security.auditTable),
    exports: { config: exportConfig, storage: createExportStorage(exportConfig, (client) => tracer.captureAWSv3Client(client)) },
    uploads: { config: uploadConfig, signer: createUploadSigner(uploadConfig, (client) => tracer.captureAWSv3Client(client)) },
  },
  log: {
    error: (message, details) => logger.error(message, details),
    info: (message, details) => logger.info(message, details),
  },
  onRequestDone: (reads) => {
    metrics.addMetric('GraphQLRequests', MetricUnit.Count, 1);
    metrics.addMetric('DynamoDBRequestsPerQuery', MetricUnit.Count, reads.requests);
    metrics.addMetric('RollupItemsReadPerQuery', MetricUnit.Count, reads.items);
  },
});

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  logger.addContext(context);
  try {
    return await api(event, context);
  } finally {
    metrics.publishStoredMetrics();
  }
};
