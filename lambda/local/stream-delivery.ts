/**
 * Delivering one batch of a shard's records to a function with the error handling of a Lambda event
 * source mapping for DynamoDB Streams (the records stay in order; the shard waits until the batch is
 * done):
 *
 * - The function throws (or times out, or returns an invalid failure report): the batch failed. It is
 *   retried; with `bisectBatchOnFunctionError` the retry is of its two halves, first half first.
 * - The function returns `{ batchItemFailures: [{ itemIdentifier: <SequenceNumber> }] }` and the mapping
 *   has `ReportBatchItemFailures`: the records before the lowest reported sequence number succeeded,
 *   and the retry starts at that record. An empty or missing list is success; an empty, missing or
 *   unknown `itemIdentifier` fails the whole batch (AWS: "Configuring partial batch response").
 * - Every failed invocation counts one retry against the records it carried, and the halves of a split
 *   inherit the count ("split the batch into two before retrying"; the split is the retry). After
 *   `maximumRetryAttempts` retries (-1: no limit) the records are discarded to the on-failure
 *   destination. Records older than `maximumRecordAgeSeconds` (-1: no limit) are discarded before an
 *   invocation instead of being sent.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { sequenceNumberOf } from './stream-records.js';

export interface DeliveryPolicy {
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  maximumRecordAgeSeconds: number;
  /** First retry delay; doubles with each further retry of the same records, up to 10 s. */
  retryDelayMs: number;
}

export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface DiscardedRecords {
  records: DynamoDBRecord[];
  condition: DiscardCondition;
  /** Invocations that carried these records. */
  approximateInvokeCount: number;
  /** The last failure, when the records were discarded after failing. */
  error?: Error;
}

export interface DeliveryDeps {
  /** Invokes the function; resolves with what it returned, rejects when it failed. */
  invoke(records: DynamoDBRecord[]): Promise<unknown>;
  discard(discarded: DiscardedRecords): Promise<void>;
  /** Resolves after `ms`, or early once delivery should stop. */
  sleep(ms: number): Promise<void>;
  isStopped(): boolean;
  now(): number;
}

export interface DeliveryResult {
  /** False when stopped before every record was either processed or discarded. */
  completed: boolean;
  processed: number;
  discarded: number;
  invocations: number;
  failedInvocations: number;
}

type Outcome = { kind: 'success' } | { kind: 'partial'; from: number; error: Error } | { kind: 'error'; error: Error };

interface Segment {
  records: DynamoDBRecord[];
  attempts: number;
}

const MAX_RETRY_DELAY_MS = 10_000;

export async function deliverBatch(
  records: DynamoDBRecord[],
  policy: DeliveryPolicy,
  deps: DeliveryDeps,
): Promise<DeliveryResult> {
  const result: DeliveryResult = { completed: false, processed: 0, discarded: 0, invocations: 0, failedInvocations: 0 };
  const queue: Segment[] = records.length > 0 ? [{ records, attempts: 0 }] : [];
  while (queue.length > 0) {
    if (deps.isStopped()) return result;
    const segment = queue[0]!;
    const expired = leadingExpired(segment.records, policy.maximumRecordAgeSeconds, deps.now());
    if (expired > 0) {
      await deps.discard({
        records: segment.records.slice(0, expired),
        condition: 'RecordAgeExceeded',
        approximateInvokeCount: segment.attempts,
      });
      result.discarded += expired;
      segment.records = segment.records.slice(expired);
      if (segment.records.length === 0) queue.shift();
      continue;
    }

    result.invocations++;
    let outcome: Outcome;
    try {
      outcome = interpretResult(await deps.invoke(segment.records), segment.records, policy.reportBatchItemFailures);
    } catch (error) {
      outcome = { kind: 'error', error: error instanceof Error ? error : new Error(String(error)) };
    }
    if (outcome.kind === 'success') {
      result.processed += segment.records.length;
      queue.shift();
      continue;
    }

    result.failedInvocations++;
    const attempts = segment.attempts + 1;
    let failing = segment.records;
    let retries: Segment[];
    if (outcome.kind === 'partial') {
      result.processed += outcome.from;
      failing = segment.records.slice(outcome.from);
      retries = [{ records: failing, attempts }];
    } else if (policy.bisectBatchOnFunctionError && failing.length > 1) {
      const middle = Math.ceil(failing.length / 2);
      retries = [
        { records: failing.slice(0, middle), attempts },
        { records: failing.slice(middle), attempts },
      ];
    } else {
      retries = [{ records: failing, attempts }];
    }

    if (policy.maximumRetryAttempts >= 0 && attempts > policy.maximumRetryAttempts) {
      await deps.discard({
        records: failing,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: attempts,
        error: outcome.error,
      });
      result.discarded += failing.length;
      queue.shift();
      continue;
    }
    queue.splice(0, 1, ...retries);
    await deps.sleep(Math.min(MAX_RETRY_DELAY_MS, policy.retryDelayMs * 2 ** (attempts - 1)));
  }
  result.completed = true;
  return result;
}

function interpretResult(returned: unknown, records: DynamoDBRecord[], reportBatchItemFailures: boolean): Outcome {
  // Without ReportBatchItemFailures on the mapping, Lambda ignores what the function returns.
  if (!reportBatchItemFailures || returned === null || typeof returned !== 'object') return { kind: 'success' };
  const failures: unknown = (returned as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return invalid('batchItemFailures is not a list');
  if (failures.length === 0) return { kind: 'success' };
  let from = records.length;
  for (const failure of failures) {
    const id: unknown = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '') return invalid('a batchItemFailures entry has no itemIdentifier');
    const index = records.findIndex((record) => sequenceNumberOf(record) === id);
    if (index < 0) return invalid(`itemIdentifier ${id} is not the sequence number of a record in the batch`);
    from = Math.min(from, index);
  }
  const error = new Error(`The function reported ${failures.length} failed record(s), first at sequence number ${sequenceNumberOf(records[from]!)}`);
  return { kind: 'partial', from, error };
}

function invalid(reason: string): Outcome {
  return { kind: 'error', error: new Error(`Invalid partial batch response (the whole batch failed): ${reason}`) };
}

/** Records of a shard are in creation order, so the expired ones are a prefix. */
function leadingExpired(records: DynamoDBRecord[], maximumAgeSeconds: number, nowMs: number): number {
  if (maximumAgeSeconds < 0) return 0;
  let count = 0;
  for (const record of records) {
    const created = record.dynamodb?.ApproximateCreationDateTime;
    if (created === undefined || nowMs / 1000 - created <= maximumAgeSeconds) break;
    count++;
  }
  return count;
}
