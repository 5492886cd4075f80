import { describe, expect, it } from 'vitest';
import type { CsvRow } from '../../support/reference/reference-stats.js';
import {
  datasetFromRows, loadRegions, referenceRanking, referenceRealization,
} from '../../support/reference/reference-stats.js';
import { fixtureRows } from './fixture.js';

function participants(regency: string, count: number, start: string, firstId: number): CsvRow[] {
  const rows: CsvRow[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      participant_id: String(firstId + i).padStart(11, '0'), nik: '3501010101900001', name: 'Fixture', gender: 'L',
      birth_date: '1990-01-01', regency_code: regency, district_code: '', sector: 'TOBACCO_FARM_WORKER',
      programs: 'JKK+JKM', funding_source: 'DBHCHT', start_month: start, end_month: '',
    });
  }
  return rows;
}

describe('reference: regency ranking', () => {
  /*
   * regency  target 2025  active Jun (Q2)  active Sep (Q3)  rate Q2  rate Q3
   * 35.01         4        0 (start Jul)        3              0       0.75
   * 35.03        10        5                    5              0.5     0.5
   * 35.05        20       10 (start Apr)       10              0.5     0.5
   * 35.07         -        2                    2              null    null
   * 35.09       100        0                    0              0       0
   * the other 33 regencies: no target, nobody -> null
   */
  const data = datasetFromRows({
    participants: [
      ...participants('35.01', 3, '2025-07', 1000),
      ...participants('35.03', 5, '2025-01', 2000),
      ...participants('35.05', 10, '2025-04', 3000),
      ...participants('35.07', 2, '2025-01', 4000),
    ],
    targets: [
      { regency_code: '35.01', year: '2025', sector: '', target_workers: '4' },
      { regency_code: '35.03', year: '2025', sector: '', target_workers: '10' },
      { regency_code: '35.05', year: '2025', sector: '', target_workers: '20' },
      { regency_code: '35.09', year: '2025', sector: '', target_workers: '100' },
    ],
  });
  const ranking = referenceRanking(data, loadRegions(), '35', '2025-Q3');

  it('lists every regency of the province, best coverage first, ties and nulls by code', () => {
    expect(ranking).toHaveLength(38);
    expect(ranking.map((r) => [r.rank, r.regencyCode, r.coverageRate])).toEqual([
      [1, '35.01', 0.75],
      [2, '35.03', 0.5], // tie with 35.05: lower code first
      [3, '35.05', 0.5],
      [4, '35.09', 0],
      [5, '35.02', null], // then every rate-less regency by code
      [6, '35.04', null],
      [7, '35.06', null],
      [8, '35.07', null], // participants but no target: still null
      [9, '35.08', null],
      // 35.10-35.29 and the cities 35.71-35.79, ranks 10 to 38
      ...[...Array.from({ length: 20 }, (_, i) => `35.${10 + i}`), ...Array.from({ length: 9 }, (_, i) => `35.${71 + i}`)]
        .map((code, i) => [10 + i, code, null]),
    ]);
    expect(ranking[37]).toMatchObject({ rank: 38, regencyCode: '35.79', name: 'Kota Batu' });
  });

  it('gives the figures and the rank of the previous quarter', () => {
    const byCode = new Map(ranking.map((r) => [r.regencyCode, r]));
    expect(byCode.get('35.01')).toEqual({
      regencyCode: '35.01', name: 'Kabupaten Pacitan', rank: 1, activeParticipants: 3, targetWorkers: 4, coverageRate: 0.75,
      // Q2: 35.03 and 35.05 lead at 0.5, then 35.01 and 35.09 tie at 0.
      previous: { rank: 3, activeParticipants: 0, targetWorkers: 4, coverageRate: 0 },
    });
    expect(byCode.get('35.05')!.previous).toEqual({ rank: 2, activeParticipants: 10, targetWorkers: 20, coverageRate: 0.5 });
    expect(byCode.get('35.07')).toMatchObject({ activeParticipants: 2, targetWorkers: 0, coverageRate: null });
  });

  it('reaches into the previous year for a first quarter', () => {
    const q1 = referenceRanking(data, loadRegions(), '35', '2025-Q1');
    // No 2024 targets: every previous rate is null, so the previous ranks follow the codes.
    expect(q1.find((r) => r.regencyCode === '35.03')!.previous).toEqual({
      rank: 3, activeParticipants: 0, targetWorkers: 0, coverageRate: null,
    });
  });
});

describe('reference: DBHCHT realization', () => {
  const data = datasetFromRows(fixtureRows);

  it('reports a province year by quarter', () => {
    // Allocation 200,000 + 100,000. DBHCHT periods: P1, P2, P3b (P3a is APBD).
    expect(referenceRealization(data, ['35'], 2025, 'QUARTER')).toEqual([
      {
        bucket: '2025-Q1', allocationIdr: 300000, paidIdr: 0,
        expectedIdr: 33600, gapIdr: 33600, // P1 Feb-Mar 2 x 16,800
        realizationRate: 0, cumulativePaidIdr: 0, cumulativeRealizationRate: 0,
        participantsCovered: 1, participantMonths: 2, costPerParticipantMonth: 0,
      },
      {
        bucket: '2025-Q2', allocationIdr: 300000, paidIdr: 33600, // PAY1 (PAY4 is APBD)
        expectedIdr: 124000, gapIdr: 90400, // P1 3 x 16,800 + P2 2 x 36,800
        realizationRate: 0.112, cumulativePaidIdr: 33600, cumulativeRealizationRate: 0.112,
        participantsCovered: 2, participantMonths: 5, costPerParticipantMonth: 6720, // 33,600 / 5
      },
      {
        bucket: '2025-Q3', allocationIdr: 300000, paidIdr: 67200, // PAY2 + PAY3 + PAY5
        expectedIdr: 194400, gapIdr: 127200,
        realizationRate: 0.224, cumulativePaidIdr: 100800, cumulativeRealizationRate: 0.336,
        participantsCovered: 2, participantMonths: 8, costPerParticipantMonth: 8400, // 67,200 / 8
      },
      {
        bucket: '2025-Q4', allocationIdr: 300000, paidIdr: 0,
        expectedIdr: 127200, gapIdr: 127200, // P3b Oct 16,800 + P2 3 x 36,800
        realizationRate: 0, cumulativePaidIdr: 100800, cumulativeRealizationRate: 0.336,
        participantsCovered: 1, participantMonths: 4, costPerParticipantMonth: 0,
      },
    ]);
  });

  it('reports one regency by semester, null cost when nobody was DBHCHT-funded', () => {
    expect(referenceRealization(data, ['35.12'], 2025, 'SEMESTER')).toEqual([
      {
        bucket: '2025-S1', allocationIdr: 100000, paidIdr: 0, expectedIdr: 0, gapIdr: 0, // P3a was APBD
        realizationRate: 0, cumulativePaidIdr: 0, cumulativeRealizationRate: 0,
        participantsCovered: 0, participantMonths: 0, costPerParticipantMonth: null,
      },
      {
        bucket: '2025-S2', allocationIdr: 100000, paidIdr: 16800,
        expectedIdr: 67200, gapIdr: 50400, // P3b Jul-Oct 4 x 16,800
        realizationRate: 0.168, cumulativePaidIdr: 16800, cumulativeRealizationRate: 0.168,
        participantsCovered: 0, participantMonths: 4, costPerParticipantMonth: 4200, // P3b ended in Oct
      },
    ]);
  });

  it('has null rates for a year without allocation', () => {
    const [row] = referenceRealization(data, ['35.12'], 2026, 'YEAR');
    expect(row).toMatchObject({ allocationIdr: 0, realizationRate: null, cumulativeRealizationRate: null });
  });
});
