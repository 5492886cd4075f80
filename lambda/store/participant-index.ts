/**
 * Reads the participants-by-regency index: a regency's participants in participant-id order, the
 * auditors' drill-down. The index holds whole participant items (projection ALL); what leaves the API
 * is chosen field by field in the resolver, so the NIK hash stays here.
 */
import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ParticipantRecord } from '../domain/records.js';
import { participantIndexKeys } from './keys.js';
import { itemToRecord } from './record-items.js';
import type { ReadCounter } from './rollup-store.js';
import { INDEX } from './table-schema.js';

export class ParticipantIndex {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /**
   * Up to `limit` participants indexed under `regency` (their latest coverage period's regency), with ids
   * greater than `afterId`. `more` is false once the regency has no further participants.
   */
  async page(regency: string, afterId: string | undefined, limit: number, counter?: ReadCounter): Promise<{ records: ParticipantRecord[]; more: boolean }> {
    const { gsi1pk } = participantIndexKeys(regency, '');
    const { name, pk, sk } = INDEX.participantsByRegency;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: name,
        KeyConditionExpression: afterId === undefined ? '#pk = :pk' : '#pk = :pk AND #sk > :after',
        ExpressionAttributeNames: { '#pk': pk, ...(afterId === undefined ? {} : { '#sk': sk }) },
        ExpressionAttributeValues: marshall({ ':pk': gsi1pk, ...(afterId === undefined ? {} : { ':after': afterId }) }),
        Limit: limit,
        ReturnConsumedCapacity: counter ? 'TOTAL' : undefined,
      }),
    );
    if (counter) {
      counter.requests++;
      counter.items += out.Count ?? 0;
      counter.capacityUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
    }
    const records = (out.Items ?? [])
      .map((item) => itemToRecord(unmarshall(item)))
      .filter((r): r is ParticipantRecord => r?.kind === 'participant');
    return { records, more: out.LastEvaluatedKey !== undefined };
  }
}
