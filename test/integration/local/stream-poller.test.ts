import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createLocalStreamsClient } from '../../../lambda/local/local-clients.js';
import { MAX_PAYLOAD_BYTES } from '../../../lambda/local/shard-worker.js';
import { itemNumber, range, recordingHandler, useStreamHarness } from './stream-support.js';

const { db: database, newRecordsTable, putItems, startPoller } = useStreamHarness();

describe('stream poller: what the handler receives', () => {
  it('delivers inserts, modifies and removes in order, shaped as Lambda delivers them', async () => {
    const table = await newRecordsTable();
    const key = { pk: { S: 'PARTICIPANT#v1#35090000001' }, sk: { S: 'A' } };
    const photo = Uint8Array.from([0, 1, 2, 250, 255]);
    const writtenFrom = Math.floor(Date.now() / 1000);
    await database().ddb.send(new PutItemCommand({ TableName: table, Item: { ...key, n: { N: '1' }, photo: { B: photo } } }));
    await database().ddb.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        UpdateExpression: 'SET n = :n, tags = :tags',
        ExpressionAttributeValues: { ':n': { N: '2' }, ':tags': { SS: ['DBHCHT'] } },
      }),
    );
    await database().ddb.send(new DeleteItemCommand({ TableName: table, Key: key }));
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

  it('reads the next batch while the handler is still busy with the current one, as Lambda pollers do', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 30));
    const readDuringFirst: number[] = [];
    let poller: Awaited<ReturnType<typeof startPoller>>['poller'] | undefined;
    const { handler, invocations } = recordingHandler(async (event) => {
      if (itemNumber(event.Records[0]!) !== 1) return;
      // Hold the first invocation until the poller has read past it (or give up after 5 s).
      const until = Date.now() + 5_000;
      while (poller === undefined || (poller.stats().recordsRead < 20 && Date.now() < until)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      readDuringFirst.push(poller.stats().recordsRead);
    });
    ({ poller } = await startPoller(table, handler, { batchSize: 10 }));
    await poller.waitForIdle();
    expect(readDuringFirst).toEqual([20]);
    // Reading ahead fills one batch, no more, and keeps the stream's order.
    expect(invocations.map((i) => i.items)).toEqual([range(1, 10), range(11, 20), range(21, 30)]);
  });

  it("ends a batch before its event would exceed Lambda's 6 MB payload limit, whatever the batch size", async () => {
    const table = await newRecordsTable();
    // 300 KB per item: 20 records per 6 MB at most, so 45 records need at least 3 invocations.
    const filler = 'x'.repeat(300 * 1024);
    for (const n of range(1, 45)) {
      await database().ddb.send(
        new PutItemCommand({ TableName: table, Item: { pk: { S: `ITEM#${n}` }, sk: { S: 'A' }, n: { N: String(n) }, filler: { S: filler } } }),
      );
    }
    const { handler, invocations } = recordingHandler();
    const { poller } = await startPoller(table, handler, { batchSize: 10_000 });
    await poller.waitForIdle();
    expect(invocations.flatMap((i) => i.items)).toEqual(range(1, 45));
    for (const { event } of invocations) expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(invocations.length).toBeGreaterThanOrEqual(3);
    // Batches are as full as the limit allows: each but the last would have overflowed with one more record.
    const sizes = invocations.map((i) => i.items.length);
    expect(sizes.slice(0, -1).every((n) => n >= 19)).toBe(true);
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

  it('resumes after its checkpoint when restarted with a checkpoint file, as a deployed mapping does', async () => {
    const table = await newRecordsTable();
    const dir = mkdtempSync(join(tmpdir(), 'jamrep-checkpoints-'));
    const checkpointFile = join(dir, 'stream-checkpoints.json');
    try {
      await putItems(table, [1, 2, 3]);
      const first = recordingHandler();
      const { poller } = await startPoller(table, first.handler, { checkpointFile, batchSize: 2 });
      await poller.waitForIdle();
      await poller.stop();
      await putItems(table, [4, 5]);

      const second = recordingHandler();
      const { poller: restarted } = await startPoller(table, second.handler, { checkpointFile });
      await restarted.waitForIdle();
      expect(first.invocations.flatMap((i) => i.items)).toEqual([1, 2, 3]);
      expect(second.invocations.flatMap((i) => i.items)).toEqual([4, 5]);

      const withoutFile = recordingHandler();
      const { poller: fresh } = await startPoller(table, withoutFile.handler);
      await fresh.waitForIdle();
      expect(withoutFile.invocations.flatMap((i) => i.items)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts at LATEST when asked: only records written after it started, as a mapping created at LATEST', async () => {
    const table = await newRecordsTable();
    await putItems(table, [1, 2, 3]);
    const { handler, invocations } = recordingHandler();
    const { poller } = await startPoller(table, handler, { startingPosition: 'LATEST' });
    await putItems(table, [4, 5]);
    await poller.waitForIdle();
    expect(invocations.flatMap((i) => i.items)).toEqual([4, 5]);
  });

  it('keeps a LATEST start in its checkpoint file: a restart resumes there, even when nothing came in between', async () => {
    const table = await newRecordsTable();
    const dir = mkdtempSync(join(tmpdir(), 'jamrep-checkpoints-'));
    const checkpointFile = join(dir, 'stream-checkpoints.json');
    try {
      await putItems(table, [1, 2]);
      const first = recordingHandler();
      const { poller } = await startPoller(table, first.handler, { checkpointFile, startingPosition: 'LATEST' });
      await poller.waitForIdle();
      await poller.stop();
      await putItems(table, [3]);

      // Created at LATEST with no record delivered: the restart still knows where the mapping began.
      const second = recordingHandler();
      const { poller: restarted } = await startPoller(table, second.handler, { checkpointFile, startingPosition: 'LATEST' });
      await putItems(table, [4]);
      await restarted.waitForIdle();
      expect(first.invocations.flatMap((i) => i.items)).toEqual([]);
      // 3 was written while it was stopped: a resumed mapping delivers it (LATEST applies at creation only).
      expect(second.invocations.flatMap((i) => i.items)).toEqual([3, 4]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

describe('stream poller: DynamoDB Local stream quirks', () => {
  // DynamoDB Local's iterators are `arn|version|base64(shardId|sequenceNumber|issuedAtMillis)`. These
  // cases hand it a spoiled iterator on the second GetRecords, so that DynamoDB Local itself answers
  // with the error the poller has to survive.
  const cases: Array<{ problem: string; error: string; spoil: (parts: IteratorParts) => IteratorParts }> = [
    {
      problem: 'an iterator past its 15 minutes',
      error: 'ExpiredIteratorException',
      spoil: (p) => ({ ...p, issuedAt: String(Number(p.issuedAt) - 16 * 60_000).padStart(p.issuedAt.length, '0') }),
    },
    {
      problem: 'an iterator of a shard it no longer knows',
      error: 'ResourceNotFoundException',
      spoil: (p) => ({ ...p, shardId: `${p.shardId.slice(0, -4)}0000` }),
    },
    {
      problem: 'an iterator before the oldest record',
      error: 'TrimmedDataAccessException',
      spoil: (p) => ({ ...p, sequenceNumber: '0'.repeat(p.sequenceNumber.length) }),
    },
  ];

  it.each(cases)('recovers from $problem without losing or repeating records', async ({ error, spoil }) => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 5));
    const streams = createLocalStreamsClient(database().dynamo.endpoint);
    const errors: string[] = [];
    let getRecordsCalls = 0;
    streams.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ShardIterator?: string };
        if (context.commandName === 'GetRecordsCommand' && ++getRecordsCalls === 2 && input.ShardIterator) {
          input.ShardIterator = formatIterator(spoil(parseIterator(input.ShardIterator)));
        }
        try {
          return await next(args);
        } catch (caught) {
          errors.push((caught as Error).name);
          throw caught;
        }
      },
      { step: 'initialize', name: 'spoilShardIterator' },
    );
    try {
      const { handler, invocations } = recordingHandler();
      const { poller } = await startPoller(table, handler, { streams, batchSize: 2 });
      await poller.waitForIdle();
      expect(errors).toEqual([error]);
      expect(invocations.map((i) => i.items)).toEqual([[1, 2], [3, 4], [5]]);
    } finally {
      streams.destroy();
    }
  });
});

interface IteratorParts {
  arn: string;
  version: string;
  shardId: string;
  sequenceNumber: string;
  issuedAt: string;
}

function parseIterator(iterator: string): IteratorParts {
  const [arn, version, encoded] = iterator.split('|') as [string, string, string];
  const [shardId, sequenceNumber, issuedAt] = Buffer.from(encoded, 'base64').toString('utf8').split('|') as [string, string, string];
  return { arn, version, shardId, sequenceNumber, issuedAt };
}

function formatIterator(p: IteratorParts): string {
  const encoded = Buffer.from([p.shardId, p.sequenceNumber, p.issuedAt].join('|')).toString('base64');
  return [p.arn, p.version, encoded].join('|');
}
