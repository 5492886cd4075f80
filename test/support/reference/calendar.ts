/**
 * Months, buckets and ages for the test reference, written from docs/semantics with
 * plain string and integer arithmetic (no Date objects: no time zone can shift a month).
 * Deliberately shares nothing with lambda/domain: the reference must stay independent.
 */

export type Granularity = 'MONTH' | 'QUARTER' | 'SEMESTER' | 'YEAR';

export interface Bucket {
  /** `2025-07`, `2025-Q3`, `2025-S2` or `2025`. */
  label: string;
  /** Every month of the bucket, ascending, `YYYY-MM`. */
  months: string[];
  lastMonth: string;
  /** `YYYY-MM-DD`: the day ages are taken on. */
  lastDay: string;
  /** A bucket never straddles two years, so this is both "the year it ends in" and its fiscal year. */
  year: number;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parseMonth(month: string): { year: number; month: number } {
  const match = MONTH_RE.exec(month);
  if (!match) throw new Error(`reference: not a YYYY-MM month: ${JSON.stringify(month)}`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function nextMonth(month: string): string {
  const { year, month: m } = parseMonth(month);
  return m === 12 ? formatMonth(year + 1, 1) : formatMonth(year, m + 1);
}

export function previousMonth(month: string): string {
  const { year, month: m } = parseMonth(month);
  return m === 1 ? formatMonth(year - 1, 12) : formatMonth(year, m - 1);
}

/** Inclusive list of months from `from` to `to`. */
export function monthsBetween(from: string, to: string): string[] {
  parseMonth(from);
  parseMonth(to);
  const months: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) months.push(m);
  return months;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function lastDayOfMonth(month: string): string {
  const { year, month: m } = parseMonth(month);
  const days = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return `${month}-${String(days).padStart(2, '0')}`;
}

export function bucketLabelOf(month: string, granularity: Granularity): string {
  const { year, month: m } = parseMonth(month);
  switch (granularity) {
    case 'MONTH':
      return month;
    case 'QUARTER':
      return `${year}-Q${Math.ceil(m / 3)}`;
    case 'SEMESTER':
      return `${year}-S${m <= 6 ? 1 : 2}`;
    case 'YEAR':
      return String(year);
  }
}

/** Reads a bucket label back: its granularity and its months. */
export function parseBucketLabel(label: string): { granularity: Granularity; months: string[] } {
  let match: RegExpExecArray | null;
  if (MONTH_RE.test(label)) return { granularity: 'MONTH', months: [label] };
  if ((match = /^(\d{4})-Q([1-4])$/.exec(label))) {
    const first = (Number(match[2]) - 1) * 3 + 1;
    const year = Number(match[1]);
    return { granularity: 'QUARTER', months: monthsBetween(formatMonth(year, first), formatMonth(year, first + 2)) };
  }
  if ((match = /^(\d{4})-S([12])$/.exec(label))) {
    const first = match[2] === '1' ? 1 : 7;
    const year = Number(match[1]);
    return { granularity: 'SEMESTER', months: monthsBetween(formatMonth(year, first), formatMonth(year, first + 5)) };
  }
  if (/^\d{4}$/.test(label)) {
    return { granularity: 'YEAR', months: monthsBetween(`${label}-01`, `${label}-12`) };
  }
  throw new Error(`reference: not a bucket label: ${JSON.stringify(label)}`);
}

export function bucketFromLabel(label: string): Bucket {
  const { months } = parseBucketLabel(label);
  const lastMonth = months[months.length - 1]!;
  return { label, months, lastMonth, lastDay: lastDayOfMonth(lastMonth), year: parseMonth(lastMonth).year };
}

/** The bucket of the same granularity just before `label` (`2025-Q1` -> `2024-Q4`). */
export function previousBucketLabel(label: string): string {
  const { granularity, months } = parseBucketLabel(label);
  return bucketLabelOf(previousMonth(months[0]!), granularity);
}

/**
 * The buckets covering `from`..`to`. The semantics require both ends to be aligned to the
 * granularity; a misaligned range is a mistake in the test, so it throws rather than guessing.
 */
export function bucketsBetween(from: string, to: string, granularity: Granularity): Bucket[] {
  if (from > to) throw new Error(`reference: from ${from} is after to ${to}`);
  const labels: string[] = [];
  for (const month of monthsBetween(from, to)) {
    const label = bucketLabelOf(month, granularity);
    if (labels[labels.length - 1] !== label) labels.push(label);
  }
  const buckets = labels.map(bucketFromLabel);
  if (buckets[0]!.months[0] !== from || buckets[buckets.length - 1]!.lastMonth !== to) {
    throw new Error(`reference: ${from}..${to} is not aligned to ${granularity} buckets`);
  }
  return buckets;
}

/** Age in whole years on `day` (both `YYYY-MM-DD`): the birthday itself counts as the new age. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

export function ageBandOf(age: number): string {
  if (age < 15) return '<15';
  if (age <= 24) return '15-24';
  if (age <= 34) return '25-34';
  if (age <= 44) return '35-44';
  if (age <= 54) return '45-54';
  if (age <= 64) return '55-64';
  return '65+';
}
