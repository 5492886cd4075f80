/**
 * A small East Java dataset whose figures can be counted by hand: eight participants in three
 * regencies, a few payments, three claims, budgets and targets, with two planted irregularities for the
 * auditor view. The expected figures below were worked out from these rows and the README's definitions
 * (JKK + JKM = Rp 16,800 per participant-month), not by running the platform.
 */
import type { ImportKind } from '../../../lambda/domain/validation.js';
import { expect } from 'vitest';
import type { TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';

const person = (
  id: string,
  nik: string,
  gender: 'L' | 'P',
  birth: string,
  regency: string,
  sector: string,
  funding: string,
  start: string,
  end = '',
) => ({
  participant_id: id,
  nik,
  name: `Peserta ${id.slice(-1)}`,
  gender,
  birth_date: birth,
  regency_code: regency,
  district_code: '',
  sector,
  programs: 'JKK+JKM',
  funding_source: funding,
  start_month: start,
  end_month: end,
});

const participants = [
  // Kabupaten Jember (35.09)
  person('30000000001', '3509014105900001', 'P', '1990-05-01', '35.09', 'TOBACCO_FARM_WORKER', 'DBHCHT', '2025-01'),
  person('30000000002', '3509011003850002', 'L', '1985-03-10', '35.09', 'TOBACCO_FARM_WORKER', 'DBHCHT', '2025-01'),
  person('30000000003', '3509010107700003', 'L', '1970-07-01', '35.09', 'FISHER', 'APBD', '2025-03', '2025-06'),
  person('30000000004', '3509014202000004', 'P', '2000-02-02', '35.09', 'RELIGIOUS_SOCIAL_WORKER', 'APBD', '2025-07'),
  // Kabupaten Banyuwangi (35.10)
  person('30000000005', '3510011508800005', 'L', '1980-08-15', '35.10', 'FISHER', 'DBHCHT', '2025-01'),
  person('30000000006', '3510016011950006', 'P', '1995-11-20', '35.10', 'FISHER', 'DBHCHT', '2025-06'),
  person('30000000007', '3510010501600007', 'L', '1960-01-05', '35.10', 'FOOD_CROP_FARMER', 'DBHCHT', '2024-01', '2024-12'),
  // Kabupaten Bondowoso (35.11). Planted: the same person as participant 5 of Banyuwangi (same NIK, birth
  // date and sex), enrolled again from April while still covered there: double funding.
  person('30000000008', '3510011508800005', 'L', '1980-08-15', '35.11', 'TOBACCO_FARMER', 'DBHCHT', '2025-04'),
];

const months2025 = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
const contributions = [
  // Jember pays its two DBHCHT participants every month of 2025...
  ...months2025.map((month, i) => ({
    payment_id: `PAY-JBR-${i + 1}`,
    regency_code: '35.09',
    month,
    funding_source: 'DBHCHT',
    participants: '2',
    amount_idr: '33600',
    paid_on: `${month}-15`,
  })),
  // ...but only one APBD month; Banyuwangi pays June only; Bondowoso pays nothing.
  {
    payment_id: 'PAY-JBR-APBD',
    regency_code: '35.09',
    month: '2025-03',
    funding_source: 'APBD',
    participants: '1',
    amount_idr: '16800',
    paid_on: '2025-03-20',
  },
  {
    payment_id: 'PAY-BWI-6',
    regency_code: '35.10',
    month: '2025-06',
    funding_source: 'DBHCHT',
    participants: '2',
    amount_idr: '33600',
    paid_on: '2025-06-14',
  },
];

const claims = [
  {
    claim_id: 'CLM-1',
    participant_id: '30000000005',
    program: 'JKK',
    event_date: '2025-05-10',
    paid_on: '2025-06-01',
    amount_idr: '2500000',
  },
  {
    claim_id: 'CLM-2',
    participant_id: '30000000003',
    program: 'JKM',
    event_date: '2025-06-20',
    paid_on: '2025-07-10',
    amount_idr: '42000000',
  },
  // Planted: a JKM claim for a death one month after joining (July), inside the 3-month waiting period.
  {
    claim_id: 'CLM-3',
    participant_id: '30000000004',
    program: 'JKM',
    event_date: '2025-08-25',
    paid_on: '2025-09-10',
    amount_idr: '42000000',
  },
];

const budgets = [
  { regency_code: '35.09', fiscal_year: '2025', allocation_idr: '10000000' },
  { regency_code: '35.10', fiscal_year: '2025', allocation_idr: '5000000' },
  { regency_code: '35.11', fiscal_year: '2025', allocation_idr: '2000000' },
];

const targets = [
  { regency_code: '35.09', year: '2025', sector: '', target_workers: '4' },
  { regency_code: '35.10', year: '2025', sector: '', target_workers: '2' },
  { regency_code: '35.11', year: '2025', sector: '', target_workers: '4' },
  { regency_code: '35.10', year: '2024', sector: '', target_workers: '2' },
];

/** In import order: claims need their participants. */
export const FIXTURE_FILES: Array<[ImportKind, string]> = [
  ['participants', toCsv(participants)],
  ['contributions', toCsv(contributions)],
  ['claims', toCsv(claims)],
  ['budgets', toCsv(budgets)],
  ['targets', toCsv(targets)],
];

/**
 * Hand-worked figures for 2025 (the default period: the latest year with payments).
 * Active = periods covering December. Expected = participant-months x Rp 16,800:
 * Jember 12 + 12 + 4 (Mar-Jun) + 6 (Jul-Dec) = 34 months; Banyuwangi 12 + 7 (Jun-Dec) = 19;
 * Bondowoso 9 (Apr-Dec). Paid: Jember 12 x 33,600 + 16,800; Banyuwangi 33,600.
 */
/** Imports the fixture files through the normal import path and waits until the rollups hold them. */
export async function importFixture(platform: TestPlatform): Promise<void> {
  for (const [kind, csv] of FIXTURE_FILES) {
    const report = await platform.importCsv(kind, csv);
    expect(report.errors, `${kind}.csv`).toEqual([]);
  }
  await platform.drain();
}

export const EXPECTED_2025 = {
  ranking: [
    // Banyuwangi 2 of 2; in December 2024 only the 2024 participant, against a 2024 target of 2.
    {
      rank: 1,
      code: '35.10',
      name: 'Kabupaten Banyuwangi',
      active: 2,
      target: 2,
      coverage: '100,0%',
      activeChange: '+1',
      coverageChange: '+50,0 poin',
    },
    { rank: 2, code: '35.09', name: 'Kabupaten Jember', active: 3, target: 4, coverage: '75,0%', activeChange: '+3', coverageChange: '–' },
    {
      rank: 3,
      code: '35.11',
      name: 'Kabupaten Bondowoso',
      active: 1,
      target: 4,
      coverage: '25,0%',
      activeChange: '+1',
      coverageChange: '–',
    },
  ],
  /** The other 35 regencies have no target: after the three, by code. */
  fourth: { rank: 4, code: '35.01', name: 'Kabupaten Pacitan' },
  province: {
    active: '6',
    target: '10',
    coverage: '60,0%',
    paid: 'Rp 453.600',
    expected: 'Rp 1.041.600',
    gap: 'Rp 588.000',
    budget: 'Rp 17.000.000',
    // DBHCHT-funded payments 403,200 + 33,600 = 436,800 of 17,000,000.
    realization: '2,6%',
  },
  jember: {
    active: '3',
    target: '4',
    coverage: '75,0%',
    paid: 'Rp 420.000',
    expected: 'Rp 571.200',
    gap: 'Rp 151.200',
    budget: 'Rp 10.000.000',
    realization: '4,0%',
  },
  /** Auditor table rows: regency, funding source, billed, expected, paid, gap. */
  gapRows: [
    ['35.10', 'DBHCHT', 2, 319200, 33600, 285600],
    ['35.09', 'APBD', 1, 168000, 16800, 151200],
    ['35.11', 'DBHCHT', 0, 151200, 0, 151200],
    ['35.09', 'DBHCHT', 24, 403200, 403200, 0],
  ] as Array<[string, string, number, number, number, number]>,
  /**
   * The planted irregularities as the anomaly job must report them. Double funding is placed at the last
   * of its regencies; an early JKM claim at the claimant's regency and the month of death; its count is
   * the rupiah paid. NIKs only masked: first four and last four digits.
   */
  anomalies: [
    {
      id: 'DOUBLE_FUNDING#30000000005+30000000008',
      type: 'DOUBLE_FUNDING',
      label: 'Pendanaan ganda (NIK sama)',
      severity: 'Tinggi',
      regionCode: '35.11',
      region: 'Kabupaten Bondowoso',
      period: 'April 2025',
      count: 2,
      participantIds: ['30000000005', '30000000008'],
      nikMasked: ['3510********0005'],
      regencies: ['35.10', '35.11'],
      claimIds: [] as string[],
    },
    {
      id: 'EARLY_JKM_CLAIM#CLM-3',
      type: 'EARLY_JKM_CLAIM',
      label: 'Klaim JKM dalam masa tunggu',
      severity: 'Sedang',
      regionCode: '35.09',
      region: 'Kabupaten Jember',
      period: 'Agustus 2025',
      count: 42_000_000,
      participantIds: ['30000000004'],
      nikMasked: ['3509********0004'],
      regencies: [] as string[],
      claimIds: ['CLM-3'],
    },
  ],
  /**
   * DBHCHT reconciliation of the province in June 2025. DBHCHT participants covered: Jember 2, Banyuwangi 2
   * (participant 6 joined in June), Bondowoso 1 (from April) = 5, so expected 5 x 16,800 = 84,000; paid
   * Jember 33,600 + Banyuwangi 33,600 = 67,200 (80% of expected: UNDERPAID, below 90%); cumulative
   * Jember 6 x 33,600 + 33,600 = 235,200 of 17,000,000. Claims paid in June: CLM-1, Rp 2,500,000, over
   * contributions from every source 67,200.
   */
  reconciliationJune: {
    period: '2025-06',
    allocation: 17_000_000,
    paid: 67_200,
    cumulativePaid: 235_200,
    participantsCovered: 5,
    participantMonths: 5,
    expected: 84_000,
    gap: 16_800,
    costPerParticipantMonth: 13_440,
    claimsPaid: 2_500_000,
    benefitsToContributions: 2_500_000 / 67_200,
    flags: ['UNDERPAID', 'COST_OUTSIDE_RATE'],
    underpaidExplanation: 'Dibayar 80,0% dari iuran seharusnya.',
  },
};
