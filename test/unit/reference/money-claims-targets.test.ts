import { describe, expect, it } from 'vitest';
import { datasetFromRows, referenceStats } from '../../support/reference/reference-stats.js';
import { fixtureRows, series } from './fixture.js';

const data = datasetFromRows(fixtureRows);
const year2025ByQuarter = { from: '2025-01', to: '2025-12', granularity: 'QUARTER' as const };

describe('reference: contributions and the gap', () => {
  it('sums payments by the month they pay for, and the gap against what was due', () => {
    const result = referenceStats(data, {
      ...year2025ByQuarter, measures: ['CONTRIBUTIONS_IDR', 'BILLED_PARTICIPANTS', 'CONTRIBUTION_GAP_IDR'], dimensions: [],
    });
    expect(result.rows).toEqual([
      // No payment in Q1, but 84,000 was due: the gap row is there.
      { period: '2025-Q1', dims: {}, values: { CONTRIBUTIONS_IDR: 0, BILLED_PARTICIPANTS: 0, CONTRIBUTION_GAP_IDR: 84000 } },
      // PAY1 33,600 + PAY4 16,800; billed 2 + 1; gap 174,400 - 50,400
      { period: '2025-Q2', dims: {}, values: { CONTRIBUTIONS_IDR: 50400, BILLED_PARTICIPANTS: 3, CONTRIBUTION_GAP_IDR: 124000 } },
      // PAY2 33,600 + PAY3 16,800 + PAY5 16,800; billed 2 + 1 + 1; gap 194,400 - 67,200
      { period: '2025-Q3', dims: {}, values: { CONTRIBUTIONS_IDR: 67200, BILLED_PARTICIPANTS: 4, CONTRIBUTION_GAP_IDR: 127200 } },
      { period: '2025-Q4', dims: {}, values: { CONTRIBUTIONS_IDR: 0, BILLED_PARTICIPANTS: 0, CONTRIBUTION_GAP_IDR: 127200 } },
    ]);
    // 580,000 due in 2025 - 117,600 paid
    expect(result.totals).toEqual({ CONTRIBUTIONS_IDR: 117600, BILLED_PARTICIPANTS: 7, CONTRIBUTION_GAP_IDR: 462400 });
  });

  it('shows contribution rows only where money was paid', () => {
    const result = referenceStats(data, { ...year2025ByQuarter, measures: ['CONTRIBUTIONS_IDR'], dimensions: [] });
    expect(series(result, 'CONTRIBUTIONS_IDR')).toEqual({ '2025-Q2': 50400, '2025-Q3': 67200 });
  });

  it('cuts the gap by regency and by funding source', () => {
    const byRegency = referenceStats(data, {
      measures: ['CONTRIBUTION_GAP_IDR'], dimensions: ['REGION'], regionLevel: 'REGENCY', from: '2025-07', to: '2025-09', granularity: 'QUARTER',
    });
    expect(series(byRegency, 'CONTRIBUTION_GAP_IDR')).toEqual({
      '2025-Q3 35.09': 93600, // due P1 2 x 16,800 + P2 3 x 36,800 = 144,000; paid 33,600 + 16,800
      '2025-Q3 35.12': 33600, // due P3b 3 x 16,800 = 50,400; paid 16,800
    });
    const bySource = referenceStats(data, {
      measures: ['CONTRIBUTION_GAP_IDR', 'CONTRIBUTIONS_IDR'], dimensions: ['FUNDING_SOURCE'], from: '2025-04', to: '2025-06', granularity: 'QUARTER',
    });
    expect(series(bySource, 'CONTRIBUTION_GAP_IDR')).toEqual({
      '2025-Q2 APBD': 33600, // due P3a 3 x 16,800 = 50,400; paid 16,800
      '2025-Q2 DBHCHT': 90400, // due P1 3 x 16,800 + P2 2 x 36,800 = 124,000; paid 33,600
    });
  });

  it('filters payments by region and funding source', () => {
    const result = referenceStats(data, {
      measures: ['CONTRIBUTIONS_IDR', 'BILLED_PARTICIPANTS'], dimensions: ['REGION'], regionLevel: 'REGENCY',
      filter: { REGION: ['35.09'], FUNDING_SOURCE: ['DBHCHT'] }, from: '2025-06', to: '2026-01', granularity: 'MONTH',
    });
    expect(series(result, 'CONTRIBUTIONS_IDR')).toEqual({
      '2025-06 35.09': 33600, '2025-07 35.09': 33600, '2025-08 35.09': 16800, '2026-01 35.09': 36800,
    });
    expect(result.totals).toEqual({ CONTRIBUTIONS_IDR: 120800, BILLED_PARTICIPANTS: 6 });
  });
});

describe('reference: claims', () => {
  it('counts claims in the month they were paid', () => {
    const result = referenceStats(data, { ...year2025ByQuarter, measures: ['CLAIMS', 'CLAIMS_PAID_IDR'], dimensions: [] });
    expect(series(result, 'CLAIMS')).toEqual({ '2025-Q1': 1, '2025-Q3': 2, '2025-Q4': 1 }); // C4 / C1, C2 / C3
    expect(series(result, 'CLAIMS_PAID_IDR')).toEqual({ '2025-Q1': 750000, '2025-Q3': 47000000, '2025-Q4': 2500000 });
    expect(result.totals).toEqual({ CLAIMS: 4, CLAIMS_PAID_IDR: 50250000 });
  });

  it('attributes a claim to the period covering the event, else the latest started, else the earliest', () => {
    const result = referenceStats(data, {
      ...year2025ByQuarter, measures: ['CLAIMS', 'CLAIMS_PAID_IDR'], dimensions: ['REGION'], regionLevel: 'DISTRICT',
    });
    expect(series(result, 'CLAIMS_PAID_IDR')).toEqual({
      '2025-Q1 35.09.01': 750000, // C4: event before P1 started -> P1's (earliest) period
      '2025-Q3 35.09.00': 5000000, // C1: P2 has no district
      '2025-Q3 35.12.03': 42000000, // C2: June event -> P3a, though paid when P3b (35.12.05) ran
      '2025-Q4 35.12.05': 2500000, // C3: November, after P3b ended -> P3b, not the earlier P3a
    });
  });

  it('cuts claims by their own program, and by gender and age band of the claimant', () => {
    const byProgram = referenceStats(data, {
      measures: ['CLAIMS', 'CLAIMS_PAID_IDR'], dimensions: ['PROGRAM'], from: '2025-07', to: '2025-09', granularity: 'QUARTER',
    });
    expect(series(byProgram, 'CLAIMS_PAID_IDR')).toEqual({ '2025-Q3 JKK': 5000000, '2025-Q3 JKM': 42000000 });
    const byPerson = referenceStats(data, {
      measures: ['CLAIMS'], dimensions: ['GENDER', 'AGE_BAND'], from: '2025-07', to: '2025-09', granularity: 'MONTH',
    });
    // C2 paid in July to P3 (50); C1 paid in September to P2 (25 on 30 Sep).
    expect(series(byPerson, 'CLAIMS')).toEqual({ '2025-07 L 45-54': 1, '2025-09 P 25-34': 1 });
  });

  it('filters claims by sector and program', () => {
    const fishers = referenceStats(data, {
      measures: ['CLAIMS', 'CLAIMS_PAID_IDR'], dimensions: [], filter: { SECTOR: ['FISHER'] }, from: '2025-01', to: '2025-12', granularity: 'YEAR',
    });
    expect(fishers.totals).toEqual({ CLAIMS: 2, CLAIMS_PAID_IDR: 44500000 }); // C2 + C3
    const jkm = referenceStats(data, {
      measures: ['CLAIMS'], dimensions: [], filter: { PROGRAM: ['JKM'] }, from: '2025-01', to: '2025-12', granularity: 'YEAR',
    });
    expect(jkm.totals).toEqual({ CLAIMS: 1 });
  });
});

describe('reference: targets and coverage rate', () => {
  it('uses a regency all-sectors target, else the sum of its sector rows', () => {
    const result = referenceStats(data, {
      measures: ['TARGET_WORKERS', 'ACTIVE_PARTICIPANTS', 'COVERAGE_RATE'], dimensions: ['REGION'], regionLevel: 'REGENCY',
      from: '2025-01', to: '2025-12', granularity: 'YEAR',
    });
    expect(result.rows).toEqual([
      // 1,000 (all sectors; the 400 sector row is ignored); Dec: P2
      { period: '2025', dims: { REGION: '35.09' }, values: { TARGET_WORKERS: 1000, ACTIVE_PARTICIPANTS: 1, COVERAGE_RATE: 0.001 } },
      // 50 + 30; nobody active in Dec: rate 0, not null
      { period: '2025', dims: { REGION: '35.12' }, values: { TARGET_WORKERS: 80, ACTIVE_PARTICIPANTS: 0, COVERAGE_RATE: 0 } },
    ]);
    expect(result.totals).toEqual({ TARGET_WORKERS: 1080, ACTIVE_PARTICIPANTS: 1, COVERAGE_RATE: 1 / 1080 });
  });

  it('uses only sector rows when cut or filtered by sector', () => {
    const bySector = referenceStats(data, {
      measures: ['TARGET_WORKERS', 'COVERAGE_RATE'], dimensions: ['SECTOR'], from: '2025-07', to: '2025-09', granularity: 'QUARTER',
    });
    expect(series(bySector, 'TARGET_WORKERS')).toEqual({
      '2025-Q3 FISHER': 50, '2025-Q3 FOOD_CROP_FARMER': 30, '2025-Q3 TOBACCO_FARM_WORKER': 400,
    });
    expect(series(bySector, 'COVERAGE_RATE')).toEqual({
      '2025-Q3 FISHER': 1 / 50, // P3b
      '2025-Q3 FOOD_CROP_FARMER': 0,
      '2025-Q3 TOBACCO_FARM_WORKER': 1 / 400, // P2 (P1 ended in Aug)
    });
    // Totals take no dimension, so the all-sectors rule applies: 1,000 + 80, not the rows' 480.
    expect(bySector.totals).toEqual({ TARGET_WORKERS: 1080, COVERAGE_RATE: 2 / 1080 });
    const fishers = referenceStats(data, {
      measures: ['TARGET_WORKERS', 'COVERAGE_RATE'], dimensions: [], filter: { SECTOR: ['FISHER'] },
      from: '2025-07', to: '2025-09', granularity: 'QUARTER',
    });
    expect(fishers.totals).toEqual({ TARGET_WORKERS: 50, COVERAGE_RATE: 0.02 });
  });

  it('takes the target of the year the bucket ends in; the rate is null without one', () => {
    const result = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS', 'TARGET_WORKERS', 'COVERAGE_RATE'], dimensions: [], from: '2024-10', to: '2026-03', granularity: 'QUARTER',
    });
    expect(series(result, 'TARGET_WORKERS')).toEqual({
      '2024-Q4': 0, // P3a active, no 2024 target
      '2025-Q1': 1080, '2025-Q2': 1080, '2025-Q3': 1080, '2025-Q4': 1080,
      '2026-Q1': 800, // 35.09 only; 35.12 has no 2026 target
    });
    expect(series(result, 'COVERAGE_RATE')['2024-Q4']).toBeNull();
    expect(series(result, 'COVERAGE_RATE')['2026-Q1']).toBe(1 / 800); // P2, ongoing
    expect(result.totals).toEqual({ ACTIVE_PARTICIPANTS: 1, TARGET_WORKERS: 800, COVERAGE_RATE: 1 / 800 });
  });

  it('rolls regency targets up to the province', () => {
    const result = referenceStats(data, {
      measures: ['TARGET_WORKERS'], dimensions: ['REGION'], regionLevel: 'PROVINCE', from: '2025-01', to: '2025-03', granularity: 'QUARTER',
    });
    expect(series(result, 'TARGET_WORKERS')).toEqual({ '2025-Q1 35': 1080 });
  });
});

describe('reference: budget and realization rate', () => {
  it('gives every bucket of a year its allocation, and counts each year once in the totals', () => {
    const monthly = referenceStats(data, { measures: ['BUDGET_IDR'], dimensions: [], from: '2025-01', to: '2025-03', granularity: 'MONTH' });
    expect(series(monthly, 'BUDGET_IDR')).toEqual({ '2025-01': 300000, '2025-02': 300000, '2025-03': 300000 });
    expect(monthly.totals).toEqual({ BUDGET_IDR: 300000 });
    const yearly = referenceStats(data, {
      measures: ['BUDGET_IDR'], dimensions: ['REGION'], regionLevel: 'REGENCY', from: '2025-01', to: '2026-12', granularity: 'YEAR',
    });
    expect(series(yearly, 'BUDGET_IDR')).toEqual({ '2025 35.09': 200000, '2025 35.12': 100000, '2026 35.09': 50000 });
    expect(yearly.totals).toEqual({ BUDGET_IDR: 350000 });
  });

  it('divides DBHCHT-funded payments by the allocation', () => {
    const result = referenceStats(data, {
      ...year2025ByQuarter, measures: ['BUDGET_REALIZATION_RATE'], dimensions: ['REGION'], regionLevel: 'REGENCY',
    });
    expect(series(result, 'BUDGET_REALIZATION_RATE')).toEqual({
      '2025-Q1 35.09': 0, '2025-Q1 35.12': 0,
      '2025-Q2 35.09': 0.168, // 33,600 / 200,000
      '2025-Q2 35.12': 0, // its June payment came from APBD
      '2025-Q3 35.09': 0.252, // (33,600 + 16,800) / 200,000
      '2025-Q3 35.12': 0.168, // 16,800 / 100,000
      '2025-Q4 35.09': 0, '2025-Q4 35.12': 0,
    });
    const twoYears = referenceStats(data, {
      measures: ['BUDGET_REALIZATION_RATE', 'BUDGET_IDR'], dimensions: [], from: '2025-01', to: '2026-12', granularity: 'YEAR',
    });
    expect(series(twoYears, 'BUDGET_REALIZATION_RATE')).toEqual({
      2025: 0.336, // 100,800 / 300,000
      2026: 0.736, // 36,800 / 50,000
    });
    expect(twoYears.totals).toEqual({ BUDGET_REALIZATION_RATE: 137600 / 350000, BUDGET_IDR: 350000 });
  });

  it('has a null rate where money was paid without a budget', () => {
    const result = referenceStats(data, {
      measures: ['BUDGET_REALIZATION_RATE'], dimensions: [], filter: { REGION: ['35.12'] }, from: '2026-01', to: '2026-12', granularity: 'YEAR',
    });
    expect(result.rows).toEqual([]); // no 2026 payment nor budget for 35.12
    expect(result.totals).toEqual({ BUDGET_REALIZATION_RATE: null });
  });
});

describe('reference: refused queries', () => {
  const base = { from: '2025-01', to: '2025-12', granularity: 'QUARTER' as const };
  it('names the measure and the unsupported dimension', () => {
    expect(() => referenceStats(data, { ...base, measures: ['ACTIVE_PARTICIPANTS', 'CONTRIBUTIONS_IDR'], dimensions: ['AGE_BAND'] }))
      .toThrow(/CONTRIBUTIONS_IDR.*AGE_BAND/);
    expect(() => referenceStats(data, { ...base, measures: ['CLAIMS'], dimensions: [], filter: { FUNDING_SOURCE: ['DBHCHT'] } }))
      .toThrow(/CLAIMS.*FUNDING_SOURCE/);
    expect(() => referenceStats(data, { ...base, measures: ['BUDGET_IDR'], dimensions: ['REGION'], regionLevel: 'DISTRICT' }))
      .toThrow(/BUDGET_IDR.*DISTRICT/);
    expect(() => referenceStats(data, { ...base, measures: ['TARGET_WORKERS'], dimensions: [], filter: { REGION: ['35.09.01'] } }))
      .toThrow(/TARGET_WORKERS.*DISTRICT/);
  });

  it('refuses a range not aligned to the granularity', () => {
    expect(() => referenceStats(data, { measures: ['CLAIMS'], dimensions: [], from: '2025-02', to: '2025-12', granularity: 'QUARTER' }))
      .toThrow(/aligned/);
  });
});
