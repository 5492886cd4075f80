/**
 * The API Lambda handler: API Gateway HTTP API (v2) events in, GraphQL responses out. The local server
 * and the tests call this same handler.
 */
import { startServerAndCreateLambdaHandler, handlers } from '@as-integrations/aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { getRuntime } from '../runtime.js';
import { AggregationJournal } from '../store/aggregation-journal.js';
import { RollupStore } from '../store/rollup-store.js';
import type { ApiContext } from './context.js';
import { createServer } from './server.js';

const logger = new Logger({ serviceName: 'jamrep-api' });
const runtime = await getRuntime();

const server = createServer({
  production: runtime.config.production,
  log: (message, details) => logger.error(message, details),
});

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: async ({ event }): Promise<ApiContext> => ({
    requestId: event.requestContext.requestId,
    regions: runtime.reference.regions,
    rollups: new RollupStore(runtime.ddb, runtime.config.statsTable),
    journal: new AggregationJournal(runtime.ddb, runtime.config.statsTable),
    reads: { requests: 0, items: 0, capacityUnits: 0 },
  }),
});
