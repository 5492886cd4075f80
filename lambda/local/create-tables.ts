/**
 * Creates the local tables from the one schema definition (store/table-schema.ts), so DynamoDB Local
 * holds the same key design, index, stream and TTL that the CDK stack deploys.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { assertNever } from '../domain/errors.js';
import { KEY, TABLES, type TableDefinition } from '../store/table-schema.js';

/** Physical names of the two tables; `AppConfig` fits this shape. */
export interface TableNames {
  recordsTable: string;
  statsTable: string;
}

const WAIT_TIMEOUT_MS = 30_000;
const POLL_MS = 100;

function physicalName(names: TableNames, table: TableDefinition): string {
  switch (table.id) {
    case 'records':
      return names.recordsTable;
    case 'stats':
      return names.statsTable;
    default:
      return assertNever(table.id, 'table id');
  }
}

export function createTableInput(tableName: string, table: TableDefinition): CreateTableCommandInput {
  const keyAttributes = new Set<string>([KEY.pk, KEY.sk]);
  for (const index of table.globalIndexes) keyAttributes.add(index.pk).add(index.sk);
  const AttributeDefinitions: AttributeDefinition[] = [...keyAttributes].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions,
    KeySchema: [
      { AttributeName: KEY.pk, KeyType: 'HASH' },
      { AttributeName: KEY.sk, KeyType: 'RANGE' },
    ],
    ...(table.globalIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.globalIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.pk, KeyType: 'HASH' },
              { AttributeName: index.sk, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } } : {}),
  };
}

/**
 * Creates whichever of the two tables is missing and waits until both are ACTIVE with TTL enabled where
 * the schema defines it. An existing table is kept (with its data) when it matches the schema; one that
 * does not (a database persisted under an older schema) is an error, since silently using it would give
 * wrong results later, far from the cause.
 *
 * @returns the names of the tables this call created.
 */
export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<string[]> {
  const created: string[] = [];
  for (const table of TABLES) {
    const tableName = physicalName(names, table);
    const existing = await describeTable(client, tableName);
    if (existing) {
      const problem = schemaMismatch(existing, table);
      if (problem) {
        throw new Error(
          `Table ${tableName} exists but does not match lambda/store/table-schema.ts (${problem}). ` +
            'Delete the local database (or the table) and start again.',
        );
      }
    } else {
      try {
        await client.send(new CreateTableCommand(createTableInput(tableName, table)));
        created.push(tableName);
      } catch (error) {
        // Another process created it between our describe and create: that is the state we want.
        if (!(error instanceof ResourceInUseException)) throw error;
      }
    }
    await waitUntilActive(client, tableName);
    if (table.ttlAttribute) await ensureTimeToLive(client, tableName, table.ttlAttribute);
  }
  return created;
}

/** Deletes both tables if they exist and waits until they are gone (for tests). */
export async function deleteTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  for (const table of TABLES) {
    const tableName = physicalName(names, table);
    try {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await waitFor(`table ${tableName} to be deleted`, async () => !(await describeTable(client, tableName)));
  }
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function schemaMismatch(actual: TableDescription, table: TableDefinition): string | undefined {
  const key = (schema: TableDescription['KeySchema']) =>
    (schema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).join(',');
  if (key(actual.KeySchema) !== `${KEY.pk}:HASH,${KEY.sk}:RANGE`) return `key schema is ${key(actual.KeySchema)}`;
  const actualStream = actual.StreamSpecification?.StreamEnabled ? actual.StreamSpecification.StreamViewType : null;
  if ((actualStream ?? null) !== table.stream) return `stream is ${actualStream ?? 'off'}, expected ${table.stream ?? 'off'}`;
  const actualIndexes = (actual.GlobalSecondaryIndexes ?? []).map((i) => `${i.IndexName}(${key(i.KeySchema)})`).sort();
  const expectedIndexes = table.globalIndexes.map((i) => `${i.name}(${i.pk}:HASH,${i.sk}:RANGE)`).sort();
  if (actualIndexes.join(' ') !== expectedIndexes.join(' ')) {
    return `indexes are [${actualIndexes.join(', ')}], expected [${expectedIndexes.join(', ')}]`;
  }
  return undefined;
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string, attribute: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const { TimeToLiveStatus, AttributeName } = current.TimeToLiveDescription ?? {};
  if ((TimeToLiveStatus === 'ENABLED' || TimeToLiveStatus === 'ENABLING') && AttributeName === attribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
    }),
  );
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  await waitFor(`table ${tableName} to become ACTIVE`, async () => {
    const table = await describeTable(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    return table?.TableStatus === 'ACTIVE' && indexesActive;
  });
}

// The SDK's waiters poll at a 20 s minimum, made for the cloud; DynamoDB Local settles in milliseconds.
async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${WAIT_TIMEOUT_MS} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
