/** SDK clients for a DynamoDB Local endpoint. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { LOCAL_DEFAULTS } from '../config.js';

/**
 * DynamoDB Local accepts any key. Started with `-sharedDb` (as `startDynamoDbLocal` does) it also
 * ignores the key and region when choosing the database, so these need not match any other client's.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalClients {
  ddb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
}

export function createLocalDynamoDbClient(endpoint: string, region: string = LOCAL_DEFAULTS.region): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
}

export function createLocalStreamsClient(endpoint: string, region: string = LOCAL_DEFAULTS.region): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
}

export function createLocalClients(endpoint: string, region: string = LOCAL_DEFAULTS.region): LocalClients {
  return { ddb: createLocalDynamoDbClient(endpoint, region), streams: createLocalStreamsClient(endpoint, region) };
}

/** Releases the clients' sockets, so a test or a stopped platform leaves no open handles. */
export function destroyLocalClients(clients: LocalClients): void {
  clients.ddb.destroy();
  clients.streams.destroy();
}
