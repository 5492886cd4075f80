/** The DynamoDB client, configured once (from AppConfig, which depends on store/ and not the other way round). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface DynamoClientSettings {
  /** DynamoDB Local's URL; undefined in AWS (the SDK's regional endpoint). */
  dynamodbEndpoint: string | undefined;
  region: string;
}

export function createDynamoClient(config: DynamoClientSettings): DynamoDBClient {
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
