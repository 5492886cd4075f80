/**
 * Reporting periods as the API names them: a year `2025`, a semester `2025-S1`, a quarter `2025-Q3`
 * or a month `2025-07`. A period maps to the `from`/`to`/`granularity` arguments of `stats` such that
 * the answer has exactly one bucket: the period itself.
 */
export type Granularity = 'MONTH' | 'QUARTER' | 'SEMESTER' | 'YEAR';

export interface Period {
  id: string;
  year: number;
  granularity: Granularity;
  /** First and last month, YYYY-MM. */
  from: string;
  to: string;
}

const month = (year: number, m: number) => `${year}-${String(m).padStart(2, '0')}`;

export function parsePeriod(id: string): Period | undefined {
  const match = /^(\d{4})(?:-(S[12]|Q[1-4]|\d{2}))?$/.exec(id);
  if (!match) return undefined;
  const year = Number(match[1]);
  const part = match[2];
  if (!part) return { id, year, granularity: 'YEAR', from: month(year, 1), to: month(year, 12) };
  const n = Number(part.slice(part[0] === 'S' || part[0] === 'Q' ? 1 : 0));
  if (part[0] === 'S') return { id, year, granularity: 'SEMESTER', from: month(year, n * 6 - 5), to: month(year, n * 6) };
  if (part[0] === 'Q') return { id, year, granularity: 'QUARTER', from: month(year, n * 3 - 2), to: month(year, n * 3) };
  if (n < 1 || n > 12) return undefined;
  return { id, year, granularity: 'MONTH', from: month(year, n), to: month(year, n) };
}

/** The parts of a year a reader can pick, in the picker's order. */
export function periodParts(year: number): string[] {
  const months = Array.from({ length: 12 }, (_, i) => month(year, i + 1));
  return [String(year), `${year}-S1`, `${year}-S2`, `${year}-Q1`, `${year}-Q2`, `${year}-Q3`, `${year}-Q4`, ...months];
}

/** The same part of another year (`2025-S1` -> `2024-S1`). */
export function withYear(period: Period, year: number): string {
  return `${year}${period.id.slice(4)}`;
}

/** Every month from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(month(y, m));
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}
