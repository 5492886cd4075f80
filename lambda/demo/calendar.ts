/**
 * Months and days as integers, so the generator can loop over coverage
 * months and add day offsets without allocating Date objects per row.
 * A month index is `year * 12 + (month - 1)`; a day is days since 1970-01-01 (UTC).
 */

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MS_PER_DAY = 86_400_000;

/** `'2025-04'` -> month index. Throws on anything but YYYY-MM. */
export function monthIndex(label: string): number {
  const match = MONTH_PATTERN.exec(label);
  if (!match) throw new RangeError(`not a YYYY-MM month: ${JSON.stringify(label)}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

/** Month index -> `'2025-04'`. */
export function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

export function yearOfMonth(index: number): number {
  return Math.floor(index / 12);
}

/** Day number of the first day of a month index. */
export function firstDayOfMonth(index: number): number {
  return Date.UTC(Math.floor(index / 12), index % 12, 1) / MS_PER_DAY;
}

/** Day number of the last day of a month index. */
export function lastDayOfMonth(index: number): number {
  return firstDayOfMonth(index + 1) - 1;
}

/** Month index a day number falls in. */
export function monthOfDay(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** Day number -> `'2025-04-17'`. */
export function dayLabel(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Year, month (1-12) and day of month of a day number. */
export function dayParts(day: number): { year: number; month: number; dayOfMonth: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

/** Completed years between a birth day and another day (birthday counted on the day itself). */
export function ageOn(birthDay: number, day: number): number {
  const birth = dayParts(birthDay);
  const on = dayParts(day);
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.dayOfMonth < birth.dayOfMonth);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}
