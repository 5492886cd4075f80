/**
 * The harness of the stream-poller tests: a DynamoDB Local per test file, a fresh records table per
 * test, and a handler stand-in that records what it is sent (the transport is under test, not the
 * aggregator).
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ensureTables } from '../../../lambda/local/create-tables.js';
import type { DiscardedRecords } from '../../../lambda/local/stream-delivery.js';
import {
  startStreamPoller,
  type StreamFailureMessage,
  type StreamPoller,
  type StreamPollerOptions,
} from '../../../lambda/local/stream-poller.js';
import { silentLogger, START_TIMEOUT_MS, startLocalDatabase, uniqueTableNames, type LocalDatabase } from './support.js';

export interface Invocation {
  /** The `n` attribute of each record's item: which writes the batch carried. */
  items: number[];
  sequenceNumbers: string[];
  event: DynamoDBStreamEvent;
  context: Context;
}

export type Behaviour = (event: DynamoDBStreamEvent, call: number) => DynamoDBBatchResponse | void | Promise<DynamoDBBatchResponse | void>;

export interface Failure {
  message: StreamFailureMessage;
  details: DiscardedRecords;
}

/** A stand-in for the aggregator: records what it is sent and answers as `behaviour` says. */
export function recordingHandler(behaviour: Behaviour = () => undefined) {
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

export function itemNumber(record: DynamoDBRecord): number {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  return Number(image?.n?.N);
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Registers the file's hooks; call once at the top level of a test file. */
export function useStreamHarness() {
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

  return {
    db: () => db,

    async newRecordsTable(): Promise<string> {
      const names = uniqueTableNames();
      await ensureTables(db.ddb, names);
      return names.recordsTable;
    },

    /** Puts items `ITEM#<n>` with attribute `n`, one write (one stream record) each, in order. */
    async putItems(table: string, numbers: number[]): Promise<void> {
      for (const n of numbers) {
        await db.ddb.send(
          new PutItemCommand({ TableName: table, Item: { pk: { S: `ITEM#${n}` }, sk: { S: 'A' }, n: { N: String(n) } } }),
        );
      }
    },

    /** A poller with quick test timings; `failures` collects what reaches the on-failure destination. */
    async startPoller(
      table: string,
      handler: StreamPollerOptions['handler'],
      overrides: Partial<StreamPollerOptions> = {},
    ): Promise<{ poller: StreamPoller; failures: Failure[] }> {
      const failures: Failure[] = [];
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
    },
  };
}
