/** Closed periods in the stats table: written once (a closed period cannot be closed again), read by key. */
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { DomainError } from '../domain/errors.js';
import type { ClosedPeriod } from '../domain/closed-period.js';
import { closeKeys } from './keys.js';

export class PeriodCloseStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async close(snapshot: ClosedPeriod): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.table,
          Item: marshall({ ...closeKeys.item(snapshot.region, snapshot.period), snapshot: JSON.stringify(snapshot) }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        throw new DomainError('INVALID_INPUT', `${snapshot.period} is already closed for ${snapshot.region}`, { region: snapshot.region, period: snapshot.period });
      }
      throw e;
    }
  }

  async get(region: string, period: string): Promise<ClosedPeriod | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: marshall(closeKeys.item(region, period)), ConsistentRead: true }));
    return out.Item ? (JSON.parse(unmarshall(out.Item).snapshot as string) as ClosedPeriod) : undefined;
  }
}
