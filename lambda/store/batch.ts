/**
 * BatchWriteItem / BatchGetItem with bounded concurrency, retrying UnprocessedItems/UnprocessedKeys with
 * exponential backoff and full jitter (the AWS-recommended pattern). Throttling errors themselves are
 * retried by the SDK client (maxAttempts in client.ts).
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';

export type Item = Record<string, AttributeValue>;

export interface BatchOptions {
  concurrency?: number;
  /** Called after each batch lands with the number of requests it completed. */
  onProgress?: (done: number) => void;
  maxRetries?: number;
  baseDelayMs?: number;
}

const WRITE_BATCH = 25; // DynamoDB limit per BatchWriteItem
export const GET_BATCH = 100; // DynamoDB limit per BatchGetItem

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function backoff(attempt: number, base: number): number {
  return Math.random() * Math.min(5_000, base * 2 ** attempt);
}

export async function batchWrite(
  client: DynamoDBClient,
  table: string,
  requests: readonly WriteRequest[],
  options: BatchOptions = {},
): Promise<void> {
  await batchWriteEach(client, table, requests, (r) => r, options);
}

/**
 * batchWrite that builds each request only when its batch is about to be sent. A large import then
 * marshals its items while earlier batches are in flight, instead of marshalling them all before the
 * first write leaves (60,000 participants: about 1.5 s of one core, on the machine of bench/results.md).
 */
export async function batchWriteEach<T>(
  client: DynamoDBClient,
  table: string,
  items: readonly T[],
  toRequest: (item: T) => WriteRequest,
  options: BatchOptions = {},
): Promise<void> {
  const limit = pLimit(options.concurrency ?? 16);
  const maxRetries = options.maxRetries ?? 10;
  await Promise.all(
    chunk(items, WRITE_BATCH).map((batch) =>
      limit(async () => {
        let pending: WriteRequest[] = batch.map(toRequest);
        const size = pending.length;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > maxRetries) {
            throw new Error(`BatchWriteItem on ${table}: ${pending.length} items still unprocessed after ${maxRetries} retries`);
          }
          if (attempt > 0) await sleep(backoff(attempt, options.baseDelayMs ?? 50));
          const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
          pending = out.UnprocessedItems?.[table] ?? [];
        }
        options.onProgress?.(size);
      }),
    ),
  );
}

export async function batchGet(
  client: DynamoDBClient,
  table: string,
  keys: readonly Item[],
  options: BatchOptions & { consistentRead?: boolean } = {},
): Promise<Item[]> {
  const limit = pLimit(options.concurrency ?? 16);
  const maxRetries = options.maxRetries ?? 10;
  const results = await Promise.all(
    chunk(keys, GET_BATCH).map((batch) =>
      limit(async () => {
        const found: Item[] = [];
        let pending: Item[] = batch;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > maxRetries) throw new Error(`BatchGetItem on ${table}: keys still unprocessed after ${maxRetries} retries`);
          if (attempt > 0) await sleep(backoff(attempt, options.baseDelayMs ?? 50));
          const out = await client.send(
            new BatchGetItemCommand({
              RequestItems: { [table]: { Keys: pending, ConsistentRead: options.consistentRead ?? true } },
            }),
          );
          found.push(...(out.Responses?.[table] ?? []));
          pending = (out.UnprocessedKeys?.[table]?.Keys as Item[] | undefined) ?? [];
        }
        options.onProgress?.(batch.length);
        return found;
      }),
    ),
  );
  return results.flat();
}
