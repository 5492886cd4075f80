/**
 * The import ledger, in the audit table under its own partition: each import appends one item, written
 * once on condition that it does not exist and never updated or deleted (the table's resource policy
 * denies every change; IAM limits the importer to puts on this partition).
 */
import { GetItemCommand, QueryCommand, TransactionCanceledException, TransactWriteItemsCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ImportLedgerEntry } from '../domain/import-ledger-entry.js';
import { importLedgerKeys } from './keys.js';

/** Items one range read evaluates at most, so a region filter matching little cannot read the whole ledger. */
const SCAN_BUDGET = 2_000;

export interface LedgerPage {
  entries: ImportLedgerEntry[];
  /** Sort key of the last item evaluated, to continue after; undefined when the range is exhausted. */
  resumeAfter: string | undefined;
}

/** The import id already has an entry (its pointer exists): nothing was appended. */
export class ImportAlreadyRecorded extends Error {
  constructor(readonly importId: string) {
    super(`The import ledger already has an entry for import ${importId}`);
    this.name = 'ImportAlreadyRecorded';
  }
}

export class ImportLedger {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  /**
   * The entry and its pointer (import id -> entry), in one transaction of two puts, each on condition that
   * its item does not exist: an import id gets one entry, so a retried import of the same upload cannot
   * append a second one (the transaction fails, the first entry stands). IAM authorises the puts of a
   * transaction as PutItem, so the importer still needs nothing but PutItem on this partition.
   */
  async append(entry: ImportLedgerEntry): Promise<void> {
    const key = importLedgerKeys.entry(entry.at, entry.importId);
    const appended = this.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: marshall({ ...key, ...entry }, { removeUndefinedValues: true }), ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: this.table,
              Item: marshall({ ...importLedgerKeys.pointer(entry.importId), entrySk: key.sk }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    try {
      await appended;
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') throw new ImportAlreadyRecorded(entry.importId);
      throw e;
    }
  }

  /** The entry of an import id (two point reads), or undefined when none was recorded. */
  async byImportId(importId: string): Promise<ImportLedgerEntry | undefined> {
    const read = async (key: { pk: string; sk: string }) =>
      (await this.client.send(new GetItemCommand({ TableName: this.table, Key: marshall(key), ConsistentRead: true }))).Item;
    const pointer = await read(importLedgerKeys.pointer(importId));
    if (!pointer) return undefined;
    const item = await read({ pk: importLedgerKeys.partition, sk: unmarshall(pointer).entrySk as string });
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, ...entry } = unmarshall(item);
    return entry as ImportLedgerEntry;
  }

  /**
   * Up to `first` entries between two instants (inclusive), oldest first, that `keep` accepts, continuing
   * after the sort key `after`.
   */
  async range(
    fromIso: string,
    toIso: string,
    options: { first: number; after?: string; keep?: (e: ImportLedgerEntry) => boolean },
  ): Promise<LedgerPage> {
    const bounds = importLedgerKeys.range(fromIso, toIso);
    const entries: ImportLedgerEntry[] = [];
    let startKey: Record<string, AttributeValue> | undefined = options.after ? marshall({ pk: importLedgerKeys.partition, sk: options.after }) : undefined;
    let scanned = 0;
    let lastSk: string | undefined;
    while (entries.length < options.first && scanned < SCAN_BUDGET) {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: marshall({ ':pk': importLedgerKeys.partition, ':from': bounds.from, ':to': bounds.to }),
          ExclusiveStartKey: startKey,
          Limit: options.keep ? Math.min(SCAN_BUDGET - scanned, 10 * options.first) : options.first - entries.length,
        }),
      );
      let stopped = false;
      for (const item of out.Items ?? []) {
        scanned++;
        const { pk: _pk, sk, ...rest } = unmarshall(item);
        lastSk = sk as string;
        const entry = rest as ImportLedgerEntry;
        if (!options.keep || options.keep(entry)) entries.push(entry);
        if (entries.length === options.first) {
          stopped = item !== out.Items![out.Items!.length - 1] || Boolean(out.LastEvaluatedKey);
          break;
        }
      }
      startKey = out.LastEvaluatedKey;
      if (stopped) return { entries, resumeAfter: lastSk };
      if (!startKey) return { entries, resumeAfter: undefined };
      lastSk = unmarshall(startKey).sk as string;
    }
    return { entries, resumeAfter: lastSk };
  }
}
