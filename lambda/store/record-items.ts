/**
 * Raw records <-> records-table items. Attribute names are spelled out: these items are what auditors
 * and operators inspect, and they are written once per import, not on every aggregation.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { RawRecord } from '../domain/records.js';
import { assertNever } from '../domain/errors.js';
import type { Item } from './batch.js';
import { participantIndexKeys, recordKeys, recordKindOfKey, type ItemKey } from './keys.js';

export function keyOfRecord(record: RawRecord): ItemKey {
  switch (record.kind) {
    case 'participant':
      return recordKeys.participant(record.participantId);
    case 'payment':
      return recordKeys.payment(record.paymentId);
    case 'claim':
      return recordKeys.claim(record.claimId);
    case 'budget':
      return recordKeys.budget(record.regency, record.fiscalYear);
    case 'target':
      return recordKeys.target(record.regency, record.year, record.sector);
    default:
      return assertNever(record, 'record kind');
  }
}

export function recordToItem(record: RawRecord): Item {
  const index =
    record.kind === 'participant'
      ? participantIndexKeys(record.periods[record.periods.length - 1]!.regency, record.participantId)
      : {};
  return marshall({ ...keyOfRecord(record), ...index, ...record }, { removeUndefinedValues: true });
}

export function itemToRecord(item: Item | Record<string, unknown>): RawRecord | undefined {
  const plain = isAttributeMap(item) ? unmarshall(item as Item) : (item as Record<string, unknown>);
  if (typeof plain.pk !== 'string' || !recordKindOfKey(plain.pk)) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = plain;
  return rest as unknown as RawRecord;
}

function isAttributeMap(item: Record<string, unknown>): boolean {
  const pk = item.pk as { S?: string } | undefined;
  return typeof pk === 'object' && pk !== null && typeof pk.S === 'string';
}

export function keyItem(key: ItemKey): Item {
  return marshall(key);
}
