/**
 * The national views through the API Lambda handler, with data spanning three provinces (33, 35, 52):
 * provinces and regencies ranked across the country, the national DBHCHT realization with each
 * province's, and the provincial queries for a province other than 35. Every figure comes from the
 * independent reference implementation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nationalDataset } from '../support/national-dataset.js';
import { nationalReferenceRegions, useNationalRegions } from '../support/national-regions.js';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';
import { toCsv } from '../support/random-dataset.js';
import {
  datasetFromRows,
  loadRegions,
  referenceNationalRanking,
  referenceRanking,
  referenceRealization,
  type RankingEntry,
  type RealizationRow,
} from '../support/reference/reference-stats.js';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const rows = nationalDataset();
const reference = datasetFromRows(rows);
const regions = nationalReferenceRegions(loadRegions());
const MINISTRY = { role: 'MINISTRY' } as const;

let platform: TestPlatform;

beforeAll(async () => {
  useNationalRegions();
  platform = await startTestPlatform();
  for (const kind of ['participants', 'targets', 'budgets', 'contributions'] as const) {
    const report = await platform.importCsv(kind, toCsv(rows[kind]));
    expect(report.errors, kind).toEqual([]);
  }
  await platform.drain();
});

afterAll(async () => platform?.stop());

async function ok(query: string, variables?: Record<string, unknown>): Promise<Data> {
  const res = await platform.graphql(query, variables, MINISTRY);
  expect(res.errors).toBeUndefined();
  return res.data as Data;
}

const RANKING = `query($province: String, $level: RegionLevel, $first: Int, $period: String!) {
  coverageRanking(province: $province, level: $level, first: $first, period: $period) {
    province { code } level period previousPeriod total
    entries { rank region { code } activeParticipants targetWorkers coverageRate previousActiveParticipants previousCoverageRate suppressed }
  } }`;

const asApi = (e: RankingEntry) => ({
  rank: e.rank,
  region: { code: e.regencyCode },
  activeParticipants: e.activeParticipants,
  targetWorkers: e.targetWorkers,
  coverageRate: e.coverageRate,
  previousActiveParticipants: e.previous.activeParticipants,
  previousCoverageRate: e.previous.coverageRate,
  suppressed: false,
});

const realizationRow = (r: RealizationRow) => ({
  period: r.bucket,
  allocation: r.allocationIdr,
  paid: r.paidIdr,
  cumulativePaid: r.cumulativePaidIdr,
  expected: r.expectedIdr,
  gap: r.gapIdr,
  realizationRate: r.realizationRate,
  participantsCovered: r.participantsCovered,
});
const ROW_FIELDS = 'period allocation paid cumulativePaid expected gap realizationRate participantsCovered';

describe('coverage ranking across the country', () => {
  it('ranks the provinces by their regencies summed', async () => {
    const d = await ok(RANKING, { period: '2025-06' });
    const expected = referenceNationalRanking(reference, regions, 'PROVINCE', '2025-06');
    expect(d.coverageRanking).toMatchObject({ province: null, level: 'PROVINCE', period: '2025-06', previousPeriod: '2025-05', total: expected.length });
    expect(d.coverageRanking.entries).toEqual(expected.map(asApi));
    expect(d.coverageRanking.entries.slice(0, 3).map((e: Data) => e.region.code)).toEqual(['52', '33', '35']);
  });

  it('ranks every regency of the country, and keeps the first N', async () => {
    const expected = referenceNationalRanking(reference, regions, 'REGENCY', '2025');
    const d = await ok(RANKING, { level: 'REGENCY', first: 4, period: '2025' });
    expect(d.coverageRanking.total).toBe(expected.length);
    expect(d.coverageRanking.entries).toEqual(expected.slice(0, 4).map(asApi));
  });

  it('ranks the regencies of a province other than 35', async () => {
    const d = await ok(RANKING, { province: '52', period: '2025-06' });
    const expected = referenceRanking(reference, regions, '52', '2025-06');
    // Every regency and city of NTB in the reference data, with or without data.
    expect(d.coverageRanking).toMatchObject({ province: { code: '52' }, level: 'REGENCY', total: expected.length });
    expect(d.coverageRanking.entries).toEqual(expected.map(asApi));
  });

  it('refuses first outside 1..1000, an unknown province, and a province ranked at province level', async () => {
    for (const [variables, code] of [
      [{ period: '2025', first: 0 }, 'INVALID_INPUT'],
      [{ period: '2025', first: 1001 }, 'INVALID_INPUT'],
      [{ period: '2025', province: '99' }, 'UNKNOWN_REGION'],
      [{ period: '2025', province: '52', level: 'PROVINCE' }, 'INVALID_INPUT'],
    ] as const) {
      const res = await platform.graphql(RANKING, variables, MINISTRY);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
    }
  });
});

describe('DBHCHT realization across the country', () => {
  it('gives the national rows and total, and each province with an allocation or payments', async () => {
    const d = await ok(`{ nationalDbhchtRealization(fiscalYear: 2025) {
      fiscalYear granularity rows { ${ROW_FIELDS} } total { ${ROW_FIELDS} }
      provinces { region { code } rows { ${ROW_FIELDS} } total { allocation paid } } } }`);
    const national = referenceRealization(reference, [], 2025, 'SEMESTER');
    const n = d.nationalDbhchtRealization;
    expect(n).toMatchObject({ fiscalYear: 2025, granularity: 'SEMESTER' });
    expect(n.rows).toEqual(national.map(realizationRow));
    const year = referenceRealization(reference, [], 2025, 'YEAR')[0]!;
    expect(n.total).toMatchObject({ allocation: year.allocationIdr, paid: year.paidIdr, expected: year.expectedIdr, participantsCovered: year.participantsCovered });
    expect(n.provinces.map((p: Data) => p.region.code)).toEqual(['33', '35', '52']);
    for (const p of n.provinces) expect(p.rows).toEqual(referenceRealization(reference, [p.region.code], 2025, 'SEMESTER').map(realizationRow));
  });

  it('gives the realization of a province and a regency other than 35', async () => {
    const d = await ok(`{ p: dbhchtRealization(fiscalYear: 2025, province: "33") { region { code } rows { ${ROW_FIELDS} } }
      r: dbhchtRealization(fiscalYear: 2025, regency: "52.03", granularity: QUARTER) { rows { ${ROW_FIELDS} } } }`);
    expect(d.p.region.code).toBe('33');
    expect(d.p.rows).toEqual(referenceRealization(reference, ['33'], 2025, 'SEMESTER').map(realizationRow));
    expect(d.r.rows).toEqual(referenceRealization(reference, ['52.03'], 2025, 'QUARTER').map(realizationRow));
  });
});

describe('stats and regions at province level for the whole country', () => {
  it('lists every province and gives each province its figures', async () => {
    const d = await ok(`{ regions(level: PROVINCE) { code }
      stats(measures: [ACTIVE_PARTICIPANTS, TARGET_WORKERS], dimensions: [REGION], regionLevel: PROVINCE, from: "2025-06", to: "2025-06") {
        rows { regionCode values { measure value } } } }`);
    expect(d.regions.map((r: Data) => r.code)).toEqual(regions.filter((r) => /^\d{2}$/.test(r.code)).map((r) => r.code).sort());
    const byProvince = Object.fromEntries(d.stats.rows.map((r: Data) => [r.regionCode, r.values.map((v: Data) => v.value)]));
    for (const e of referenceNationalRanking(reference, regions, 'PROVINCE', '2025-06').filter((x) => x.activeParticipants > 0)) {
      expect(byProvince[e.regencyCode], e.regencyCode).toEqual([e.activeParticipants, e.targetWorkers]);
    }
  });
});

describe('the provincial auditor and publication queries for a province other than 35', () => {
  it('reconciles province 52, exports the national ranking, closes a period of 52 and lists its anomalies', async () => {
    const semesters = referenceRealization(reference, ['52'], 2025, 'SEMESTER');
    const auditor = { role: 'AUDITOR' } as const;
    const rec = await platform.graphql<Data>(
      '{ reconciliation(fiscalYear: 2025, province: "52") { region { code } allocation semesters { period paid participantsCovered } } }',
      undefined,
      auditor,
    );
    expect(rec.errors).toBeUndefined();
    expect(rec.data!.reconciliation).toEqual({
      region: { code: '52' },
      allocation: semesters[0]!.allocationIdr,
      semesters: semesters.map((s) => ({ period: s.bucket, paid: s.paidIdr, participantsCovered: s.participantsCovered })),
    });

    const exported = await ok(`{ export(query: "{ coverageRanking(period: \\"2025\\") { entries { rank region { code } coverageRate } } }", format: CSV) { delivery rows content } }`);
    const provinces = referenceNationalRanking(reference, regions, 'PROVINCE', '2025');
    expect(exported.export).toMatchObject({ delivery: 'INLINE', rows: provinces.length });
    const exportedCodes = exported.export.content.split('\n').map((line: string) => line.split(',')).filter((cells: string[]) => /^\d+$/.test(cells[0] ?? ''));
    expect(exportedCodes.map((cells: string[]) => cells[1])).toEqual(provinces.map((p) => p.regencyCode));

    const closed = await platform.graphql<Data>('mutation { closePeriod(region: "52", period: "2025-S1") { region { code } figures { measure published } } }', undefined, MINISTRY);
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closePeriod.region.code).toBe('52');
    const active = closed.data!.closePeriod.figures.find((f: Data) => f.measure === 'ACTIVE_PARTICIPANTS');
    expect(active.published).toBe(referenceNationalRanking(reference, regions, 'PROVINCE', '2025-S1').find((p) => p.regencyCode === '52')!.activeParticipants);

    const anomalies = await platform.graphql<Data>('{ anomalies(filter: { region: ["52"] }) { regionCode } }', undefined, auditor);
    expect(anomalies.errors).toBeUndefined();
    for (const a of anomalies.data!.anomalies) expect(a.regionCode.startsWith('52')).toBe(true);
  });
});
