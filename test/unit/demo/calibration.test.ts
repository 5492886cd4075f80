import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../lambda/demo/generate.js';
import { FULL_SCALE_PARTICIPANTS } from '../../../lambda/demo/scale.js';
import type { DemoDataset, Row } from '../../../lambda/demo/types.js';
import { byParticipant, coversMonth, field, regions } from './support.js';

// Published figures (reference.md, "Published figures for 2025"), typed in from the source, not from the generator.
const EAST_JAVA_DBHCHT_2025 = 580_449;
const EAST_JAVA_CLAIMS_2025 = 775;
const EAST_JAVA_CLAIMS_IDR_2025 = 28_000_000_000;
const JEMBER = '35.09';
const REGENCY_PAID = new Set(['DBHCHT', 'APBD', 'DBH_PAJAK']);

function count(dataset: DemoDataset, month: string, where: (row: Row) => boolean): number {
  return dataset.participants.filter((row) => coversMonth(row, month) && where(row)).length;
}

const is =
  (regency: string, funding?: string, sector?: string) =>
  (row: Row): boolean =>
    field(row, 'regency_code') === regency &&
    (funding === undefined || field(row, 'funding_source') === funding) &&
    (sector === undefined || field(row, 'sector') === sector);

describe('full-scale calibration against published 2025 figures', () => {
  // CPU time rather than wall time: test files run in parallel and share the cores.
  const started = process.cpuUsage();
  const full = generateDemo({ regions, participants: FULL_SCALE_PARTICIPANTS });
  const used = process.cpuUsage(started);
  const cpuMs = (used.user + used.system) / 1_000;

  it('generates the full province in a few seconds of CPU', () => {
    expect(cpuMs).toBeLessThan(10_000);
  });

  it('covers exactly 40,300 DBHCHT-funded tobacco farm workers in Jember in December 2025', () => {
    expect(count(full, '2025-12', is(JEMBER, 'DBHCHT', 'TOBACCO_FARM_WORKER'))).toBe(40_300);
  });

  it("reproduces Jember's 82,093 regency-paid participants and their sector mix", () => {
    const jember = full.participants.filter(
      (row) => coversMonth(row, '2025-12') && is(JEMBER)(row) && REGENCY_PAID.has(field(row, 'funding_source')),
    );
    expect(jember.length).toBe(82_093);
    const bySector = new Map<string, number>();
    for (const row of jember) bySector.set(field(row, 'sector'), (bySector.get(field(row, 'sector')) ?? 0) + 1);
    expect(Object.fromEntries(bySector)).toMatchObject({
      TOBACCO_FARM_WORKER: 40_300,
      RELIGIOUS_SOCIAL_WORKER: 19_474,
      FOOD_CROP_FARMER: 10_000,
      VILLAGE_VULNERABLE_WORKER: 9_484,
      FISHER: 2_000,
    });
    const vendors = bySector.get('STREET_VENDOR') ?? 0;
    expect(vendors >= 100 && vendors < 1_000).toBe(true);
    expect(new Set(jember.map((row) => field(row, 'funding_source')))).toEqual(REGENCY_PAID);
  });

  it('covers about 580,449 DBHCHT-funded participants in East Java in December 2025', () => {
    const dbhcht = count(full, '2025-12', (row) => field(row, 'funding_source') === 'DBHCHT');
    expect(Math.abs(dbhcht / EAST_JAVA_DBHCHT_2025 - 1)).toBeLessThan(0.05);
  });

  it('respects the other published regency figures and their months', () => {
    const dbhcht = (regency: string, month: string, sector?: string) => count(full, month, is(regency, 'DBHCHT', sector));
    expect(dbhcht('35.13', '2025-12')).toBe(24_250); // Probolinggo
    expect(dbhcht('35.02', '2025-12')).toBe(29_250); // Ponorogo
    // Bondowoso: 8,445 tobacco farmers, April-December 2025.
    expect(dbhcht('35.11', '2025-03', 'TOBACCO_FARMER')).toBe(0);
    expect(dbhcht('35.11', '2025-04', 'TOBACCO_FARMER')).toBe(8_445);
    expect(dbhcht('35.11', '2025-12', 'TOBACCO_FARMER')).toBe(8_445);
    // Sampang: 6,900, May-December 2025.
    expect(dbhcht('35.27', '2025-04')).toBe(0);
    expect(dbhcht('35.27', '2025-05')).toBe(6_900);
    expect(dbhcht('35.27', '2025-12')).toBe(6_900);
    // Sumenep: 3,438 vulnerable workers and 2,274 cigarette factory workers.
    expect(dbhcht('35.29', '2025-12', 'VILLAGE_VULNERABLE_WORKER')).toBe(3_438);
    expect(dbhcht('35.29', '2025-12', 'CIGARETTE_FACTORY_WORKER')).toBe(2_274);
    // Pamekasan: 612 tobacco farm workers March-December 2025, and 500 fishers.
    expect(dbhcht('35.28', '2025-02', 'TOBACCO_FARM_WORKER')).toBe(0);
    expect(dbhcht('35.28', '2025-03', 'TOBACCO_FARM_WORKER')).toBe(612);
    expect(dbhcht('35.28', '2025-12', 'TOBACCO_FARM_WORKER')).toBe(612);
    expect(dbhcht('35.28', '2025-12', 'FISHER')).toBe(500);
    // Jombang 2024: 13,250 for six months.
    expect(dbhcht('35.17', '2024-06')).toBe(0);
    for (const month of ['2024-07', '2024-09', '2024-12']) expect(dbhcht('35.17', month)).toBe(13_250);
  });

  it('pays about 775 claims worth about Rp 28 billion in 2025', () => {
    const paid2025 = full.claims.filter((row) => field(row, 'paid_on').startsWith('2025'));
    expect(Math.abs(paid2025.length / EAST_JAVA_CLAIMS_2025 - 1)).toBeLessThan(0.15);
    const total = paid2025.reduce((sum, row) => sum + Number(field(row, 'amount_idr')), 0);
    expect(Math.abs(total / EAST_JAVA_CLAIMS_IDR_2025 - 1)).toBeLessThan(0.2);
    expect(full.claims.some((row) => field(row, 'paid_on').startsWith('2024'))).toBe(true);
  });

  it('renews about one participant in ten, ends some periods in 2025 and leaves most ongoing', () => {
    const people = byParticipant(full.participants);
    const renewed = [...people.values()].filter((rows) => rows.length > 1).length;
    expect(renewed / people.size).toBeGreaterThan(0.07);
    expect(renewed / people.size).toBeLessThan(0.14);
    const endingMid2025 = full.participants.filter((row) => {
      const end = field(row, 'end_month');
      return end >= '2025-01' && end <= '2025-09';
    }).length;
    expect(endingMid2025 / full.participants.length).toBeGreaterThan(0.01);
    const ongoing = full.participants.filter((row) => field(row, 'end_month') === '').length;
    expect(ongoing / full.participants.length).toBeGreaterThan(0.5);
    expect(Math.abs(people.size / FULL_SCALE_PARTICIPANTS - 1)).toBeLessThan(0.01);
  });

  it('weighs tobacco regencies towards tobacco sectors', () => {
    const tobaccoRegencies = new Set(['35.09', '35.22', '35.28', '35.29', '35.13', '35.08', '35.11', '35.12']);
    const share = (inTobacco: boolean): number => {
      const rows = full.participants.filter(
        (row) => tobaccoRegencies.has(field(row, 'regency_code')) === inTobacco && coversMonth(row, '2025-12'),
      );
      const tobacco = rows.filter((row) => ['TOBACCO_FARM_WORKER', 'TOBACCO_FARMER'].includes(field(row, 'sector')));
      return tobacco.length / rows.length;
    };
    expect(share(true)).toBeGreaterThan(2 * share(false));
  });
});
