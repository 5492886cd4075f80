/**
 * The raw BatchWriteItem ceiling: how fast this DynamoDB Local takes the very items the import wrote
 * when nothing else is done with them (no CSV parsing, no validation, no read of what is stored).
 *
 * Each measurement gets a fresh DynamoDB Local with an empty records table (same key schema, index and
 * stream as the real one), as the import had. A second stream-enabled table in the import's database
 * would not do: measured once, such a table written after the import's 64,000 records took about 35
 * items/s instead of thousands, its time spent in DynamoDB Local's per-write stream bookkeeping
 * (SQLiteDBAccessJob.getStreamDescription, on its single SQLite thread).
 */
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { performance } from 'node:perf_hooks';
import { ensureTables } from '../lambda/local/create-tables.js';
import { startDynamoDbLocal } from '../lambda/local/dynamodb-local.js';
import { batchWrite } from '../lambda/store/batch.js';
import { createDynamoClient } from '../lambda/store/client.js';
import { fmt, log } from './log.js';
import type { Item } from './naive.js';

export interface CeilingRun {
  concurrency: number;
  items: number;
  ms: number;
  itemsPerSecond: number;
}

/**
 * The items a client writes to `table` with BatchWriteItem while the capture runs, in the order it first
 * sent them (a retried unprocessed item keeps its place): the very items the import wrote, without
 * reading them back. A Scan would do too (`importedItems`), but DynamoDB Local's slows with the table:
 * at 600,000 participants reading the import's 605,544 items back took 274 s, longer than the ceiling
 * run itself (73 s at 32 requests).
 */
export function captureBatchWrites(client: DynamoDBClient, table: string): { stop: () => Item[] } {
  const written = new Map<string, Item>();
  let capturing = true;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (capturing && context.commandName === 'BatchWriteItemCommand') {
        const requests = (args.input as { RequestItems?: Record<string, Array<{ PutRequest?: { Item?: Item } }>> }).RequestItems?.[table] ?? [];
        for (const r of requests) {
          const item = r.PutRequest?.Item;
          if (item) {
            const key = JSON.stringify([item.pk, item.sk]);
            if (!written.has(key)) written.set(key, item);
          }
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchBatchWriteCapture', override: true },
  );
  return {
    stop: () => {
      capturing = false;
      client.middlewareStack.remove('benchBatchWriteCapture');
      return [...written.values()];
    },
  };
}

/** Every item of a table as stored (a parallel scan), in the order the import wrote them. */
export async function importedItems(ddb: DynamoDBClient, table: string, segments = 4): Promise<Item[]> {
  const items: Item[] = [];
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let startKey: Item | undefined;
      do {
        const page = await ddb.send(new ScanCommand({ TableName: table, Segment: segment, TotalSegments: segments, ExclusiveStartKey: startKey }));
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  return importOrder(items);
}

/** The import writes file by file (participants, contributions, claims, budgets, targets), each file's records by regency. */
function importOrder(items: Item[]): Item[] {
  const KIND_ORDER = ['PARTICIPANT', 'PAYMENT', 'CLAIM', 'BUDGET', 'TARGET'];
  const keyed = items.map((item) => {
    const plain = unmarshall(item) as Record<string, unknown>;
    const kind = String(plain.pk).split('#')[0]!;
    const regency =
      kind === 'PARTICIPANT'
        ? String(plain.gsi1pk).split('#').at(-1)
        : kind === 'CLAIM'
          ? String((plain.claimant as { regency?: string } | undefined)?.regency)
          : String(plain.regency);
    return { item, rank: KIND_ORDER.indexOf(kind), regency: regency ?? '' };
  });
  keyed.sort((a, b) => a.rank - b.rank || a.regency.localeCompare(b.regency));
  return keyed.map((k) => k.item);
}

/** Writes `items` (in the import's order) with BatchWriteItem at each concurrency, each into a fresh database. */
export async function measureCeiling(items: readonly Item[], concurrencies: readonly number[], scope: string): Promise<CeilingRun[]> {
  const runs: CeilingRun[] = [];
  for (const concurrency of concurrencies) {
    const ddbLocal = await startDynamoDbLocal({ quiet: true });
    const names = { recordsTable: 'ceiling-records', statsTable: 'ceiling-stats' };
    const ddb = createDynamoClient({ dynamodbEndpoint: ddbLocal.endpoint, region: 'ap-southeast-3' });
    try {
      await ensureTables(ddb, names);
      let done = 0;
      const started = performance.now();
      const timer = setInterval(() => log(scope, `ceiling ×${concurrency}: ${fmt.int(done)}/${fmt.int(items.length)} items`), 10_000);
      try {
        await batchWrite(ddb, names.recordsTable, items.map((Item) => ({ PutRequest: { Item } })), {
          concurrency,
          onProgress: (n) => (done += n),
        });
      } finally {
        clearInterval(timer);
      }
      const ms = performance.now() - started;
      const run = { concurrency, items: items.length, ms, itemsPerSecond: items.length / (ms / 1000) };
      log(scope, `ceiling ×${concurrency}: ${fmt.int(items.length)} items in ${fmt.s(ms)} s = ${fmt.rate(run.itemsPerSecond)} items/s`);
      runs.push(run);
    } finally {
      ddb.destroy();
      await ddbLocal.stop();
    }
  }
  return runs;
}
