/**
 * The demo data's planted irregularities are found by the anomaly job and served by `anomalies`, with
 * their evidence; a drifted rollup shows up as ROLLUP_DRIFT.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnomalyJob } from '../../../lambda/aggregate/anomaly-job.js';
import { generateDemo } from '../../../lambda/demo/generate.js';
import { readRegions } from '../../../lambda/demo/regions-file.js';
import type { PlantedIrregularity } from '../../../lambda/demo/types.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';

let platform: TestPlatform;
let planted: PlantedIrregularity[];

beforeAll(async () => {
  platform = await startTestPlatform();
  const demo = generateDemo({ participants: 4_000, seed: 3, regions: readRegions() });
  planted = demo.planted;
  for (const kind of ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const) {
    expect((await platform.importCsv(kind, toCsv(demo[kind]))).errors).toEqual([]);
  }
  await platform.drain();
  const { config, ddb, reference } = platform.runtime;
  await runAnomalyJob({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, reference });
}, 300_000);
afterAll(() => platform?.stop());

type Found = { type: string; regionCode: string; period: string; evidence: { participantIds: string[]; paymentIds: string[]; claimIds: string[]; nikMasked: string[] } };
const ANOMALIES = `query($f: AnomalyFilter) { anomalies(filter: $f) { type regionCode period count detail evidence { participantIds paymentIds claimIds nikMasked } } }`;

describe('anomalies', () => {
  it('finds every planted irregularity of the demo data, and nothing else of those kinds', async () => {
    const res = await platform.graphql<{ anomalies: Found[] }>(ANOMALIES);
    expect(res.errors).toBeUndefined();
    const found = res.data!.anomalies;
    const key = (type: string, ids: string[]) => `${type}:${[...ids].sort().join('+')}`;
    const idsOf = (a: Found) =>
      a.type === 'OVER_BILLING' || a.type === 'PAYMENT_WITHOUT_COVERAGE'
        ? a.evidence.paymentIds
        : a.type === 'CLAIM_OUTSIDE_COVERAGE' || a.type === 'EARLY_JKM_CLAIM'
          ? a.evidence.claimIds
          : a.evidence.participantIds;
    const foundKeys = new Set(found.map((a) => key(a.type, idsOf(a))));
    const expected = planted
      .filter((p) => p.kind !== 'SHORT_PAYMENT')
      .map((p) => {
        switch (p.kind) {
          case 'OVER_BILLING':
          case 'PAYMENT_WITHOUT_COVERAGE':
            return key(p.kind, [p.paymentId!]);
          case 'CLAIM_OUTSIDE_COVERAGE':
          case 'EARLY_JKM_CLAIM':
            return key(p.kind, [p.claimId!]);
          default:
            return key(p.kind, p.participantIds!);
        }
      });
    expect(expected.length).toBeGreaterThan(10);
    for (const k of expected) expect(foundKeys, k).toContain(k);
    // No anomaly that was not planted (the demo's other payments and claims match its roster exactly).
    expect(found.length).toBe(expected.length);
    expect(JSON.stringify(found)).not.toMatch(/\d{16}/);
  });

  it('filters by region, type and severity', async () => {
    const res = await platform.graphql<{ anomalies: Found[] }>(ANOMALIES, { f: { region: ['35.09'], type: ['OVER_BILLING', 'NIK_MISMATCH'] } });
    expect(res.errors).toBeUndefined();
    for (const a of res.data!.anomalies) {
      expect(['OVER_BILLING', 'NIK_MISMATCH']).toContain(a.type);
      expect(a.regionCode.startsWith('35.09')).toBe(true);
    }
  });

  it('reports a rollup that drifted from the raw records', async () => {
    const { config, ddb, reference } = platform.runtime;
    await ddb.send(
      new UpdateItemCommand({
        TableName: config.statsTable,
        Key: { pk: { S: 'ROLLUP#v4#cov-reg#MONTH#35' }, sk: { S: '2025-03#' } },
        UpdateExpression: 'ADD #c :d',
        ExpressionAttributeNames: { '#c': '11|p' },
        ExpressionAttributeValues: { ':d': { N: '3' } },
      }),
    );
    await runAnomalyJob({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, reference });
    const res = await platform.graphql<{ anomalies: Found[] }>(ANOMALIES, { f: { type: ['ROLLUP_DRIFT'] } });
    expect(res.data!.anomalies).toEqual([expect.objectContaining({ type: 'ROLLUP_DRIFT', regionCode: '35.11', period: '2025-03' })]);
  });
});
