/**
 * Concurrent invocations whose record sets overlap without being equal: a duplicate delivery racing a
 * bisected retry, lanes around a resharding, or a timed-out invocation still running when its retry starts.
 * AWS promises each stream record "at least once" and warns that "duplicate processing of records can
 * occur". Every invocation here looks up its claims before any of them claims (a barrier), so each shared
 * record is contested; the conditional claims must give it to exactly one of them.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchOutcome } from '../../../lambda/aggregate/aggregator.js';
import { datasetFromRows, type RefQuery } from '../../support/reference/reference-stats.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { randomDataset, toCsv } from '../../support/random-dataset.js';
import { compareWithReference } from '../../support/stats-compare.js';
import { barrier, invoke, newCounters, type Counters, type LaneDeps } from '../../support/aggregator-lanes.js';

const KINDS = ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const;
const data = randomDataset(31, 250, ['35.09', '35.10', '35.78']);
const BY_REGENCY: RefQuery = {
  measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'NEW_ENROLLMENTS', 'TERMINATIONS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CONTRIBUTIONS_IDR', 'CLAIMS', 'CLAIMS_PAID_IDR', 'TARGET_WORKERS', 'BUDGET_IDR'],
  dimensions: ['REGION'],
  regionLevel: 'REGENCY',
  from: '2024-01',
  to: '2025-12',
  granularity: 'MONTH',
};
const BREAKDOWN: RefQuery = {
  measures: ['ACTIVE_PARTICIPANTS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CLAIMS'],
  dimensions: ['SECTOR', 'GENDER', 'AGE_BAND'],
  from: '2024-01',
  to: '2025-12',
  granularity: 'QUARTER',
};

let platform: TestPlatform;
const records: DynamoDBRecord[] = [];

beforeAll(async () => {
  platform = await startTestPlatform();
  platform.setStreamHandler(async (event: DynamoDBStreamEvent) => {
    records.push(...event.Records);
    return { batchItemFailures: [] };
  });
  for (const kind of KINDS) expect((await platform.importCsv(kind, toCsv(data[kind]))).errors).toEqual([]);
  await platform.drain();
}, 120_000);
afterAll(() => platform?.stop());

describe('overlapping concurrent deliveries', () => {
  it('give each shared record to exactly one invocation: figures exact, every record applied once', { timeout: 120_000 }, async () => {
    const { config, reference } = platform.runtime;
    const counters: Counters[] = [];
    const deps = (): LaneDeps => {
      const c = newCounters();
      counters.push(c);
      return { endpoint: config.dynamodbEndpoint!, region: config.region, statsTable: config.statsTable, rates: reference.rates, regions: reference.regions, counters: c };
    };
    // Windows of 80 records every 40: each record but the first forty is in two windows. A round runs
    // four windows at once plus an exact duplicate of its first; the next round overlaps the last window
    // of the one before, which by then is done (the path that finds finished claims).
    const SIZE = 80;
    const STEP = 40;
    const windows: DynamoDBRecord[][] = [];
    for (let at = 0; at < records.length; at += STEP) windows.push(records.slice(at, at + SIZE));
    expect(windows.length).toBeGreaterThanOrEqual(8);
    const outcomes: BatchOutcome[] = [];
    for (let r = 0; r < windows.length; r += 4) {
      const round = windows.slice(r, r + 4);
      const deliveries = [...round, round[0]!];
      const gate = barrier(deliveries.length);
      outcomes.push(...(await Promise.all(deliveries.map((w) => invoke({ Records: w }, deps(), undefined, gate)))));
    }

    // Each record was applied by exactly one intent. The exact duplicate shares its twin's intent (same
    // records, same id) and may apply it alongside: the rollup markers make that one application.
    const appliedByIntent = new Map<string, number>();
    for (const o of outcomes) if (o.intentId) appliedByIntent.set(o.intentId, Math.max(appliedByIntent.get(o.intentId) ?? 0, o.applied));
    expect([...appliedByIntent.values()].reduce((n, a) => n + a, 0)).toBe(records.length);
    // The race really happened: invocations lost claims to one another (a claim taken first by another
    // intent is kept by `if_not_exists`, so it shows as records claimed elsewhere, not as a failed write).
    expect(outcomes.reduce((n, o) => n + o.claimedElsewhere, 0)).toBeGreaterThan(0);

    const expected = datasetFromRows(data);
    await compareWithReference(platform, expected, BY_REGENCY);
    await compareWithReference(platform, expected, BREAKDOWN);
  });
});
