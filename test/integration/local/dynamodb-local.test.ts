import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTables, ensureTables } from '../../../lambda/local/create-tables.js';
import { DynamoDbLocalError, startDynamoDbLocal } from '../../../lambda/local/dynamodb-local.js';
import { createLocalDynamoDbClient } from '../../../lambda/local/local-clients.js';
import { processRunning, START_TIMEOUT_MS, startLocalDatabase, uniqueTableNames, waitUntil, type LocalDatabase } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('DynamoDB Local process', () => {
  it('starts on a free port, answers, refuses a second server on that port, and leaves no JVM behind', async () => {
    const dynamo = await startDynamoDbLocal({ quiet: true });
    const client = createLocalDynamoDbClient(dynamo.endpoint);
    try {
      expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
      expect(processRunning(dynamo.pid)).toBe(true);
      const tables = await client.send(new ListTablesCommand({}));
      expect(tables.TableNames).toEqual([]);
      // A clear refusal, rather than a "started" server whose requests reach the first one.
      await expect(startDynamoDbLocal({ port: dynamo.port, quiet: true })).rejects.toMatchObject({ code: 'PORT_IN_USE' });
    } finally {
      client.destroy();
      await dynamo.stop();
    }
    expect(processRunning(dynamo.pid)).toBe(false);
    await expect(dynamo.stop()).resolves.toBeUndefined();
  }, START_TIMEOUT_MS);

  it('keeps the data of a persisted database across restarts', async () => {
    const dbPath = mkdtempSync(join(tmpdir(), 'jamrep-dbpath-'));
    const item = { pk: { S: 'PARTICIPANT#v1#12345678901' }, sk: { S: 'A' }, gender: { S: 'P' } };
    try {
      const names = uniqueTableNames();
      const first = await startDynamoDbLocal({ dbPath, quiet: true });
      const firstClient = createLocalDynamoDbClient(first.endpoint);
      await ensureTables(firstClient, names);
      await firstClient.send(new PutItemCommand({ TableName: names.recordsTable, Item: item }));
      firstClient.destroy();
      await first.stop();

      const second = await startDynamoDbLocal({ dbPath, quiet: true });
      const secondClient = createLocalDynamoDbClient(second.endpoint);
      try {
        expect(await ensureTables(secondClient, names)).toEqual([]);
        const read = await secondClient.send(
          new GetItemCommand({ TableName: names.recordsTable, Key: { pk: item.pk, sk: item.sk } }),
        );
        expect(read.Item).toEqual(item);
      } finally {
        secondClient.destroy();
        await second.stop();
      }
    } finally {
      rmSync(dbPath, { recursive: true, force: true });
    }
  }, START_TIMEOUT_MS);

  it('kills its JVM when the Node process that started it is terminated', async () => {
    const script = join(here, 'fixtures', 'start-dynamodb-and-wait.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const started = await new Promise<{ pid: number }>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString('utf8')) as { pid: number }));
      child.once('exit', () => reject(new Error('the script exited before starting DynamoDB Local')));
    });
    expect(processRunning(started.pid)).toBe(true);

    child.kill('SIGTERM');
    // Our cleanup handler re-raises the signal, so the script still ends the way SIGTERM ends a process.
    expect(await exited).toBe('SIGTERM');
    await waitUntil(() => !processRunning(started.pid), 15_000, `JVM ${started.pid} is gone`);
  }, START_TIMEOUT_MS);

  it('explains what to do when the jar or Java is missing', async () => {
    const saved = { dir: process.env.DYNAMODB_LOCAL_DIR, javaHome: process.env.JAVA_HOME };
    const empty = mkdtempSync(join(tmpdir(), 'no-dynamodb-local-'));
    try {
      process.env.DYNAMODB_LOCAL_DIR = empty;
      const noJar = await startDynamoDbLocal({ quiet: true }).catch((error: unknown) => error);
      expect(noJar).toBeInstanceOf(DynamoDbLocalError);
      expect(noJar).toMatchObject({ code: 'JAR_NOT_FOUND', message: expect.stringContaining('npm install') });

      delete process.env.DYNAMODB_LOCAL_DIR;
      process.env.JAVA_HOME = empty; // no bin/java in it
      const noJava = await startDynamoDbLocal({ quiet: true }).catch((error: unknown) => error);
      expect(noJava).toMatchObject({ code: 'JAVA_NOT_FOUND', message: expect.stringContaining('Java runtime') });
    } finally {
      restoreEnv('DYNAMODB_LOCAL_DIR', saved.dir);
      restoreEnv('JAVA_HOME', saved.javaHome);
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('local tables', () => {
  let db: LocalDatabase;
  beforeAll(async () => {
    db = await startLocalDatabase();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await db?.close();
  });

  it('creates both tables as the schema defines them, and leaves them alone the second time', async () => {
    const names = uniqueTableNames();
    expect(await ensureTables(db.ddb, names)).toEqual([names.recordsTable, names.statsTable]);
    await db.ddb.send(new PutItemCommand({ TableName: names.statsTable, Item: { pk: { S: 'kept' }, sk: { S: 'A' } } }));
    expect(await ensureTables(db.ddb, names)).toEqual([]);
    const kept = await db.ddb.send(new GetItemCommand({ TableName: names.statsTable, Key: { pk: { S: 'kept' }, sk: { S: 'A' } } }));
    expect(kept.Item).toBeDefined();

    const records = (await db.ddb.send(new DescribeTableCommand({ TableName: names.recordsTable }))).Table!;
    expect(records.TableStatus).toBe('ACTIVE');
    expect(records.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(records.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(records.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(records.GlobalSecondaryIndexes).toHaveLength(1);
    expect(records.GlobalSecondaryIndexes![0]).toMatchObject({
      IndexName: 'participants-by-regency',
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });

    const stats = (await db.ddb.send(new DescribeTableCommand({ TableName: names.statsTable }))).Table!;
    expect(stats.StreamSpecification?.StreamEnabled ?? false).toBe(false);
    expect(stats.GlobalSecondaryIndexes ?? []).toEqual([]);
    const ttl = await db.ddb.send(new DescribeTimeToLiveCommand({ TableName: names.statsTable }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it('refuses an existing table that does not match the schema', async () => {
    const names = uniqueTableNames();
    await db.ddb.send(
      new CreateTableCommand({
        TableName: names.recordsTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    await expect(ensureTables(db.ddb, names)).rejects.toThrow(/stream is off, expected NEW_AND_OLD_IMAGES/);
  });

  it('deletes both tables', async () => {
    const names = uniqueTableNames();
    await ensureTables(db.ddb, names);
    await deleteTables(db.ddb, names);
    const { TableNames } = await db.ddb.send(new ListTablesCommand({}));
    expect(TableNames).not.toContain(names.recordsTable);
    expect(TableNames).not.toContain(names.statsTable);
    await expect(deleteTables(db.ddb, names)).resolves.toBeUndefined();
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
