/**
 * Reconciliation of one regency's fiscal year against a hand-computed fixture, and a CSV export that
 * reads back to the same figures.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash, parseExport } from '../../../lambda/plan/csv-export.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { rosterRow } from '../../support/roster-row.js';

const person = (id: string, nik: string, start: string, end: string, programs: string, funding: string) =>
  rosterRow({ participant_id: id, nik, name: `P${id}`, birth_date: '1980-05-05', programs, funding_source: funding, start_month: start, end_month: end });
// A: DBHCHT all 2025 (JKK+JKM, Rp 16,800); B: DBHCHT Mar-Aug with JHT (Rp 36,800); C: APBD, not DBHCHT.
const participants = [
  person('30000000001', '3509010505800001', '2025-01', '2025-12', 'JKK+JKM', 'DBHCHT'),
  person('30000000002', '3509010505800002', '2025-03', '2025-08', 'JKK+JKM+JHT', 'DBHCHT'),
  person('30000000003', '3509010505800003', '2025-01', '', 'JKK+JKM', 'APBD'),
];
const DBHCHT_PAID: Record<string, number> = {
  '01': 16_800, '02': 16_800, '03': 10_000, '04': 40_000, '05': 53_600, '06': 60_000,
  '07': 53_600, '08': 53_600, '09': 0, '10': 16_800, '11': 16_800, '12': 16_800,
};
const payments = [
  ...Object.entries(DBHCHT_PAID).map(([m, amount]) => ({
    payment_id: `R-${m}`, regency_code: '35.09', month: `2025-${m}`, funding_source: 'DBHCHT', participants: '1', amount_idr: String(amount), paid_on: `2025-${m}-10`,
  })),
  { payment_id: 'R-APBD-01', regency_code: '35.09', month: '2025-01', funding_source: 'APBD', participants: '1', amount_idr: '16800', paid_on: '2025-01-10' },
];
const claims = [{ claim_id: 'RC-1', participant_id: '30000000001', program: 'JKK', event_date: '2025-05-02', paid_on: '2025-05-20', amount_idr: '1000000' }];
const budgets = [{ regency_code: '35.09', fiscal_year: '2025', allocation_idr: '300000' }];

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  for (const [kind, rows] of [['participants', participants], ['contributions', payments], ['claims', claims], ['budgets', budgets]] as const) {
    expect((await platform.importCsv(kind, toCsv(rows))).errors).toEqual([]);
  }
  await platform.drain();
});
afterAll(() => platform?.stop());

type Row = { period: string; paid: number; cumulativePaid: number; expected: number; gap: number; participantsCovered: number; participantMonths: number; costPerParticipantMonth: number | null; claimsPaid: number; benefitsToContributions: number | null; cumulativeRealizationRate: number | null; flags: Array<{ code: string }> };
const ROW_FIELDS = 'period paid cumulativePaid expected gap participantsCovered participantMonths costPerParticipantMonth claimsPaid benefitsToContributions cumulativeRealizationRate flags { code }';

describe('reconciliation', () => {
  it('lines up budget, payments, people covered and claims per month and semester, with flags', async () => {
    const res = await platform.graphql<{ reconciliation: { allocation: number; months: Row[]; semesters: Row[] } }>(
      `{ reconciliation(fiscalYear: 2025, regency: "35.09") { allocation months { ${ROW_FIELDS} } semesters { ${ROW_FIELDS} } } }`,
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.reconciliation;
    expect(r.allocation).toBe(300_000);
    const months = Object.fromEntries(r.months.map((m) => [m.period, m]));
    // Hand-computed: expected is 16,800 with A alone, 16,800 + 36,800 = 53,600 with A and B (Mar-Aug).
    expect(months['2025-03']).toMatchObject({ paid: 10_000, expected: 53_600, gap: 43_600, participantsCovered: 2, participantMonths: 2, costPerParticipantMonth: 5_000, cumulativePaid: 43_600 });
    expect(months['2025-05']).toMatchObject({ claimsPaid: 1_000_000, cumulativePaid: 137_200 });
    expect(months['2025-05']!.benefitsToContributions).toBeCloseTo(1_000_000 / 53_600, 9);
    expect(months['2025-01']!.benefitsToContributions).toBe(0); // 0 claims / (16,800 DBHCHT + 16,800 APBD)
    expect(months['2025-08']!.cumulativeRealizationRate).toBeCloseTo(304_400 / 300_000, 9);
    expect(Object.fromEntries(r.months.map((m) => [m.period, m.flags.map((f) => f.code)]))).toEqual({
      '2025-01': [],
      '2025-02': [],
      '2025-03': ['UNDERPAID', 'COST_OUTSIDE_RATE', 'PARTICIPANTS_UP_PAYMENTS_DOWN'],
      '2025-04': ['UNDERPAID'],
      '2025-05': [],
      '2025-06': ['OVERPAID'],
      '2025-07': [],
      '2025-08': ['OVER_BUDGET'],
      '2025-09': ['UNDERPAID', 'OVER_BUDGET', 'COST_OUTSIDE_RATE'],
      '2025-10': ['OVER_BUDGET'],
      '2025-11': ['OVER_BUDGET'],
      '2025-12': ['OVER_BUDGET'],
    });
    // S1: paid 197,200 of 248,000 expected (79.5%: underpaid); PM 1+1+2+2+2+2 = 10. S2: 157,600 of 174,400 (90.4%); PM 8.
    expect(r.semesters.map((s) => [s.period, s.paid, s.expected, s.participantsCovered, s.participantMonths, s.claimsPaid, s.flags.map((f) => f.code)])).toEqual([
      ['2025-S1', 197_200, 248_000, 2, 10, 1_000_000, ['UNDERPAID']],
      ['2025-S2', 157_600, 174_400, 1, 8, 0, ['OVER_BUDGET']],
    ]);
    expect(r.semesters[0]!.benefitsToContributions).toBeCloseTo(1_000_000 / (197_200 + 16_800), 9);
  });
});

describe('CSV exports', () => {
  it('exports a stats result with provenance, and the CSV reads back to the same figures', async () => {
    const query = `{ stats(measures: [ACTIVE_PARTICIPANTS, CONTRIBUTIONS_IDR], dimensions: [REGION, FUNDING_SOURCE], filter: { region: ["35.09"] }, from: "2025-01", to: "2025-06") { rows { period regionCode fundingSource values { measure value money } } } }`;
    const [direct, exported] = await Promise.all([
      platform.graphql<{ stats: { rows: Array<{ period: string; regionCode: string; fundingSource: string; values: Array<{ measure: string; value: number }> }> } }>(query),
      platform.graphql<{ exportCsv: { csv: string; rows: number; sha256: string; asOf: string } }>(`query($q: String!) { exportCsv(query: $q) { csv rows sha256 asOf } }`, { q: query }),
    ]);
    expect(exported.errors).toBeUndefined();
    const { meta, data } = parseExport(exported.data!.exportCsv.csv);
    expect(meta.query).toContain('stats(measures: [ACTIVE_PARTICIPANTS, CONTRIBUTIONS_IDR]');
    expect(meta.asOf).toBe(exported.data!.exportCsv.asOf);
    const table = parse(data, { columns: true }) as Array<Record<string, string>>;
    expect(table.map((r) => [r.period, r.regionCode, r.fundingSource, Number(r['values.ACTIVE_PARTICIPANTS']), Number(r['values.CONTRIBUTIONS_IDR'])])).toEqual(
      direct.data!.stats.rows.map((r) => [r.period, r.regionCode, r.fundingSource, r.values[0]!.value, r.values[1]!.value]),
    );
    const rows = parse(data) as string[][];
    expect(meta['sha256 of the data below']).toBe(contentHash({ columns: rows[0]!, rows: rows.slice(1) }));
    expect(exported.data!.exportCsv.rows).toBe(table.length);
  });
});

describe('period close', () => {
  const PROVINCE = { role: 'PROVINCE' as const, region: '35' };
  const REGENCY = { role: 'REGENCY' as const, region: '35.09' };
  type Closed = { closedPeriod: null | { sealVerified: boolean; sha256: string; figures: Array<{ measure: string; published: number | null; current: number | null; adjustment: number | null }> } };
  const READ = `{ closedPeriod(region: "35.09", period: "2025-S1") { sealVerified sha256 figures { measure published current adjustment } } }`;

  it('keeps the figures as closed, shows later corrections as adjustments, and closes once', async () => {
    expect((await platform.graphql<Closed>(READ)).data!.closedPeriod).toBeNull();
    const refused = await platform.graphql(`mutation { closePeriod(region: "35.09", period: "2025-S1") { sha256 } }`, undefined, REGENCY);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const closed = await platform.graphql<{ closePeriod: { sha256: string; closedBy: string } }>(
      `mutation { closePeriod(region: "35.09", period: "2025-S1") { sha256 closedBy } }`, undefined, PROVINCE,
    );
    expect(closed.errors).toBeUndefined();
    expect(closed.data!.closePeriod.closedBy).toContain('PROVINCE 35');

    // A correction after the close: the June payment was Rp 60,000, it is corrected to Rp 53,600.
    const corrected = payments.map((p) => (p.payment_id === 'R-06' ? { ...p, amount_idr: '53600' } : p));
    expect((await platform.importCsv('contributions', toCsv(corrected))).written).toBe(1);
    await platform.drain();

    const after = (await platform.graphql<Closed>(READ)).data!.closedPeriod!;
    expect(after.sealVerified).toBe(true);
    expect(after.sha256).toBe(closed.data!.closePeriod.sha256);
    const paid = after.figures.find((f) => f.measure === 'CONTRIBUTIONS_IDR')!;
    // S1 payments of every source: DBHCHT 197,200 + APBD 16,800 as closed; 6,400 less after the correction.
    expect(paid).toEqual({ measure: 'CONTRIBUTIONS_IDR', published: 214_000, current: 207_600, adjustment: -6_400 });
    expect(after.figures.find((f) => f.measure === 'ACTIVE_PARTICIPANTS')).toMatchObject({ published: 3, current: 3, adjustment: 0 });

    const again = await platform.graphql(`mutation { closePeriod(region: "35.09", period: "2025-S1") { sha256 } }`, undefined, PROVINCE);
    expect(again.errors?.[0]?.message).toContain('already closed');
  });
});
