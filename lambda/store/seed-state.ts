/**
 * One item in the stats table that says "this store is being seeded in one pass" (local/seed-store.ts):
 * written before the first record of the seed, deleted once the stream aggregator has taken over. While
 * it is there the rollups are not yet the records' (they are recounted at the end), so a write from
 * elsewhere is refused (`npm run import`, the local server's write routes), and a platform that finds it
 * at start knows an earlier seed was interrupted and does it again.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { journalKeys } from './keys.js';

export class SeedState {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** When the seed under way (or interrupted) began; undefined when none is. */
  async inProgress(): Promise<string | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: marshall(journalKeys.seeding()), ConsistentRead: true }));
    return out.Item ? String(unmarshall(out.Item).startedAt) : undefined;
  }

  async begin(at: Date = new Date()): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: marshall({ ...journalKeys.seeding(), startedAt: at.toISOString() }) }));
  }

  async end(): Promise<void> {
    await this.client.send(new DeleteItemCommand({ TableName: this.table, Key: marshall(journalKeys.seeding()) }));
  }
}
