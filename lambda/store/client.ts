/** The DynamoDB client, configured once from AppConfig. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AppConfig } from '../config.js';

export function createDynamoClient(config: Pick<AppConfig, 'dynamodbEndpoint' | 'region'>): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    // Throttling and 5xx are retried by the SDK with backoff; UnprocessedItems are retried in batch.ts.
    maxAttempts: 8,
    ...(config.dynamodbEndpoint
      ? {
          endpoint: config.dynamodbEndpoint,
          // DynamoDB Local ignores credentials; fixed ones keep local runs independent of the user's AWS setup.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
}
