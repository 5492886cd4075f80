/** Stored anomalies: replaced as a whole set by the anomaly job, read per province by the API. */
import { QueryCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Anomaly } from '../domain/anomaly-rules.js';
import { ancestorAt } from '../domain/regions.js';
import { batchWrite } from './batch.js';
import { anomalyKeys } from './keys.js';
import { scanAll } from './scan.js';

export class AnomalyStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** Makes the stored set equal to `anomalies`: new and changed ones put, vanished ones deleted. */
  /** `asOf`: the rollups' asOf when the job started (stored on each anomaly; undefined = nothing aggregated). */
  async replaceAll(anomalies: readonly Anomaly[], foundAt: string, asOf?: string): Promise<{ put: number; deleted: number }> {
    // Keys only: the scan filters the whole stats table, and rollup items are large.
    const existing = await scanAll(this.client, this.table, { prefix: 'ANOMALY#', projection: ['pk', 'sk'] });
    const keep = new Set<string>();
    const puts = anomalies.map((a) => {
      const key = anomalyKeys.item(ancestorAt(a.regency, 'PROVINCE'), a.regency, a.type, a.id);
      keep.add(`${key.pk}|${key.sk}`);
      return { PutRequest: { Item: marshall({ ...key, ...a, foundAt, asOf }, { removeUndefinedValues: true }) } };
    });
    const deletes = existing
      .filter((e) => !keep.has(`${e.pk as string}|${e.sk as string}`))
      .map((e) => ({ DeleteRequest: { Key: marshall({ pk: e.pk, sk: e.sk }) } }));
    await batchWrite(this.client, this.table, [...puts, ...deletes]);
    return { put: puts.length, deleted: deletes.length };
  }

  async forProvince(province: string): Promise<Array<Anomaly & { foundAt: string; asOf?: string }>> {
    const out: Array<Anomaly & { foundAt: string; asOf?: string }> = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const res = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: marshall({ ':pk': anomalyKeys.partition(province) }),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of res.Items ?? []) {
        const { pk: _pk, sk: _sk, ...rest } = unmarshall(item);
        out.push(rest as Anomaly & { foundAt: string; asOf?: string });
      }
      startKey = res.LastEvaluatedKey;
    } while (startKey);
    return out;
  }
}
