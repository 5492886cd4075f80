/** Small-cell suppression, on hand-made tables: which cells are withheld and why. k = 10 throughout. */
import { describe, expect, it } from 'vitest';
import { planSuppression, populationSize, type SuppressibleRow } from '../../../lambda/plan/suppression.js';

const K = 10;
const cell = (size: number) => ({ size, present: size > 0 });
const row = (bucket: string, region: string, size: number, extra: Record<string, string> = {}): SuppressibleRow => ({
  bucket,
  dims: { REGION: region, ...extra },
  populations: { coverage: cell(size) },
});
const suppressedRegions = (rows: SuppressibleRow[], plan: ReturnType<typeof planSuppression>) =>
  rows.filter((_, i) => plan.rows[i]!.has('coverage')).map((r) => `${r.bucket}:${r.dims.REGION}${r.dims.SECTOR ? `:${r.dims.SECTOR}` : ''}`);

describe('small-cell suppression', () => {
  it('shows every cell when all are at least k', () => {
    const rows = [row('2025-06', 'A', 10), row('2025-06', 'B', 25)];
    const plan = planSuppression(rows, { coverage: cell(35) }, ['REGION'], K);
    expect(suppressedRegions(rows, plan)).toEqual([]);
    expect(plan.totals.size).toBe(0);
  });

  it('withholds a cell below k and the smallest other cell, so the total minus the rest does not give it away', () => {
    const rows = [row('2025-06', 'A', 12), row('2025-06', 'B', 3), row('2025-06', 'C', 11), row('2025-06', 'D', 40)];
    const plan = planSuppression(rows, { coverage: cell(66) }, ['REGION'], K);
    // 66 - 12 - 40 = 14 = B + C: neither can be told.
    expect(suppressedRegions(rows, plan)).toEqual(['2025-06:B', '2025-06:C']);
    expect(plan.totals.size).toBe(0);
  });

  it('withholds the total when the only other cell is the small one itself', () => {
    const rows = [row('2025-06', 'A', 4)];
    const plan = planSuppression(rows, { coverage: cell(4) }, ['REGION'], K);
    expect(suppressedRegions(rows, plan)).toEqual(['2025-06:A']);
    expect([...plan.totals]).toEqual(['coverage']);
  });

  it('protects a small cell in every margin of a two-way table', () => {
    // SECTOR x GENDER in one region: F/P is small. Row margin (F) and column margin (P) each need a second cell.
    const r = (sector: string, gender: string, size: number) => ({ ...row('2025', 'A', size, { SECTOR: sector }), dims: { SECTOR: sector, GENDER: gender } });
    const rows = [r('F', 'L', 30), r('F', 'P', 2), r('T', 'L', 50), r('T', 'P', 20)];
    const plan = planSuppression(rows, { coverage: cell(102) }, ['SECTOR', 'GENDER'], K);
    const hidden = rows.filter((_, i) => plan.rows[i]!.has('coverage')).map((x) => `${x.dims.SECTOR}/${x.dims.GENDER}`);
    // F/P forces F/L (row F) and T/P (column P); then row T and column L each hold one: T/L too.
    expect(hidden.sort()).toEqual(['F/L', 'F/P', 'T/L', 'T/P']);
  });

  it('pairs a small cell with another period of the same region when periods add up (flows)', () => {
    const rows = [row('2025-05', 'A', 30), row('2025-05', 'B', 30), row('2025-06', 'A', 5), row('2025-06', 'B', 40)];
    const plan = planSuppression(rows, { coverage: cell(70) }, ['REGION'], K);
    expect(suppressedRegions(rows, plan).sort()).toEqual(['2025-05:A', '2025-05:B', '2025-06:A', '2025-06:B']);
  });

  it('leaves cells without people alone, and withholds money that has no headcount behind it', () => {
    const rows: SuppressibleRow[] = [
      { bucket: '2025', dims: { REGION: 'A' }, populations: { payments: { size: 0, present: false } } },
      { bucket: '2025', dims: { REGION: 'B' }, populations: { payments: { size: 0, present: true } } },
      { bucket: '2025', dims: { REGION: 'C' }, populations: { payments: { size: 50, present: true } } },
      { bucket: '2025', dims: { REGION: 'D' }, populations: { payments: { size: 60, present: true } } },
    ];
    const plan = planSuppression(rows, { payments: { size: 110, present: true } }, ['REGION'], K);
    expect(rows.filter((_, i) => plan.rows[i]!.has('payments')).map((r) => r.dims.REGION)).toEqual(['B', 'C']);
  });

  it('counts at least the people active at the end, or the participant-months spread over the period', () => {
    const values = (active: number, pm: number) => (m: string) => (m === 'ACTIVE_PARTICIPANTS' ? active : pm);
    expect(populationSize('coverage', values(3, 60), 6)).toBe(10);
    expect(populationSize('coverage', values(12, 12), 6)).toBe(12);
    expect(populationSize('claims', (m) => (m === 'CLAIMS' ? 1 : 0), 12)).toBe(1);
    expect(populationSize('payments', (m) => (m === 'BILLED_PARTICIPANTS' ? 10 : 0), 6)).toBe(2);
    expect(populationSize('budgets', () => 0, 12)).toBe(Number.POSITIVE_INFINITY);
  });
});
