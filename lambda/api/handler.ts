/**
 * The API Lambda handler: API Gateway HTTP API (v2) events in, GraphQL responses out. The local server
 * and the tests call this same handler.
 */
import { startServerAndCreateLambdaHandler, handlers } from '@as-integrations/aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { powertools } from '../observability.js';
import { getRuntime } from '../runtime.js';
import { AggregationJournal } from '../store/aggregation-journal.js';
import { RollupStore } from '../store/rollup-store.js';
import type { ApiContext } from './context.js';
import { createServer } from './server.js';

const { logger, metrics, tracer } = powertools('jamrep-api');
const runtime = await getRuntime();
tracer.captureAWSv3Client(runtime.ddb);

const server = createServer({
  production: runtime.config.production,
  log: (message, details) => logger.error(message, details),
});

// DynamoDB reads per request, by request id, for the metrics published after the response.
const readsByRequest = new Map<string, ApiContext['reads']>();

const graphqlHandler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: async ({ event }): Promise<ApiContext> => {
    const reads = { requests: 0, items: 0, capacityUnits: 0 };
    readsByRequest.set(event.requestContext.requestId, reads);
    return {
      requestId: event.requestContext.requestId,
      regions: runtime.reference.regions,
      rollups: new RollupStore(runtime.ddb, runtime.config.statsTable),
      journal: new AggregationJournal(runtime.ddb, runtime.config.statsTable),
      reads,
    };
  },
});

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  logger.addContext(context);
  try {
    return await graphqlHandler(event, context, () => undefined);
  } finally {
    const reads = readsByRequest.get(event.requestContext.requestId);
    readsByRequest.delete(event.requestContext.requestId);
    metrics.addMetric('GraphQLRequests', MetricUnit.Count, 1);
    if (reads) {
      metrics.addMetric('DynamoDBRequestsPerQuery', MetricUnit.Count, reads.requests);
      metrics.addMetric('RollupItemsReadPerQuery', MetricUnit.Count, reads.items);
    }
    metrics.publishStoredMetrics();
  }
};
