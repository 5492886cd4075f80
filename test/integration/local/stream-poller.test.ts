import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../../lambda/local/create-tables.js';
import { createLocalStreamsClient } from '../../../lambda/local/local-clients.js';
import type { DiscardedRecords } from '../../../lambda/local/stream-delivery.js';
import {
  startStreamPoller,
  type StreamFailureMessage,
  type StreamPoller,
  type StreamPollerOptions,
} from '../../../lambda/local/stream-poller.js';
import { silentLogger, START_TIMEOUT_MS, startLocalDatabase, uniqueTableNames, type LocalDatabase } from './support.js';

let db: LocalDatabase;
const pollers: StreamPoller[] = [];

beforeAll(async () => {
  db = await startLocalDatabase();
}, START_TIMEOUT_MS);
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});
afterAll(async () => {
  await db?.close();
});

interface Invocation {
  /** The `n` attribute of each record's item: which writes the batch carried. */
  items: number[];
  sequenceNumbers: string[];
  event: DynamoDBStreamEvent;
  context: Context;
}

type Behaviour = (event: DynamoDBStreamEvent, call: number) => DynamoDBBatchResponse | void;

/** A stand-in for the aggregator: records what it is sent and answers as `behaviour` says. */
function recordingHandler(behaviour: Behaviour = () => undefined) {
  const invocations: Invocation[] = [];
  const handler = async (event: DynamoDBStreamEvent, context: Context) => {
    invocations.push({
      items: event.Records.map(itemNumber),
      sequenceNumbers: event.Records.map((r) => r.dynamodb!.SequenceNumber!),
      event,
      context,
    });
    return behaviour(event, invocations.length);
  };
  return { handler, invocations };
}

function itemNumber(record: DynamoDBRecord): number {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  return Number(image?.n?.N);
}

async function newRecordsTable(): Promise<string> {
  const names = uniqueTableNames();
  await ensureTables(db.ddb, names);
  return names.recordsTable;
}

async function putItems(table: string, numbers: number[]): Promise<void> {
  for (const n of numbers) {
    await db.ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `ITEM#${n}` }, sk: { S: 'A' }, n: { N: String(n) } } }));
  }
}

async function startPoller(
  table: string,
  handler: StreamPollerOptions['handler'],
  overrides: Partial<StreamPollerOptions> = {},
): Promise<{ poller: StreamPoller; failures: Array<{ message: StreamFailureMessage; details: DiscardedRecords }> }> {
  const failures: Array<{ message: StreamFailureMessage; details: DiscardedRecords }> = [];
  const poller = await startStreamPoller({
    ddb: db.ddb,
    streams: db.streams,
    tableName: table,
    handler,
    batchSize: 100,
    maximumRetryAttempts: 3,
    bisectBatchOnFunctionError: false,
    pollIntervalMs: 50,
    retryDelayMs: 5,
    onFailure: (message, details) => {
      failures.push({ message, details });
    },
    logger: silentLogger,
    ...overrides,
  });
  pollers.push(poller);
  return { poller, failures };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('stream poller: what the handler receives', () => {
  it('delivers inserts, modifies and removes in order, shaped as Lambda delivers them', async () => {
    const table = await newRecordsTable();
    const key = { pk: { S: 'PARTICIPANT#v1#35090000001' }, sk: { S: 'A' } };
    const photo = Uint8Array.from([0, 1, 2, 250, 255]);
    const writtenFrom = Math.floor(Date.now() / 1000);
    await db.ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, n: { N: '1' }, photo: { B: photo } } }));
    await db.ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET n = :n, tags = :tags',
        ExpressionAttributeValues: { ':n': { N: '2' }, ':tags': { SS: ['DBHCHT'] } },
      }),
    );
    await db.ddb.send(new DeleteItemCommand({ TableName: table, Key: key }));
    await putItems(table, [3]);
    const writtenTo = Math.ceil(Date.now() / 1000);

    const { handler, invocations } = recordingHandler();
    const { poller } = await startPoller(table, handler, { batchSize: 10 });
    await poller.waitForIdle();

    const records = invocations.flatMap((i) => i.event.Records);
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE', 'INSERT']);
    const sequence = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    expect([...sequence].sort((a, b) => (a < b ? -1 : 1))).toEqual(sequence);
    expect(new Set(sequence).size).toBe(4);

    for (const record of records) {
      expect(record).toMatchObject({
        eventID: expect.any(String),
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: expect.any(String),
        eventSourceARN: poller.streamArn,
      });
      expect(record.eventSourceARN).toMatch(new RegExp(`^arn:aws:dynamodb:[^:]+:\\d+:table/${table}/stream/`));
      expect(record.dynamodb!.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
      expect(record.dynamodb!.SizeBytes).toBeGreaterThan(0);
      // Epoch seconds, as Lambda sends it (DynamoDB Local rounds it down to the minute).
      expect(record.dynamodb!.ApproximateCreationDateTime).toBeGreaterThanOrEqual(writtenFrom - 60);
      expect(record.dynamodb!.ApproximateCreationDateTime).toBeLessThanOrEqual(writtenTo);
    }
    const [insert, modify, remove] = records as [DynamoDBRecord, DynamoDBRecord, DynamoDBRecord];
    const expectedPhoto = Buffer.from(photo).toString('base64');
    expect(insert.dynamodb!.Keys).toEqual(key);
    expect(insert.dynamodb!.OldImage).toBeUndefined();
    expect(insert.dynamodb!.NewImage).toEqual({ ...key, n: { N: '1' }, photo: { B: expectedPhoto } });
    expect(modify.dynamodb!.OldImage).toEqual({ ...key, n: { N: '1' }, photo: { B: expectedPhoto } });
    expect(modify.dynamodb!.NewImage).toEqual({ ...key, n: { N: '2' }, photo: { B: expectedPhoto }, tags: { SS: ['DBHCHT'] } });
    expect(remove.dynamodb!.Keys).toEqual(key);
    expect(remove.dynamodb!.NewImage).toBeUndefined();
    expect(remove.dynamodb!.OldImage).toEqual(modify.dynamodb!.NewImage);

    const { context } = invocations[0]!;
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(poller.stats()).toMatchObject({ recordsRead: 4, recordsProcessed: 4, recordsDiscarded: 0, failedInvocations: 0 });
  });

  it('sends batches of at most batchSize records, in stream order', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 25));
    const { handler, invocations } = recordingHandler();
    const { poller } = await startPoller(table, handler, { batchSize: 10 });
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 10), range(11, 20), range(21, 25)]);
  });

  it('keeps delivering records written after it started, and stops when told', async () => {
    const table = await newRecordsTable();
    const { handler, invocations } = recordingHandler();
    const { poller } = await startPoller(table, handler);
    await putItems(table, [1, 2]);
    await poller.waitForIdle();
    await putItems(table, [3]);
    await poller.waitForIdle();
    expect(invocations.flatMap((i) => i.items)).toEqual([1, 2, 3]);

    await poller.stop();
    await putItems(table, [4]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(invocations.flatMap((i) => i.items)).toEqual([1, 2, 3]);
  });

  it('gathers records for up to maximumBatchingWindowMs before invoking', async () => {
    const table = await newRecordsTable();
    const { handler, invocations } = recordingHandler();
    const { poller } = await startPoller(table, handler, { batchSize: 10, maximumBatchingWindowMs: 1_500 });
    await putItems(table, [1]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await putItems(table, [2, 3]);
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([[1, 2, 3]]);
  });
});

describe('stream poller: Lambda error handling', () => {
  it('redelivers the same batch after the handler throws', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 4));
    const { handler, invocations } = recordingHandler((_event, call) => {
      if (call === 1) throw new Error('transient');
    });
    const { poller, failures } = await startPoller(table, handler);
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 4), range(1, 4)]);
    expect(invocations[1]!.sequenceNumbers).toEqual(invocations[0]!.sequenceNumbers);
    expect(failures).toEqual([]);
    expect(poller.stats()).toMatchObject({ invocations: 2, failedInvocations: 1, recordsProcessed: 4 });
  });

  it('with bisectBatchOnFunctionError, retries a failed batch as two halves until the bad record is isolated', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 8));
    // Item 6 is poison. Worked by hand with maximumRetryAttempts 4, each failure counting one retry
    // against the records it carried, a split being the retry: [1-8] fails (retry 1 as halves) ->
    // [1-4] ok; [5-8] fails (retry 2) -> [5,6] fails (retry 3) -> [5] ok; [6] fails (retry 4) -> [6]
    // fails, a 5th retry is not allowed -> discarded after 5 invocations; then [7,8] ok.
    const { handler, invocations } = recordingHandler((event) => {
      if (event.Records.some((r) => itemNumber(r) === 6)) throw new Error('poison record');
    });
    const { poller, failures } = await startPoller(table, handler, {
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 4,
    });
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 8), range(1, 4), range(5, 8), [5, 6], [5], [6], [6], [7, 8]]);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.details.records.map(itemNumber)).toEqual([6]);
    expect(failures[0]!.message.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 5 });
    expect(poller.stats()).toMatchObject({ invocations: 8, failedInvocations: 5, recordsProcessed: 7, recordsDiscarded: 1 });
  });

  it('resumes from the lowest sequence number reported in batchItemFailures', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 6));
    const { handler, invocations } = recordingHandler((event, call) => {
      if (call > 1) return undefined;
      const failed = event.Records.filter((r) => [5, 3].includes(itemNumber(r)));
      return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    });
    const { poller } = await startPoller(table, handler);
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 6), range(3, 6)]);
    expect(poller.stats()).toMatchObject({ recordsProcessed: 6, failedInvocations: 1 });
  });

  it('treats an unknown itemIdentifier as a failure of the whole batch', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 3));
    const { handler, invocations } = recordingHandler((_event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] } : undefined,
    );
    const { poller } = await startPoller(table, handler);
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 3), range(1, 3)]);
  });

  it('ignores batchItemFailures when the mapping does not report batch item failures', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 3));
    const { handler, invocations } = recordingHandler((event) => ({
      batchItemFailures: [{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber! }],
    }));
    const { poller } = await startPoller(table, handler, { reportBatchItemFailures: false });
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 3)]);
  });

  it('after maximumRetryAttempts hands the batch to onFailure and moves on', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 3));
    const { handler, invocations } = recordingHandler((event) => {
      if (event.Records.some((r) => itemNumber(r) <= 3)) throw new Error('always fails');
    });
    const { poller, failures } = await startPoller(table, handler, { maximumRetryAttempts: 2 });
    await poller.waitForIdle();
    await putItems(table, [4]);
    await poller.waitForIdle();

    // One invocation plus two retries, then the next records.
    expect(invocations.map((i) => i.items)).toEqual([range(1, 3), range(1, 3), range(1, 3), [4]]);
    expect(failures).toHaveLength(1);
    const [{ message, details }] = failures as [(typeof failures)[number]];
    const sequenceNumbers = invocations[0]!.sequenceNumbers;
    expect(message).toMatchObject({
      version: '1.0',
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { functionError: 'Unhandled' },
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: sequenceNumbers[0],
        endSequenceNumber: sequenceNumbers[2],
        batchSize: 3,
        streamArn: poller.streamArn,
      },
    });
    expect(details.records.map(itemNumber)).toEqual([1, 2, 3]);
    expect(details.error?.message).toBe('always fails');
  });

  it('reports what is pending when it cannot become idle', async () => {
    const table = await newRecordsTable();
    await putItems(table, [1]);
    const { handler } = recordingHandler(() => {
      throw new Error('never succeeds');
    });
    const { poller } = await startPoller(table, handler, { maximumRetryAttempts: -1, retryDelayMs: 20 });
    await expect(poller.waitForIdle(800)).rejects.toThrow(/not idle after 800 ms; pending shards: shardId-\S+ \(running, 0 buffered, delivering/);
  });
});

describe('stream poller: DynamoDB Local stream quirks', () => {
  it('renews an expired shard iterator without losing or repeating records', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 5));
    // A streams client whose second GetRecords carries an iterator aged past its 15 minutes, so that
    // DynamoDB Local itself answers ExpiredIteratorException. (Its iterators are `arn|version|base64`
    // of `shardId|sequenceNumber|issuedAtMillis`.)
    const streams = createLocalStreamsClient(db.dynamo.endpoint);
    const errors: string[] = [];
    let getRecordsCalls = 0;
    streams.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ShardIterator?: string };
        if (context.commandName === 'GetRecordsCommand' && ++getRecordsCalls === 2 && input.ShardIterator) {
          input.ShardIterator = agedIterator(input.ShardIterator, 16 * 60_000);
        }
        try {
          return await next(args);
        } catch (error) {
          errors.push((error as Error).name);
          throw error;
        }
      },
      { step: 'initialize', name: 'ageShardIterator' },
    );
    try {
      const { handler, invocations } = recordingHandler();
      const { poller } = await startPoller(table, handler, { streams, batchSize: 2 });
      await poller.waitForIdle();
      expect(errors).toContain('ExpiredIteratorException');
      expect(invocations.map((i) => i.items)).toEqual([[1, 2], [3, 4], [5]]);
    } finally {
      streams.destroy();
    }
  });
});

function agedIterator(iterator: string, ageMs: number): string {
  const [arn, version, encoded] = iterator.split('|') as [string, string, string];
  const [shardId, sequenceNumber, issuedAt] = Buffer.from(encoded, 'base64').toString('utf8').split('|') as [string, string, string];
  const aged = String(Number(issuedAt) - ageMs).padStart(issuedAt.length, '0');
  return [arn, version, Buffer.from([shardId, sequenceNumber, aged].join('|')).toString('base64')].join('|');
}
