/**
 * One item in the stats table that debounces anomaly runs: the aggregator stamps `requestedAt` after
 * every batch that applied records and claims `invokedAt` (conditionally) to start a run; the run
 * finishes only if no batch was applied since it read `requestedAt`, else it runs again.
 *
 * The order of the two aggregator writes makes the handshake race-free: a batch first moves
 * `requestedAt`, then tries the claim. A run that has not yet finished then sees the new `requestedAt`
 * and goes again; a run that finished before the stamp has released `invokedAt`, so the claim succeeds
 * and a new run starts.
 */
import { ConditionalCheckFailedException, GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { journalKeys } from './keys.js';

export interface AnomalyRunStateItem {
  /** Epoch ms of the last batch that applied records. */
  requestedAt?: number;
  /** Epoch ms a run was started for; absent = none running. */
  invokedAt?: number;
  /** The last finished run: when, for which `requestedAt`, and the rollups' asOf it read. */
  lastRunAt?: string;
  lastRunFor?: number;
  lastRunAsOf?: string;
}

export class AnomalyRunState {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async get(): Promise<AnomalyRunStateItem> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.table, Key: marshall(journalKeys.anomalyRun()), ConsistentRead: true }));
    if (!out.Item) return {};
    const { pk: _pk, sk: _sk, ...rest } = unmarshall(out.Item);
    return rest as AnomalyRunStateItem;
  }

  /** A batch applied records at `now`: the next run must come after it. Never moves backwards. */
  async request(now: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall(journalKeys.anomalyRun()),
          UpdateExpression: 'SET requestedAt = :now',
          ConditionExpression: 'attribute_not_exists(requestedAt) OR requestedAt < :now',
          ExpressionAttributeValues: marshall({ ':now': now }),
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /**
   * True if this caller should start a run: none is running, or the one claimed before `staleBefore`
   * never finished (its invocation was lost or crashed).
   */
  async claim(now: number, staleBefore: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall(journalKeys.anomalyRun()),
          UpdateExpression: 'SET invokedAt = :now',
          ConditionExpression: 'attribute_not_exists(invokedAt) OR invokedAt < :stale',
          ExpressionAttributeValues: marshall({ ':now': now, ':stale': staleBefore }),
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /**
   * Ends the run that covered every batch up to `requestedAt` = `coveredFor`; false (nothing changed)
   * when a batch was applied since, so the caller runs again.
   */
  async finish(coveredFor: number | undefined, run: { at: string; asOf: string | undefined }): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: marshall(journalKeys.anomalyRun()),
          UpdateExpression: `REMOVE invokedAt SET lastRunAt = :at, lastRunFor = :for${run.asOf ? ', lastRunAsOf = :asOf' : ''}`,
          ConditionExpression: coveredFor === undefined ? 'attribute_not_exists(requestedAt)' : 'requestedAt = :for',
          ExpressionAttributeValues: marshall({ ':at': run.at, ':for': coveredFor ?? 0, ...(run.asOf ? { ':asOf': run.asOf } : {}) }),
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Gives up the claim without covering the latest batches (out of time): the next batch starts a run. */
  async release(): Promise<void> {
    await this.client.send(
      new UpdateItemCommand({ TableName: this.table, Key: marshall(journalKeys.anomalyRun()), UpdateExpression: 'REMOVE invokedAt' }),
    );
  }
}
