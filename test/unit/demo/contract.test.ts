import { describe, expect, it } from 'vitest';
import type { DemoDataset, DemoOptions, Row } from '../../../lambda/demo/types.js';
import {
  ageOnFirstOf,
  byParticipant,
  demo,
  expectedNikDateDigits,
  field,
  plantedParticipants,
  regions,
} from './support.js';

// The import contract, restated from the brief rather than imported from the generator.
const CONTRACT_COLUMNS: Record<string, string[]> = {
  participants: 'participant_id,nik,name,gender,birth_date,regency_code,district_code,sector,programs,funding_source,start_month,end_month'.split(','),
  contributions: 'payment_id,regency_code,month,funding_source,participants,amount_idr,paid_on'.split(','),
  claims: 'claim_id,participant_id,program,event_date,paid_on,amount_idr'.split(','),
  budgets: 'regency_code,fiscal_year,allocation_idr'.split(','),
  targets: 'regency_code,year,sector,target_workers'.split(','),
};
const SECTORS = new Set('TOBACCO_FARM_WORKER TOBACCO_FARMER CIGARETTE_FACTORY_WORKER FOOD_CROP_FARMER FISHER RELIGIOUS_SOCIAL_WORKER VILLAGE_VULNERABLE_WORKER STREET_VENDOR OTHER'.split(' '));
const FUNDING = new Set('DBHCHT APBD DBH_PAJAK APBDES CSR MANDIRI'.split(' '));
const REGENCIES = new Set(regions.map((region) => region.code));
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const INTEGER = /^(0|[1-9]\d*)$/;

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

const CASES: [string, DemoOptions, string, string][] = [
  ['the default data set', {}, '2024-01', '2025-12'],
  ['another seed and scale', { seed: 42, participants: 8_000 }, '2024-01', '2025-12'],
  ['a window cutting through periods', { seed: 3, participants: 6_000, from: '2024-07', to: '2025-03' }, '2024-07', '2025-03'],
];

describe.each(CASES)('contract conformance of %s', (_name, options, from, to) => {
  const dataset: DemoDataset = demo(options);

  it('gives every row exactly the contract columns', () => {
    for (const [file, columns] of Object.entries(CONTRACT_COLUMNS)) {
      const rows = dataset[file as keyof typeof CONTRACT_COLUMNS & keyof DemoDataset] as Row[];
      expect(rows.length, file).toBeGreaterThan(0);
      for (const row of rows) expect(Object.keys(row).sort()).toEqual([...columns].sort());
    }
  });

  it('writes participant fields in their formats and code lists', () => {
    const periodKeys = new Set<string>();
    for (const row of dataset.participants) {
      expect(field(row, 'participant_id')).toMatch(/^\d{11}$/);
      expect(field(row, 'nik')).toMatch(/^\d{16}$/);
      expect(field(row, 'name').trim()).not.toBe('');
      expect(['L', 'P']).toContain(field(row, 'gender'));
      expect(isDate(field(row, 'birth_date'))).toBe(true);
      expect(REGENCIES.has(field(row, 'regency_code'))).toBe(true);
      const district = field(row, 'district_code');
      if (district !== '') {
        expect(district.startsWith(`${field(row, 'regency_code')}.`)).toBe(true);
        expect(Number(district.slice(6))).toBeGreaterThanOrEqual(1);
        expect(Number(district.slice(6))).toBeLessThanOrEqual(30);
      }
      expect(SECTORS.has(field(row, 'sector'))).toBe(true);
      expect(['JKK+JKM', 'JKK+JKM+JHT']).toContain(field(row, 'programs'));
      expect(FUNDING.has(field(row, 'funding_source'))).toBe(true);
      const start = field(row, 'start_month');
      const end = field(row, 'end_month');
      expect(start).toMatch(MONTH);
      expect(start >= from && start <= to).toBe(true);
      if (end !== '') {
        expect(end).toMatch(MONTH);
        expect(end >= start && end <= to).toBe(true);
      }
      const key = `${field(row, 'participant_id')}|${start}`;
      expect(periodKeys.has(key)).toBe(false);
      periodKeys.add(key);
    }
  });

  it('keeps each participant one person with non-overlapping periods', () => {
    for (const [id, rows] of byParticipant(dataset.participants)) {
      for (const column of ['nik', 'name', 'gender', 'birth_date']) {
        expect(new Set(rows.map((row) => field(row, column))).size, `${id} ${column}`).toBe(1);
      }
      const sorted = [...rows].sort((a, b) => (field(a, 'start_month') < field(b, 'start_month') ? -1 : 1));
      for (let i = 1; i < sorted.length; i++) {
        const previousEnd = field(sorted[i - 1] as Row, 'end_month');
        expect(previousEnd, `${id} has an ongoing period before another`).not.toBe('');
        expect(previousEnd < field(sorted[i] as Row, 'start_month'), `${id} overlaps`).toBe(true);
      }
    }
  });

  it('builds NIKs from regency, district, birth date and sex, except the planted mismatches', () => {
    const mismatched = plantedParticipants(dataset, 'NIK_MISMATCH');
    const doubles = plantedParticipants(dataset, 'DOUBLE_FUNDING');
    let sameDistrict = 0;
    let noDistrict = 0;
    for (const [id, rows] of byParticipant(dataset.participants)) {
      const row = rows[0] as Row;
      const nik = field(row, 'nik');
      const dateDigits = nik.slice(6, 12);
      const expected = expectedNikDateDigits(field(row, 'birth_date'), field(row, 'gender'));
      if (mismatched.has(id)) expect(dateDigits, id).not.toBe(expected);
      else expect(dateDigits, id).toBe(expected);
      const nikDistrict = Number(nik.slice(4, 6));
      expect(nikDistrict >= 1 && nikDistrict <= 30).toBe(true);
      if (doubles.has(id)) continue; // the second enrolment lives in another regency than the NIK
      expect(nik.slice(0, 4), id).toBe(field(row, 'regency_code').replace('.', ''));
      const district = field(row, 'district_code');
      if (district === '') noDistrict++;
      else if (district.endsWith(`.${nik.slice(4, 6)}`)) sameDistrict++;
    }
    const people = byParticipant(dataset.participants).size;
    expect(sameDistrict / people).toBeGreaterThan(0.85);
    expect(noDistrict / people).toBeGreaterThan(0.02);
    expect(noDistrict / people).toBeLessThan(0.1);
  });

  it('enrols people of working age, except the planted ones', () => {
    const outliers = plantedParticipants(dataset, 'AGE_OUT_OF_RANGE');
    for (const [id, rows] of byParticipant(dataset.participants)) {
      const joined = rows.map((row) => field(row, 'start_month')).sort()[0] as string;
      const age = ageOnFirstOf(field(rows[0] as Row, 'birth_date'), joined);
      if (outliers.has(id)) expect(age < 15 || age > 65, `${id} aged ${age}`).toBe(true);
      else expect(age >= 15 && age <= 65, `${id} aged ${age}`).toBe(true);
    }
  });

  it('writes payments with unique ids, known codes and a payment day between the 5th and the 15th', () => {
    const ids = new Set<string>();
    for (const row of dataset.contributions) {
      expect(ids.has(field(row, 'payment_id'))).toBe(false);
      ids.add(field(row, 'payment_id'));
      expect(REGENCIES.has(field(row, 'regency_code'))).toBe(true);
      const month = field(row, 'month');
      expect(month >= from && month <= to).toBe(true);
      expect(FUNDING.has(field(row, 'funding_source'))).toBe(true);
      expect(field(row, 'participants')).toMatch(INTEGER);
      expect(Number(field(row, 'participants'))).toBeGreaterThan(0);
      expect(field(row, 'amount_idr')).toMatch(INTEGER);
      const paidOn = field(row, 'paid_on');
      expect(isDate(paidOn) && paidOn.startsWith(month)).toBe(true);
      expect(Number(paidOn.slice(8))).toBeGreaterThanOrEqual(5);
      expect(Number(paidOn.slice(8))).toBeLessThanOrEqual(15);
    }
  });

  it('writes claims of existing participants, paid 5 to 60 days after the event, inside the data set', () => {
    const participants = new Set(dataset.participants.map((row) => field(row, 'participant_id')));
    const ids = new Set<string>();
    for (const row of dataset.claims) {
      expect(ids.has(field(row, 'claim_id'))).toBe(false);
      ids.add(field(row, 'claim_id'));
      expect(participants.has(field(row, 'participant_id'))).toBe(true);
      expect(['JKK', 'JKM']).toContain(field(row, 'program'));
      const event = field(row, 'event_date');
      const paidOn = field(row, 'paid_on');
      expect(isDate(event) && isDate(paidOn)).toBe(true);
      expect(daysBetween(event, paidOn)).toBeGreaterThanOrEqual(5);
      expect(daysBetween(event, paidOn)).toBeLessThanOrEqual(60);
      expect(event.slice(0, 7) >= from && paidOn.slice(0, 7) <= to).toBe(true);
      expect(field(row, 'amount_idr')).toMatch(INTEGER);
      if (field(row, 'program') === 'JKM') expect(field(row, 'amount_idr')).toBe('42000000');
    }
  });

  it('gives every regency one budget and one all-sector target per year', () => {
    const years: string[] = [];
    for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) years.push(String(year));
    const budgets = dataset.budgets.map((row) => `${field(row, 'regency_code')}|${field(row, 'fiscal_year')}`);
    const expected = [...REGENCIES].flatMap((code) => years.map((year) => `${code}|${year}`));
    expect(budgets.sort()).toEqual(expected.sort());
    for (const row of dataset.budgets) {
      expect(field(row, 'allocation_idr')).toMatch(INTEGER);
      expect(Number(field(row, 'allocation_idr'))).toBeGreaterThan(0);
    }
    const allSector = dataset.targets.filter((row) => field(row, 'sector') === '');
    expect(allSector.map((row) => `${field(row, 'regency_code')}|${field(row, 'year')}`).sort()).toEqual(expected.sort());
    for (const row of dataset.targets) {
      expect(REGENCIES.has(field(row, 'regency_code'))).toBe(true);
      expect(years).toContain(field(row, 'year'));
      expect(field(row, 'sector') === '' || SECTORS.has(field(row, 'sector'))).toBe(true);
      expect(field(row, 'target_workers')).toMatch(INTEGER);
      expect(Number(field(row, 'target_workers'))).toBeGreaterThan(0);
    }
  });

  it('covers somebody in every regency at some point of the data set', () => {
    const active = new Set(dataset.participants.map((row) => field(row, 'regency_code')));
    expect([...active].sort()).toEqual([...REGENCIES].sort());
  });
});
