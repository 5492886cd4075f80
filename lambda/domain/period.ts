/**
 * Period arithmetic on calendar months. A month is `YYYY-MM`; buckets are the periods of a granularity:
 * MONTH `2025-07`, QUARTER `2025-Q3`, SEMESTER `2025-S2` (DJPK's reporting half-years), YEAR `2025`.
 */
import { DomainError } from './errors.js';

export const GRANULARITIES = ['MONTH', 'QUARTER', 'SEMESTER', 'YEAR'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export type Month = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isMonth(value: string): boolean {
  return MONTH_RE.test(value);
}

/** True for a real calendar date `YYYY-MM-DD` (no 2025-02-30). */
export function isDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Month parsing and formatting are remembered (months in use are a few hundred): the aggregator asks
 * for the same months millions of times, and a remembered string also hashes faster as a map key.
 */
const MEMO_LIMIT = 20_000;
const indexOfMonth = new Map<string, number>();
const monthOfIndex = new Map<number, Month>();

/** Months since year 0: lets month ranges be compared and iterated as integers. */
export function monthIndex(month: Month): number {
  const known = indexOfMonth.get(month);
  if (known !== undefined) return known;
  const m = MONTH_RE.exec(month);
  if (!m) throw new DomainError('INVALID_PERIOD', `"${month}" is not a month (YYYY-MM)`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1;
  if (indexOfMonth.size < MEMO_LIMIT) indexOfMonth.set(month, index);
  return index;
}

export function monthFromIndex(index: number): Month {
  const known = monthOfIndex.get(index);
  if (known !== undefined) return known;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const label: Month = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  if (monthOfIndex.size < MEMO_LIMIT) monthOfIndex.set(index, label);
  return label;
}

export function addMonths(month: Month, n: number): Month {
  return monthFromIndex(monthIndex(month) + n);
}

export function monthOfDate(date: string): Month {
  return date.slice(0, 7);
}

const lastDayOf = new Map<string, string>();

export function lastDayOfMonth(month: Month): string {
  const known = lastDayOf.get(month);
  if (known !== undefined) return known;
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const day = `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
  if (lastDayOf.size < MEMO_LIMIT) lastDayOf.set(month, day);
  return day;
}

const MONTHS_PER: Record<Granularity, number> = { MONTH: 1, QUARTER: 3, SEMESTER: 6, YEAR: 12 };

export interface Bucket {
  granularity: Granularity;
  /** Stable id: `2025-07`, `2025-Q3`, `2025-S2`, `2025`. Sorts chronologically within a granularity. */
  id: string;
  first: Month;
  last: Month;
}

const bucketMemo = new Map<string, Map<number, Bucket>>();

/** The bucket of the month with this index; the same (frozen) object every time. */
export function bucketAt(index: number, granularity: Granularity): Bucket {
  let byIndex = bucketMemo.get(granularity);
  if (!byIndex) bucketMemo.set(granularity, (byIndex = new Map()));
  let bucket = byIndex.get(index);
  if (!bucket) {
    bucket = Object.freeze(bucketOf(monthFromIndex(index), granularity));
    if (byIndex.size < MEMO_LIMIT) byIndex.set(index, bucket);
  }
  return bucket;
}

export function bucketOf(month: Month, granularity: Granularity): Bucket {
  const index = monthIndex(month);
  const size = MONTHS_PER[granularity];
  const year = Math.floor(index / 12);
  const within = Math.floor((index % 12) / size);
  const first = monthFromIndex(year * 12 + within * size);
  const last = monthFromIndex(year * 12 + within * size + size - 1);
  const id =
    granularity === 'MONTH'
      ? first
      : granularity === 'QUARTER'
        ? `${year}-Q${within + 1}`
        : granularity === 'SEMESTER'
          ? `${year}-S${within + 1}`
          : String(year);
  return { granularity, id, first, last };
}

const BUCKET_RE = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|S([12])))?$/;

/** Parses a bucket id (`2025`, `2025-S1`, `2025-Q3`, `2025-07`) back into its bucket. */
export function parseBucket(id: string): Bucket {
  const m = BUCKET_RE.exec(id);
  if (!m) throw new DomainError('INVALID_PERIOD', `"${id}" is not a period (YYYY, YYYY-Sn, YYYY-Qn or YYYY-MM)`);
  const year = m[1];
  if (m[2]) return bucketOf(`${year}-${m[2]}`, 'MONTH');
  if (m[3]) return bucketOf(addMonths(`${year}-01`, (Number(m[3]) - 1) * 3), 'QUARTER');
  if (m[4]) return bucketOf(addMonths(`${year}-01`, (Number(m[4]) - 1) * 6), 'SEMESTER');
  return bucketOf(`${year}-01`, 'YEAR');
}

export function previousBucket(bucket: Bucket): Bucket {
  return bucketOf(addMonths(bucket.first, -1), bucket.granularity);
}

/** Buckets of a granularity from `from` to `to`, which must align with bucket boundaries. */
export function bucketsBetween(from: Month, to: Month, granularity: Granularity): Bucket[] {
  const start = monthIndex(from);
  const end = monthIndex(to);
  if (end < start) throw new DomainError('INVALID_PERIOD', `"to" (${to}) is before "from" (${from})`);
  const first = bucketOf(from, granularity);
  const last = bucketOf(to, granularity);
  if (first.first !== from || last.last !== to) {
    throw new DomainError(
      'INVALID_PERIOD',
      `from ${from} and to ${to} must align with ${granularity.toLowerCase()} boundaries (e.g. ${first.first} to ${last.last})`,
      { from, to, granularity },
    );
  }
  const buckets: Bucket[] = [];
  for (let i = start; i <= end; i += MONTHS_PER[granularity]) buckets.push(bucketOf(monthFromIndex(i), granularity));
  return buckets;
}

/** Every month from `first` to `last` inclusive. */
export function monthsBetween(first: Month, last: Month): Month[] {
  const out: Month[] = [];
  for (let i = monthIndex(first); i <= monthIndex(last); i++) out.push(monthFromIndex(i));
  return out;
}

/** The buckets (of every granularity) that contain a month. */
export function bucketsContaining(month: Month): Bucket[] {
  return GRANULARITIES.map((g) => bucketOf(month, g));
}
