/**
 * A small hand-worked dataset for checking the test reference. Every expected figure in the
 * tests beside it is worked out by hand from this timeline, never from running the reference.
 *
 * Rates: JKK 10,000 + JKM 6,800 = 16,800 a month; with JHT (20,000) 36,800 a month.
 *
 * Coverage periods (2025 unless said):
 *   P1  L, born 1988-01-01 (37 all 2025: 35-44), 35.09 / 35.09.01, TOBACCO_FARM_WORKER, JKK+JKM,     DBHCHT, Feb..Aug
 *   P2  P, born 2000-08-15 (24 until 14 Aug, then 25), 35.09 / no district, TOBACCO_FARM_WORKER,
 *                                                                               JKK+JKM+JHT, DBHCHT, May..ongoing
 *   P3a L, born 1975-03-01 (45-54 throughout), 35.12 / 35.12.03, FISHER, JKK+JKM, APBD,   2024-11..Jun
 *   P3b the same participant renewed, moved to 35.12.05, FISHER, JKK+JKM, DBHCHT,           Jul..Oct
 *
 *   month   Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
 *   P1       .   x   x   x   x   x   x   x   .   .   .   .
 *   P2       .   .   .   .   x   x   x   x   x   x   x   x
 *   P3a/b    a   a   a   a   a   a   b   b   b   b   .   .
 *   active   1   2   2   2   3   3   3   3   2   2   1   1
 *
 * Payments: 35.09 Jun DBHCHT 2 people 33,600; 35.09 Jul DBHCHT 2 / 33,600; 35.09 Aug DBHCHT 1 / 16,800
 * (a shortfall); 35.12 Jun APBD 1 / 16,800; 35.12 Jul DBHCHT 1 / 16,800; 35.09 2026-01 DBHCHT 1 / 36,800.
 *
 * Claims:
 *   C1 P2 JKK event 2025-08-20 paid 2025-09-05  5,000,000  -> P2's period (35.09.00)
 *   C2 P3 JKM event 2025-06-10 paid 2025-07-15 42,000,000  -> P3a (35.12.03): the event month decides, not payment
 *   C3 P3 JKK event 2025-11-15 paid 2025-12-01  2,500,000  -> uncovered; latest period started by Nov = P3b (35.12.05)
 *   C4 P1 JKK event 2025-01-10 paid 2025-01-31    750,000  -> before any period; earliest = P1 (35.09.01)
 *
 * Budgets: 35.09 2025 200,000; 35.12 2025 100,000; 35.09 2026 50,000.
 * Targets: 35.09 2025 all sectors 1,000 and TOBACCO_FARM_WORKER 400; 35.12 2025 FISHER 50 and
 * FOOD_CROP_FARMER 30 (no all-sectors row, so 80 in all); 35.09 2026 all sectors 800.
 */
import type { CsvRow, DatasetRows, RefResult } from '../../support/reference/reference-stats.js';

function period(
  participantId: string,
  gender: string,
  birthDate: string,
  regency: string,
  district: string,
  sector: string,
  programs: string,
  funding: string,
  start: string,
  end: string,
): CsvRow {
  return {
    participant_id: participantId,
    nik: '3509010101880001',
    name: 'Fixture Participant',
    gender,
    birth_date: birthDate,
    regency_code: regency,
    district_code: district,
    sector,
    programs,
    funding_source: funding,
    start_month: start,
    end_month: end,
  };
}

export const fixtureRows: DatasetRows = {
  participants: [
    period('11111111111', 'L', '1988-01-01', '35.09', '35.09.01', 'TOBACCO_FARM_WORKER', 'JKK+JKM', 'DBHCHT', '2025-02', '2025-08'),
    period('22222222222', 'P', '2000-08-15', '35.09', '', 'TOBACCO_FARM_WORKER', 'JKK+JKM+JHT', 'DBHCHT', '2025-05', ''),
    period('33333333333', 'L', '1975-03-01', '35.12', '35.12.03', 'FISHER', 'JKK+JKM', 'APBD', '2024-11', '2025-06'),
    period('33333333333', 'L', '1975-03-01', '35.12', '35.12.05', 'FISHER', 'JKK+JKM', 'DBHCHT', '2025-07', '2025-10'),
  ],
  contributions: [
    ['PAY1', '35.09', '2025-06', 'DBHCHT', '2', '33600', '2025-06-14'],
    ['PAY2', '35.09', '2025-07', 'DBHCHT', '2', '33600', '2025-07-15'],
    ['PAY3', '35.09', '2025-08', 'DBHCHT', '1', '16800', '2025-08-15'],
    ['PAY4', '35.12', '2025-06', 'APBD', '1', '16800', '2025-06-10'],
    ['PAY5', '35.12', '2025-07', 'DBHCHT', '1', '16800', '2025-07-10'],
    ['PAY6', '35.09', '2026-01', 'DBHCHT', '1', '36800', '2026-01-12'],
  ].map(([payment_id, regency_code, month, funding_source, participants, amount_idr, paid_on]) => ({
    payment_id: payment_id!, regency_code: regency_code!, month: month!, funding_source: funding_source!,
    participants: participants!, amount_idr: amount_idr!, paid_on: paid_on!,
  })),
  claims: [
    ['C1', '22222222222', 'JKK', '2025-08-20', '2025-09-05', '5000000'],
    ['C2', '33333333333', 'JKM', '2025-06-10', '2025-07-15', '42000000'],
    ['C3', '33333333333', 'JKK', '2025-11-15', '2025-12-01', '2500000'],
    ['C4', '11111111111', 'JKK', '2025-01-10', '2025-01-31', '750000'],
  ].map(([claim_id, participant_id, program, event_date, paid_on, amount_idr]) => ({
    claim_id: claim_id!, participant_id: participant_id!, program: program!,
    event_date: event_date!, paid_on: paid_on!, amount_idr: amount_idr!,
  })),
  budgets: [
    { regency_code: '35.09', fiscal_year: '2025', allocation_idr: '200000' },
    { regency_code: '35.12', fiscal_year: '2025', allocation_idr: '100000' },
    { regency_code: '35.09', fiscal_year: '2026', allocation_idr: '50000' },
  ],
  targets: [
    { regency_code: '35.09', year: '2025', sector: '', target_workers: '1000' },
    { regency_code: '35.09', year: '2025', sector: 'TOBACCO_FARM_WORKER', target_workers: '400' },
    { regency_code: '35.12', year: '2025', sector: 'FISHER', target_workers: '50' },
    { regency_code: '35.12', year: '2025', sector: 'FOOD_CROP_FARMER', target_workers: '30' },
    { regency_code: '35.09', year: '2026', sector: '', target_workers: '800' },
  ],
};

/** One measure of a result as `{ "<period> <dim values in query order>": value }`: exact rows, compactly. */
export function series(result: RefResult, measure: string): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const row of result.rows) {
    const key = [row.period, ...Object.values(row.dims)].join(' ');
    if (key in out) throw new Error(`duplicate row ${key}`);
    out[key] = row.values[measure] ?? null;
  }
  return out;
}
