/**
 * Figures stay exact when several aggregator instances update the same rollup items at once: the change
 * records of a multi-regency import, split into lanes as Lambda's ParallelizationFactor splits a shard
 * (a key's records in one lane, in order), each lane its own instance, with crashes mid-batch (bisected
 * retries) and duplicate deliveries in some lanes while the others run.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromRows, type RefQuery } from '../../support/reference/reference-stats.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { randomDataset, toCsv } from '../../support/random-dataset.js';
import { compareWithReference } from '../../support/stats-compare.js';
import { laneBatches, newCounters, runLane, sumCounters, type Counters, type LaneDeps } from '../../support/aggregator-lanes.js';

const KINDS = ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const;
const REGENCIES = ['35.01', '35.07', '35.09', '35.10', '35.11', '35.78'];
const data = randomDataset(23, 500, REGENCIES);
const ALL: RefQuery = {
  measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'NEW_ENROLLMENTS', 'TERMINATIONS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CONTRIBUTIONS_IDR', 'CLAIMS', 'CLAIMS_PAID_IDR', 'TARGET_WORKERS', 'BUDGET_IDR'],
  dimensions: ['REGION'],
  regionLevel: 'REGENCY',
  from: '2024-01',
  to: '2025-12',
  granularity: 'MONTH',
};
const BREAKDOWN: RefQuery = {
  measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CLAIMS'],
  dimensions: ['SECTOR', 'GENDER', 'AGE_BAND'],
  from: '2024-01',
  to: '2025-12',
  granularity: 'YEAR',
};

let platform: TestPlatform;
let records: DynamoDBRecord[] = [];

beforeAll(async () => {
  platform = await startTestPlatform();
  // The stream's records are collected, not aggregated: the lanes below apply them.
  platform.setStreamHandler(async (event: DynamoDBStreamEvent) => {
    records.push(...event.Records);
    return { batchItemFailures: [] };
  });
  for (const kind of KINDS) expect((await platform.importCsv(kind, toCsv(data[kind]))).errors).toEqual([]);
  await platform.drain();
}, 120_000);
afterAll(() => platform?.stop());

describe('concurrent aggregator instances', () => {
  it('four lanes updating the same rollup items at once, with crashes and redeliveries, count every record once', { timeout: 120_000 }, async () => {
    const { config, reference } = platform.runtime;
    const counters: Counters[] = [];
    const depsFor = (): LaneDeps => {
      const c = newCounters();
      counters.push(c);
      return { endpoint: config.dynamodbEndpoint!, region: config.region, statsTable: config.statsTable, rates: reference.rates, regions: reference.regions, counters: c };
    };
    const lanes = laneBatches(records, 4, 100);
    expect(lanes.every((l) => l.length >= 2)).toBe(true);
    await Promise.all(
      lanes.map((batches, lane) =>
        runLane(lane, batches, depsFor(), {
          crashAt: (l, b) => (b === 1 && l % 2 === 0 ? 25 + l * 10 : undefined),
          redeliverWhole: (l, b) => l === 1 && b % 2 === 0,
        }),
      ),
    );
    const total = sumCounters(counters);
    expect(total.crashes).toBe(2);
    const expected = datasetFromRows(data);
    await compareWithReference(platform, expected, ALL);
    await compareWithReference(platform, expected, BREAKDOWN);
  });
});
