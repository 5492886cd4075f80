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

const monthLabels = new Map<number, string>();

/** Month index -> `'2025-04'` (memoised: rosters label the same few dozen months a million times). */
export function monthLabel(index: number): string {
  let label = monthLabels.get(index);
  if (label === undefined) {
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    label = `${year}-${month < 10 ? '0' : ''}${month}`;
    monthLabels.set(index, label);
  }
  return label;
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
  const { year, month } = dayParts(day);
  return year * 12 + month - 1;
}

/** Day number -> `'2025-04-17'`. */
export function dayLabel(day: number): string {
  const { year, month, dayOfMonth } = dayParts(day);
  return `${year}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

/**
 * Year, month (1-12) and day of month of a day number, by Howard Hinnant's
 * civil-from-days algorithm: a full-scale roster formats ~800,000 birth
 * dates, and going through Date objects for each was the slowest step.
 */
export function dayParts(day: number): { year: number; month: number; dayOfMonth: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}

/** Completed years between a birth day and another day (birthday counted on the day itself). */
export function ageOn(birthDay: number, day: number): number {
  const birth = dayParts(birthDay);
  const on = dayParts(day);
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.dayOfMonth < birth.dayOfMonth);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}
