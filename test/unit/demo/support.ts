/**
 * Independent readings of the demo rows for the tests: plain string and
 * integer arithmetic on the CSV values, sharing no code with lambda/demo
 * beyond the types.
 */
import { generateDemo } from '../../../lambda/demo/generate.js';
import { readRegions } from '../../../lambda/demo/regions-file.js';
import type { DemoDataset, DemoOptions, PlantedKind, Row } from '../../../lambda/demo/types.js';

export const regions = readRegions();

const cache = new Map<string, DemoDataset>();

/** Generation is deterministic, so tests in one file can share a data set. */
export function demo(options: DemoOptions = {}): DemoDataset {
  const key = JSON.stringify(options);
  let dataset = cache.get(key);
  if (!dataset) {
    dataset = generateDemo({ ...options, regions });
    cache.set(key, dataset);
  }
  return dataset;
}

export function field(row: Row, column: string): string {
  const value = row[column];
  if (value === undefined) throw new Error(`row has no ${column}: ${JSON.stringify(row)}`);
  return value;
}

/** Whether a participants row covers month `YYYY-MM` (YYYY-MM strings compare like months). */
export function coversMonth(row: Row, month: string): boolean {
  const end = field(row, 'end_month');
  return field(row, 'start_month') <= month && (end === '' || month <= end);
}

/** Months from `from` to `to` inclusive, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    if (label > to) return months;
    months.push(label);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** Completed years on the first day of `month` for a YYYY-MM-DD birth date. */
export function ageOnFirstOf(birthDate: string, month: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m] = month.split('-').map(Number) as [number, number];
  const hadBirthday = m > bm || (m === bm && bd <= 1);
  return y - by - (hadBirthday ? 0 : 1);
}

/** Digits 7-12 a NIK should carry for a birth date and gender (day + 40 for women). */
export function expectedNikDateDigits(birthDate: string, gender: string): string {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  const nikDay = gender === 'P' ? Number(day) + 40 : Number(day);
  return `${String(nikDay).padStart(2, '0')}${month}${year.slice(2)}`;
}

/** Participant ids named by planted irregularities of the given kinds. */
export function plantedParticipants(dataset: DemoDataset, ...kinds: PlantedKind[]): Set<string> {
  const ids = new Set<string>();
  for (const entry of dataset.planted) {
    if (kinds.includes(entry.kind)) for (const id of entry.participantIds ?? []) ids.add(id);
  }
  return ids;
}

export function plantedOf(dataset: DemoDataset, kind: PlantedKind) {
  return dataset.planted.filter((entry) => entry.kind === kind);
}

/** Monthly contribution of a period from its programs column: JKK 10,000 + JKM 6,800 (+ JHT 20,000). */
export function monthlyCost(programs: string): number {
  return programs === 'JKK+JKM+JHT' ? 36_800 : 16_800;
}

/** Rows grouped by participant_id. */
export function byParticipant(rows: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const id = field(row, 'participant_id');
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}
