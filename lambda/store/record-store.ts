/** Raw records in the records table: read by key, write in batches. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ParticipantRecord, RawRecord } from '../domain/records.js';
import { batchGet, batchWriteEach, type BatchOptions } from './batch.js';
import { recordKeys, type ItemKey } from './keys.js';
import { itemToRecord, keyItem, keyOfRecord, recordToItem } from './record-items.js';

export class RecordStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /** Stored records by key id (`pk|sk`); keys with no item are absent from the map. */
  async getByKeys(keys: readonly ItemKey[]): Promise<Map<string, RawRecord>> {
    const unique = [...new Map(keys.map((k) => [keyId(k), k])).values()];
    const items = await batchGet(this.client, this.table, unique.map(keyItem));
    const out = new Map<string, RawRecord>();
    for (const item of items) {
      const plain = unmarshall(item) as ItemKey;
      const record = itemToRecord(plain as unknown as Record<string, unknown>);
      if (record) out.set(keyId(plain), record);
    }
    return out;
  }

  async getParticipants(ids: readonly string[]): Promise<Map<string, ParticipantRecord>> {
    const found = await this.getByKeys(ids.map((id) => recordKeys.participant(id)));
    const out = new Map<string, ParticipantRecord>();
    for (const r of found.values()) if (r.kind === 'participant') out.set(r.participantId, r);
    return out;
  }

  async putRecords(records: readonly RawRecord[], options: BatchOptions = {}): Promise<void> {
    await batchWriteEach(this.client, this.table, records, (r) => ({ PutRequest: { Item: recordToItem(r) } }), options);
  }
}

export function keyId(key: ItemKey): string {
  return `${key.pk}|${key.sk}`;
}

export function recordKeyId(record: RawRecord): string {
  return keyId(keyOfRecord(record));
}
