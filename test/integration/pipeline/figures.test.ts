/**
 * The whole path, checked against the independent reference implementation: random CSVs -> import ->
 * stream -> aggregator -> rollups -> GraphQL through the Lambda handler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromRows, referenceRanking, referenceRealization, loadRegions, type RefQuery } from '../../support/reference/reference-stats.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { randomDataset, toCsv } from '../../support/random-dataset.js';
import { compareWithReference } from '../../support/stats-compare.js';

const data = randomDataset(7, 400);
const reference = datasetFromRows(data);
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
  for (const kind of ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const) {
    const report = await platform.importCsv(kind, toCsv(data[kind]));
    expect(report.errors).toEqual([]);
  }
  await platform.drain();
});
afterAll(() => platform?.stop());

const PARTICIPANT = ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'NEW_ENROLLMENTS', 'TERMINATIONS', 'EXPECTED_CONTRIBUTIONS_IDR'];
const CASES: Array<[string, RefQuery]> = [
  ['every measure by regency and month', { measures: [...PARTICIPANT, 'CONTRIBUTIONS_IDR', 'BILLED_PARTICIPANTS', 'CONTRIBUTION_GAP_IDR', 'CLAIMS', 'CLAIMS_PAID_IDR', 'TARGET_WORKERS', 'COVERAGE_RATE', 'BUDGET_IDR', 'BUDGET_REALIZATION_RATE'], dimensions: ['REGION'], regionLevel: 'REGENCY', from: '2025-01', to: '2025-12', granularity: 'MONTH' }],
  ['every measure for the province by quarter', { measures: [...PARTICIPANT, 'CONTRIBUTIONS_IDR', 'CONTRIBUTION_GAP_IDR', 'CLAIMS', 'CLAIMS_PAID_IDR', 'TARGET_WORKERS', 'COVERAGE_RATE', 'BUDGET_IDR', 'BUDGET_REALIZATION_RATE'], dimensions: [], filter: { REGION: ['35'] }, from: '2024-01', to: '2025-12', granularity: 'QUARTER' }],
  ['participant measures by sector and gender per semester', { measures: PARTICIPANT, dimensions: ['SECTOR', 'GENDER'], regionLevel: 'REGENCY', from: '2024-01', to: '2025-12', granularity: 'SEMESTER' }],
  ['participant measures by program per year (JHT rows)', { measures: PARTICIPANT, dimensions: ['PROGRAM'], from: '2024-01', to: '2025-12', granularity: 'YEAR' }],
  ['age bands at the end of each quarter', { measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'], dimensions: ['AGE_BAND', 'REGION'], regionLevel: 'REGENCY', from: '2025-01', to: '2025-12', granularity: 'QUARTER' }],
  ['districts of one regency by funding source', { measures: PARTICIPANT, dimensions: ['REGION', 'FUNDING_SOURCE'], regionLevel: 'DISTRICT', filter: { REGION: ['35.09'] }, from: '2025-01', to: '2025-06', granularity: 'MONTH' }],
  ['named districts (and the unknown district) by quarter', { measures: PARTICIPANT, dimensions: ['REGION'], regionLevel: 'DISTRICT', filter: { REGION: ['35.09.01', '35.09.02', '35.09.00'], FUNDING_SOURCE: ['DBHCHT', 'APBD'] }, from: '2024-01', to: '2025-12', granularity: 'QUARTER' }],
  ['payments and gap by funding source', { measures: ['CONTRIBUTIONS_IDR', 'BILLED_PARTICIPANTS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CONTRIBUTION_GAP_IDR'], dimensions: ['FUNDING_SOURCE', 'REGION'], regionLevel: 'REGENCY', from: '2024-01', to: '2025-12', granularity: 'QUARTER' }],
  ['claims by sector, program, gender, age band', { measures: ['CLAIMS', 'CLAIMS_PAID_IDR'], dimensions: ['SECTOR', 'PROGRAM', 'GENDER', 'AGE_BAND'], from: '2024-01', to: '2025-12', granularity: 'YEAR' }],
  ['claims by district', { measures: ['CLAIMS', 'CLAIMS_PAID_IDR'], dimensions: ['REGION'], regionLevel: 'DISTRICT', filter: { REGION: ['35.10'] }, from: '2024-01', to: '2025-12', granularity: 'SEMESTER' }],
  ['targets and coverage by sector (sector rows) with all-sectors totals', { measures: ['TARGET_WORKERS', 'COVERAGE_RATE', 'ACTIVE_PARTICIPANTS'], dimensions: ['SECTOR', 'REGION'], regionLevel: 'REGENCY', from: '2024-01', to: '2025-12', granularity: 'YEAR' }],
  ['filters on several dimensions at once', { measures: PARTICIPANT, dimensions: ['REGION'], regionLevel: 'REGENCY', filter: { SECTOR: ['FISHER', 'STREET_VENDOR'], GENDER: ['P'], FUNDING_SOURCE: ['DBHCHT'] }, from: '2024-07', to: '2025-06', granularity: 'MONTH' }],
];

describe('statistics through GraphQL equal the independent reference', () => {
  it.each(CASES)('%s', async (_, query) => {
    await compareWithReference(platform, reference, query);
  });

  it('refuses a breakdown no rollup holds instead of scanning, naming what was asked', async () => {
    const res = await platform.graphql(
      `{ stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [REGION, GENDER], regionLevel: DISTRICT, filter: { region: ["35.09"] }, from: "2025-01", to: "2025-12") { totals { value } } }`,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NO_ROLLUP', source: 'coverage', level: 'DISTRICT', dimensions: ['GENDER'] });
  });

  it('refuses a measure with a dimension it does not support, naming both', async () => {
    const res = await platform.graphql(`{ stats(measures: [CONTRIBUTIONS_IDR], dimensions: [SECTOR], from: "2025-01", to: "2025-12") { totals { value } } }`);
    expect(res.errors?.[0]).toMatchObject({
      message: 'Measure CONTRIBUTIONS_IDR does not support dimension SECTOR',
      extensions: { code: 'UNSUPPORTED_DIMENSION', measure: 'CONTRIBUTIONS_IDR', dimension: 'SECTOR' },
    });
  });

  it('returns rupiah beyond 2^31 exactly as Money', async () => {
    const res = await platform.graphql<{ stats: { totals: Array<{ value: number; money: number }> } }>(
      `{ stats(measures: [BUDGET_IDR], filter: { region: ["35"] }, from: "2024-01", to: "2025-12", granularity: YEAR) { totals { value money } } }`,
    );
    const expected = data.budgets.reduce((s, b) => s + Number(b.allocation_idr), 0);
    expect(expected).toBeGreaterThan(2 ** 31);
    expect(res.data!.stats.totals[0]).toEqual({ value: expected, money: expected });
  });

  it('ranks the province regencies as the reference does', async () => {
    const res = await platform.graphql<{ coverageRanking: { previousPeriod: string; entries: Array<{ rank: number; region: { code: string }; activeParticipants: number; targetWorkers: number; coverageRate: number | null; previousActiveParticipants: number }> } }>(
      `query($p: String!) { coverageRanking(province: "35", period: $p) { previousPeriod entries { rank region { code } activeParticipants targetWorkers coverageRate previousActiveParticipants } } }`,
      { p: '2025-S2' },
    );
    expect(res.errors).toBeUndefined();
    const expected = referenceRanking(reference, loadRegions(), '35', '2025-S2');
    expect(res.data!.coverageRanking.previousPeriod).toBe('2025-S1');
    expect(res.data!.coverageRanking.entries.map((e) => [e.rank, e.region.code, e.activeParticipants, e.targetWorkers, e.previousActiveParticipants])).toEqual(
      expected.map((e) => [e.rank, e.regencyCode, e.activeParticipants, e.targetWorkers, e.previous.activeParticipants]),
    );
  });

  it('reports DBHCHT realization by semester as the reference does', async () => {
    const res = await platform.graphql<{ dbhchtRealization: { rows: Array<Record<string, number | string | null>> } }>(
      `{ dbhchtRealization(fiscalYear: 2025, regency: "35.09") { rows { period allocation paid cumulativePaid expected gap realizationRate participantsCovered participantMonths costPerParticipantMonth } } }`,
    );
    expect(res.errors).toBeUndefined();
    const expected = referenceRealization(reference, ['35.09'], 2025, 'SEMESTER');
    expect(res.data!.dbhchtRealization.rows).toEqual(
      expected.map((e) => ({
        period: e.bucket,
        allocation: e.allocationIdr,
        paid: e.paidIdr,
        cumulativePaid: e.cumulativePaidIdr,
        expected: e.expectedIdr,
        gap: e.gapIdr,
        realizationRate: e.realizationRate,
        participantsCovered: e.participantsCovered,
        participantMonths: e.participantMonths,
        costPerParticipantMonth: e.costPerParticipantMonth,
      })),
    );
  });

  it('carries extensions.asOf, the time of the newest stream record reflected', async () => {
    const res = await platform.graphql(`{ regions { code } }`);
    expect(typeof res.extensions?.asOf).toBe('string');
    expect(Date.now() - Date.parse(res.extensions!.asOf as string)).toBeLessThan(10 * 60_000);
  });
});

