/**
 * Creates the audit table locally with the key layout the CDK stack deploys (pk/sk strings, on demand,
 * no stream, no TTL, no index), and waits until it is active.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { KEY } from '../store/table-schema.js';

export async function ensureAuditTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: KEY.pk, AttributeType: 'S' },
          { AttributeName: KEY.sk, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: KEY.pk, KeyType: 'HASH' },
          { AttributeName: KEY.sk, KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    // Already there (a persisted local database, or another process): that is the state we want.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for table ${tableName} to become ACTIVE`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
