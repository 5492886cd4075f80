/**
 * Nothing lost, nothing double-counted: redelivered batches, a crash halfway through a batch followed by
 * Lambda's retries (bisected), re-imports, corrections, and a rebuild that agrees with the stream.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateBatch } from '../../../lambda/aggregate/aggregator.js';
import { changeRecords } from '../../../lambda/aggregate/handler.js';
import { sweepMarkers } from '../../../lambda/aggregate/marker-sweep.js';
import { STREAM_SETTINGS } from '../../../lambda/aggregate/stream-settings.js';
import { rebuild } from '../../../lambda/aggregate/rebuild.js';
import { AggregationJournal } from '../../../lambda/store/aggregation-journal.js';
import { RollupStore } from '../../../lambda/store/rollup-store.js';
import { datasetFromRows, type RefQuery } from '../../support/reference/reference-stats.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { randomDataset, toCsv, type RandomDataset } from '../../support/random-dataset.js';
import { compareWithReference } from '../../support/stats-compare.js';

const KINDS = ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const;
const ALL_MEASURES: RefQuery = {
  measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'NEW_ENROLLMENTS', 'TERMINATIONS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CONTRIBUTIONS_IDR', 'CLAIMS', 'CLAIMS_PAID_IDR', 'TARGET_WORKERS', 'BUDGET_IDR'],
  dimensions: ['REGION'],
  regionLevel: 'REGENCY',
  from: '2024-01',
  to: '2025-12',
  granularity: 'QUARTER',
};
const BREAKDOWN: RefQuery = {
  measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CLAIMS'],
  dimensions: ['SECTOR', 'GENDER', 'AGE_BAND'],
  filter: { REGION: ['35.09'] },
  from: '2024-01',
  to: '2025-12',
  granularity: 'YEAR',
};

let platform: TestPlatform;
let data: RandomDataset;

async function importAll(d: RandomDataset) {
  for (const kind of KINDS) {
    const report = await platform.importCsv(kind, toCsv(d[kind]));
    expect(report.errors).toEqual([]);
  }
  await platform.drain();
}

async function expectExact(d: RandomDataset) {
  const reference = datasetFromRows(d);
  await compareWithReference(platform, reference, ALL_MEASURES);
  await compareWithReference(platform, reference, BREAKDOWN);
  const { config, ddb, reference: ref } = platform.runtime;
  const check = await rebuild({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, rates: ref.rates }, 'check');
  expect(check.drift).toEqual([]);
}

/** A client on the same DynamoDB Local that fails its Nth UpdateItem: a Lambda crashing mid-batch. */
function crashingClient(failAt: number): DynamoDBClient {
  const { config } = platform.runtime;
  const client = new DynamoDBClient({ region: config.region, endpoint: config.dynamodbEndpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  let updates = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UpdateItemCommand' && ++updates === failAt) throw new Error('injected crash');
      return next(args);
    },
    { step: 'initialize', name: 'crashAfterUpdates' },
  );
  return client;
}

beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

describe('at-least-once stream delivery', () => {
  // The longest test here (a crash, then up to five bisected retries): about 40 s alone on 2 cores.
  it('a crash halfway through batches, then Lambda retries with bisection, counts every record once', { timeout: 180_000 }, async () => {
    data = randomDataset(11, 600);
    const { config, reference } = platform.runtime;
    let crashes = 0;
    platform.setStreamHandler(async (event: DynamoDBStreamEvent) => {
      // Every other invocation dies after a few dozen rollup updates, until four crashes happened.
      if (crashes < 4 && platform.delivered.length % 2 === 1) {
        crashes++;
        const ddb = crashingClient(30 + crashes * 17);
        await aggregateBatch(changeRecords(event), {
          journal: new AggregationJournal(ddb, config.statsTable),
          rollups: new RollupStore(ddb, config.statsTable),
          rates: reference.rates,
          regions: reference.regions,
        });
        throw new Error('the crash did not happen');
      }
      return platform.aggregator(event);
    });
    await importAll(data);
    platform.setStreamHandler(undefined);
    expect(crashes).toBe(4);
    await expectExact(data);
  });

  it('redelivering every batch again, whole or halved, changes no figure', async () => {
    const events = [...platform.delivered];
    for (const event of events) {
      await platform.aggregator(event);
      const half = Math.ceil(event.Records.length / 2);
      await platform.aggregator({ Records: event.Records.slice(half) });
      await platform.aggregator({ Records: event.Records.slice(0, half) });
    }
    await expectExact(data);
  });
});

describe('re-imports and corrections', () => {
  it('re-importing the same files writes nothing and puts nothing on the stream', async () => {
    const before = platform.delivered.reduce((n, e) => n + e.Records.length, 0);
    for (const kind of KINDS) {
      const report = await platform.importCsv(kind, toCsv(data[kind]));
      expect(report).toMatchObject({ errors: [], written: 0, unchanged: report.records });
    }
    await platform.drain();
    expect(platform.delivered.reduce((n, e) => n + e.Records.length, 0)).toBe(before);
    await expectExact(data);
  });

  it('a corrected roster moves the figures: old image subtracted, new image added', async () => {
    const corrected: RandomDataset = { ...data, participants: data.participants.map((r) => ({ ...r })) };
    const changed = corrected.participants.filter((_, i) => i % 17 === 0);
    for (const [i, row] of changed.entries()) {
      if (i % 3 === 0) row.sector = row.sector === 'FISHER' ? 'STREET_VENDOR' : 'FISHER';
      if (i % 3 === 1) row.funding_source = row.funding_source === 'DBHCHT' ? 'APBD' : 'DBHCHT';
      if (i % 3 === 2) row.programs = row.programs === 'JKK+JKM' ? 'JKK+JKM+JHT' : 'JKK+JKM';
    }
    const report = await platform.importCsv('participants', toCsv(corrected.participants));
    expect(report.errors).toEqual([]);
    expect(report.written).toBe(new Set(changed.map((r) => r.participant_id)).size);
    // Claims are attributed when imported: re-importing them re-attributes those of corrected claimants.
    expect((await platform.importCsv('claims', toCsv(corrected.claims))).errors).toEqual([]);
    await platform.drain();
    data = corrected;
    await expectExact(corrected);
  });
});

describe('rebuild and drift check', () => {
  it('finds a rollup that drifted from the raw records and repairs it', async () => {
    const { config, ddb, reference } = platform.runtime;
    const deps = { ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, rates: reference.rates };
    await ddb.send(
      new UpdateItemCommand({
        TableName: config.statsTable,
        Key: { pk: { S: 'ROLLUP#v4#cov-reg#MONTH#35' }, sk: { S: '2025-03#' } },
        UpdateExpression: 'ADD #c :d',
        ExpressionAttributeNames: { '#c': '09|a' },
        ExpressionAttributeValues: { ':d': { N: '5' } },
      }),
    );
    const check = await rebuild(deps, 'check');
    expect(check.drift).toHaveLength(1);
    expect(check.drift[0]).toMatchObject({ itemId: 'ROLLUP#v4#cov-reg#MONTH#35|2025-03#', cell: '09|a' });
    expect(check.drift[0]!.stored - check.drift[0]!.recomputed).toBe(5);
    const repaired = await rebuild(deps, 'rebuild');
    expect(repaired.written).toBe(1);
    await expectExact(data);
  });

  it('deletes the items an older layout left by their own keys, keeping the current ones, and reports them apart from drift', async () => {
    const { config, ddb, reference } = platform.runtime;
    const deps = { ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, rates: reference.rates };
    // Items as v3 stored them: the same rollup, partition and bucket as current items, under the v3 key.
    const current = [
      { pk: { S: 'ROLLUP#v4#cov-reg#MONTH#35' }, sk: { S: '2025-03#' } },
      { pk: { S: 'ROLLUP#v4#cov-prov#MONTH#ID' }, sk: { S: '2025-03#' } },
    ];
    const older = current.map((k) => ({ pk: { S: k.pk.S.replace('#v4#', '#v3#') }, sk: k.sk }));
    for (const [i, key] of current.entries()) {
      const { Item } = await ddb.send(new GetItemCommand({ TableName: config.statsTable, Key: key }));
      expect(Item).toBeDefined();
      await ddb.send(new PutItemCommand({ TableName: config.statsTable, Item: { ...Item!, ...older[i]! } }));
    }
    const check = await rebuild(deps, 'check');
    expect(check.drift).toEqual([]);
    expect(check.olderLayoutItems).toBe(2);
    const rebuilt = await rebuild(deps, 'rebuild');
    expect(rebuilt).toMatchObject({ written: 0, deleted: 2, olderLayoutItems: 2 });
    for (const Key of older) expect((await ddb.send(new GetItemCommand({ TableName: config.statsTable, Key }))).Item).toBeUndefined();
    for (const Key of current) expect((await ddb.send(new GetItemCommand({ TableName: config.statsTable, Key }))).Item).toBeDefined();
    await expectExact(data);
    expect(await rebuild(deps, 'check')).toMatchObject({ drift: [], olderLayoutItems: 0 });
  });
});

describe('aggregation markers', () => {
  it('markers stay on the rollup items until the sweep, which removes those of finished batches only', async () => {
    const { config, ddb } = platform.runtime;
    const journal = new AggregationJournal(ddb, config.statsTable);
    const rollups = new RollupStore(ddb, config.statsTable);
    const before = await rollups.markedItems();
    // The batches of the earlier tests left their markers: the aggregator does not clear them.
    expect(before.length).toBeGreaterThan(0);
    const total = before.reduce((n, i) => n + i.markers.length, 0);

    // A batch still in progress (its intent pending) holds a marker on one item: it must survive the sweep.
    const pendingItem = before[0]!.itemId;
    await journal.writeIntent('pending-intent', ['event-1'], []);
    const [pk, sk] = pendingItem.split('|') as [string, string];
    await ddb.send(
      new UpdateItemCommand({
        TableName: config.statsTable,
        Key: { pk: { S: pk }, sk: { S: sk } },
        UpdateExpression: 'ADD appliedParts :m',
        ExpressionAttributeValues: { ':m': { SS: ['pending-intent#0'] } },
      }),
    );

    // Right after the batches finished, a duplicate invocation could still be applying one of them: the
    // sweep keeps every marker until the aggregator's function timeout has passed.
    expect(await sweepMarkers({ journal, rollups })).toEqual({ itemsSwept: 0, markersRemoved: 0, markersKept: total + 1 });
    const afterTimeout = () => new Date(Date.now() + (STREAM_SETTINGS.functionTimeoutSeconds + 1) * 1000);
    const outcome = await sweepMarkers({ journal, rollups }, { now: afterTimeout() });
    expect(outcome).toEqual({ itemsSwept: before.length, markersRemoved: total, markersKept: 1 });
    expect(await rollups.markedItems()).toEqual([{ itemId: pendingItem, markers: ['pending-intent#0'] }]);
    await expectExact(data);

    // Once that batch is done, the next sweep removes its marker too.
    await journal.markDone('pending-intent');
    expect(await sweepMarkers({ journal, rollups }, { now: afterTimeout() })).toEqual({ itemsSwept: 1, markersRemoved: 1, markersKept: 0 });
    expect(await rollups.markedItems()).toEqual([]);
  });
});
