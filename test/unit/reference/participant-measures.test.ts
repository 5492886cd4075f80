import { describe, expect, it } from 'vitest';
import { datasetFromRows, referenceStats } from '../../support/reference/reference-stats.js';
import { fixtureRows, series } from './fixture.js';

const data = datasetFromRows(fixtureRows);
const PERIOD_MEASURES = [
  'ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'NEW_ENROLLMENTS', 'TERMINATIONS', 'EXPECTED_CONTRIBUTIONS_IDR',
];

describe('reference: participant measures by month', () => {
  const result = referenceStats(data, {
    measures: PERIOD_MEASURES, dimensions: [], from: '2025-01', to: '2025-12', granularity: 'MONTH',
  });

  it('counts the periods covering each month', () => {
    // The "active" line of the fixture timeline.
    expect(series(result, 'ACTIVE_PARTICIPANTS')).toEqual({
      '2025-01': 1, '2025-02': 2, '2025-03': 2, '2025-04': 2, '2025-05': 3, '2025-06': 3,
      '2025-07': 3, '2025-08': 3, '2025-09': 2, '2025-10': 2, '2025-11': 1, '2025-12': 1,
    });
    // A one-month bucket has as many participant-months as active participants.
    expect(series(result, 'PARTICIPANT_MONTHS')).toEqual(series(result, 'ACTIVE_PARTICIPANTS'));
  });

  it('counts enrolments in the start month and terminations in the end month, 0 elsewhere', () => {
    // P1 starts Feb, P2 May, P3b Jul (P3a started in 2024); P3a ends Jun, P1 Aug, P3b Oct.
    const news = series(result, 'NEW_ENROLLMENTS');
    const ends = series(result, 'TERMINATIONS');
    expect(Object.entries(news).filter(([, v]) => v !== 0)).toEqual([['2025-02', 1], ['2025-05', 1], ['2025-07', 1]]);
    expect(Object.entries(ends).filter(([, v]) => v !== 0)).toEqual([['2025-06', 1], ['2025-08', 1], ['2025-10', 1]]);
    expect(news['2025-01']).toBe(0);
  });

  it('prices each covered month at the rates of the period programs', () => {
    expect(series(result, 'EXPECTED_CONTRIBUTIONS_IDR')).toEqual({
      '2025-01': 16800, // P3a
      '2025-02': 33600, '2025-03': 33600, '2025-04': 33600, // P1 + P3a = 2 x 16,800
      '2025-05': 70400, '2025-06': 70400, // P1 16,800 + P2 36,800 + P3a 16,800
      '2025-07': 70400, '2025-08': 70400, // P1 + P2 + P3b
      '2025-09': 53600, '2025-10': 53600, // P2 36,800 + P3b 16,800
      '2025-11': 36800, '2025-12': 36800, // P2
    });
  });

  it('totals: flows summed over the months, the stock of the last month', () => {
    expect(result.totals).toEqual({
      ACTIVE_PARTICIPANTS: 1, // December
      PARTICIPANT_MONTHS: 25, // P1 7 + P2 8 + P3a 6 (2025 part) + P3b 4
      NEW_ENROLLMENTS: 3,
      TERMINATIONS: 3,
      EXPECTED_CONTRIBUTIONS_IDR: 580000, // 17 months x 16,800 = 285,600 + 8 x 36,800 = 294,400
    });
  });
});

describe('reference: participant measures by quarter and year', () => {
  it('takes the stock at the last month of the quarter and sums the flows over its months', () => {
    const result = referenceStats(data, {
      measures: PERIOD_MEASURES, dimensions: [], from: '2025-01', to: '2025-12', granularity: 'QUARTER',
    });
    expect(series(result, 'ACTIVE_PARTICIPANTS')).toEqual({ '2025-Q1': 2, '2025-Q2': 3, '2025-Q3': 2, '2025-Q4': 1 });
    // Q1 1+2+2, Q2 2+3+3, Q3 3+3+2, Q4 2+1+1
    expect(series(result, 'PARTICIPANT_MONTHS')).toEqual({ '2025-Q1': 5, '2025-Q2': 8, '2025-Q3': 8, '2025-Q4': 4 });
    expect(series(result, 'NEW_ENROLLMENTS')).toEqual({ '2025-Q1': 1, '2025-Q2': 1, '2025-Q3': 1, '2025-Q4': 0 });
    expect(series(result, 'TERMINATIONS')).toEqual({ '2025-Q1': 0, '2025-Q2': 1, '2025-Q3': 1, '2025-Q4': 1 });
    expect(series(result, 'EXPECTED_CONTRIBUTIONS_IDR')).toEqual({
      '2025-Q1': 84000, // 5 PM x 16,800
      '2025-Q2': 174400, // 6 x 16,800 + P2 2 x 36,800
      '2025-Q3': 194400, // 5 x 16,800 + P2 3 x 36,800
      '2025-Q4': 127200, // P3b 16,800 + P2 3 x 36,800
    });
    expect(result.totals.ACTIVE_PARTICIPANTS).toBe(1);
    expect(result.totals.PARTICIPANT_MONTHS).toBe(25);
  });

  it('gives a year the stock of December and the flows of twelve months', () => {
    const result = referenceStats(data, {
      measures: PERIOD_MEASURES, dimensions: [], from: '2025-01', to: '2025-12', granularity: 'YEAR',
    });
    expect(result.rows).toEqual([{
      period: '2025', dims: {},
      values: {
        ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 25, NEW_ENROLLMENTS: 3, TERMINATIONS: 3, EXPECTED_CONTRIBUTIONS_IDR: 580000,
      },
    }]);
  });

  it('semester buckets split at July', () => {
    const result = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'], dimensions: [], from: '2025-01', to: '2025-12', granularity: 'SEMESTER',
    });
    expect(series(result, 'ACTIVE_PARTICIPANTS')).toEqual({ '2025-S1': 3, '2025-S2': 1 });
    expect(series(result, 'PARTICIPANT_MONTHS')).toEqual({ '2025-S1': 13, '2025-S2': 12 }); // 5 + 8, 8 + 4
  });
});

describe('reference: dimensions of coverage periods', () => {
  it('bands age on the last day of the bucket: a woman turning 25 in August', () => {
    const monthly = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS'], dimensions: ['AGE_BAND', 'GENDER'], from: '2025-07', to: '2025-09', granularity: 'MONTH',
    });
    expect(series(monthly, 'ACTIVE_PARTICIPANTS')).toEqual({
      '2025-07 15-24 P': 1, '2025-07 35-44 L': 1, '2025-07 45-54 L': 1, // P2 is 24 on 31 Jul
      '2025-08 25-34 P': 1, '2025-08 35-44 L': 1, '2025-08 45-54 L': 1, // 25 on 31 Aug
      '2025-09 25-34 P': 1, '2025-09 45-54 L': 1,
    });
    // At quarter level all of P2's three months fall in the band of 30 Sep, July included.
    const quarterly = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'], dimensions: ['AGE_BAND'], from: '2025-04', to: '2025-09', granularity: 'QUARTER',
    });
    expect(series(quarterly, 'PARTICIPANT_MONTHS')).toEqual({
      '2025-Q2 15-24': 2, '2025-Q2 35-44': 3, '2025-Q2 45-54': 3, // P2 May-Jun aged 24 on 30 Jun
      '2025-Q3 25-34': 3, '2025-Q3 35-44': 2, '2025-Q3 45-54': 3,
    });
    // P1 ended in August: a row for its participant-months, with 0 active.
    expect(series(quarterly, 'ACTIVE_PARTICIPANTS')['2025-Q3 35-44']).toBe(0);
  });

  it('counts a JKK+JKM+JHT period under each of its programs, and only that program rate', () => {
    const result = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS', 'EXPECTED_CONTRIBUTIONS_IDR'], dimensions: ['PROGRAM'], from: '2025-07', to: '2025-09', granularity: 'QUARTER',
    });
    // Sep: P2 (JKK, JKM, JHT) and P3b (JKK, JKM). Q3 participant-months: 8, of which P2's 3 carry JHT.
    expect(series(result, 'ACTIVE_PARTICIPANTS')).toEqual({ '2025-Q3 JHT': 1, '2025-Q3 JKK': 2, '2025-Q3 JKM': 2 });
    expect(series(result, 'EXPECTED_CONTRIBUTIONS_IDR')).toEqual({
      '2025-Q3 JHT': 60000, // 3 x 20,000
      '2025-Q3 JKK': 80000, // 8 x 10,000
      '2025-Q3 JKM': 54400, // 8 x 6,800
    });
    // The total counts people once, so it is not the sum of the program rows (5); the money does add up.
    expect(result.totals).toEqual({ ACTIVE_PARTICIPANTS: 2, EXPECTED_CONTRIBUTIONS_IDR: 194400 });
  });

  it('filters by program: only JHT periods, priced at the JHT rate', () => {
    const result = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'EXPECTED_CONTRIBUTIONS_IDR'], dimensions: [],
      filter: { PROGRAM: ['JHT'] }, from: '2025-07', to: '2025-09', granularity: 'QUARTER',
    });
    expect(result.rows).toEqual([{
      period: '2025-Q3', dims: {}, values: { ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 3, EXPECTED_CONTRIBUTIONS_IDR: 60000 },
    }]);
  });

  it('cuts by district, with a period without district under <regency>.00', () => {
    const result = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'TERMINATIONS'], dimensions: ['REGION'], regionLevel: 'DISTRICT',
      from: '2025-04', to: '2025-09', granularity: 'QUARTER',
    });
    expect(result.rows).toEqual([
      { period: '2025-Q2', dims: { REGION: '35.09.00' }, values: { ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 2, TERMINATIONS: 0 } }, // P2 May-Jun
      { period: '2025-Q2', dims: { REGION: '35.09.01' }, values: { ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 3, TERMINATIONS: 0 } }, // P1
      { period: '2025-Q2', dims: { REGION: '35.12.03' }, values: { ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 3, TERMINATIONS: 1 } }, // P3a ends Jun
      { period: '2025-Q3', dims: { REGION: '35.09.00' }, values: { ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 3, TERMINATIONS: 0 } },
      { period: '2025-Q3', dims: { REGION: '35.09.01' }, values: { ACTIVE_PARTICIPANTS: 0, PARTICIPANT_MONTHS: 2, TERMINATIONS: 1 } }, // P1 Jul-Aug
      { period: '2025-Q3', dims: { REGION: '35.12.05' }, values: { ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 3, TERMINATIONS: 0 } }, // P3b
    ]);
  });

  it('rolls districts up to the province', () => {
    const result = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'], dimensions: ['REGION'], regionLevel: 'PROVINCE',
      from: '2025-07', to: '2025-09', granularity: 'QUARTER',
    });
    expect(result.rows).toEqual([{ period: '2025-Q3', dims: { REGION: '35' }, values: { ACTIVE_PARTICIPANTS: 2, PARTICIPANT_MONTHS: 8 } }]);
  });

  it('cuts by funding source: the renewal moves P3 from APBD to DBHCHT', () => {
    const result = referenceStats(data, {
      measures: ['ACTIVE_PARTICIPANTS'], dimensions: ['FUNDING_SOURCE'], from: '2025-04', to: '2025-09', granularity: 'QUARTER',
    });
    expect(series(result, 'ACTIVE_PARTICIPANTS')).toEqual({
      '2025-Q2 APBD': 1, '2025-Q2 DBHCHT': 2, // Jun: P3a / P1, P2
      '2025-Q3 DBHCHT': 2, // Sep: P2, P3b
    });
  });

  it('shows a row only when one of the asked measures is non-zero', () => {
    // APBD (P3a) has 6 participant-months in 2025 but no enrolment: no row when only enrolments are asked.
    const news = referenceStats(data, {
      measures: ['NEW_ENROLLMENTS'], dimensions: ['FUNDING_SOURCE'], from: '2025-01', to: '2025-12', granularity: 'YEAR',
    });
    expect(series(news, 'NEW_ENROLLMENTS')).toEqual({ '2025 DBHCHT': 3 });
    // Its termination brings the row back, with 0 enrolments.
    const both = referenceStats(data, {
      measures: ['NEW_ENROLLMENTS', 'TERMINATIONS'], dimensions: ['FUNDING_SOURCE'], from: '2025-01', to: '2025-12', granularity: 'YEAR',
    });
    expect(series(both, 'NEW_ENROLLMENTS')).toEqual({ '2025 APBD': 0, '2025 DBHCHT': 3 });
    expect(series(both, 'TERMINATIONS')).toEqual({ '2025 APBD': 1, '2025 DBHCHT': 2 });
  });
});

describe('reference: filters on participant measures', () => {
  const q3 = { from: '2025-07', to: '2025-09', granularity: 'QUARTER' as const, dimensions: [] };

  it('filters by region at any level, "district unknown" included', () => {
    const measures = ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'];
    expect(referenceStats(data, { ...q3, measures, filter: { REGION: ['35.09'] } }).totals)
      .toEqual({ ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 5 }); // P2 3 + P1 2
    expect(referenceStats(data, { ...q3, measures, filter: { REGION: ['35.09.00'] } }).totals)
      .toEqual({ ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 3 }); // P2 only
    expect(referenceStats(data, { ...q3, measures, filter: { REGION: ['35.09.01', '35.12'] } }).totals)
      .toEqual({ ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 5 }); // P1 2 + P3b 3
    expect(referenceStats(data, { ...q3, measures, filter: { REGION: ['35'] } }).totals)
      .toEqual({ ACTIVE_PARTICIPANTS: 2, PARTICIPANT_MONTHS: 8 });
  });

  it('filters by gender, sector and age band (age taken at each bucket end)', () => {
    const measures = ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'];
    expect(referenceStats(data, { ...q3, measures, filter: { GENDER: ['P'] } }).totals)
      .toEqual({ ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 3 });
    expect(referenceStats(data, { ...q3, measures, filter: { SECTOR: ['FISHER'] } }).totals)
      .toEqual({ ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 3 });
    const byMonth = referenceStats(data, {
      measures, dimensions: [], filter: { AGE_BAND: ['25-34'] }, from: '2025-07', to: '2025-09', granularity: 'MONTH',
    });
    // P2 is 24 on 31 Jul: no July row.
    expect(series(byMonth, 'ACTIVE_PARTICIPANTS')).toEqual({ '2025-08': 1, '2025-09': 1 });
    expect(byMonth.totals).toEqual({ ACTIVE_PARTICIPANTS: 1, PARTICIPANT_MONTHS: 2 });
  });
});
