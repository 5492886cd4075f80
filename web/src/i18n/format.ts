/**
 * Numbers the Indonesian way in both languages (Rp 1.234.567, 12,3%): officials compare the screen
 * with printed reports and spreadsheets in that notation, and a shared screenshot must not change
 * meaning with the reader's language. Dates and period names follow the chosen language.
 */
import type { MeasureUnit } from '../generated/graphql.js';
import { parsePeriod } from '../period.js';
import { language, t } from './i18n.js';

const NBSP = '\u00a0';
const integer = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('id-ID', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const oneDecimal = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 });
const MINUS = '−';

export const EMPTY = '–';

export function formatCount(value: number | null | undefined): string {
  return value == null ? EMPTY : integer.format(value).replace('-', MINUS);
}

/** Integer rupiah: `Rp 1.234.567` (the space is non-breaking so a table cell never splits it). */
export function formatRupiah(value: number | null | undefined): string {
  if (value == null) return EMPTY;
  return `${value < 0 ? MINUS : ''}Rp${NBSP}${integer.format(Math.abs(value))}`;
}

/** Axis labels: `Rp 1,2 M` (miliar), `Rp 350 jt`. */
export function formatRupiahCompact(value: number): string {
  return `${value < 0 ? MINUS : ''}Rp${NBSP}${compact.format(Math.abs(value))}`;
}

/** A ratio as a percentage with one decimal: 0.123 -> `12,3%`. */
export function formatRate(ratio: number | null | undefined): string {
  return ratio == null ? EMPTY : percent.format(ratio).replace('-', MINUS);
}

/**
 * A measure's value in the notation of its unit, as the API states it (`MeasureValue.unit`): the web
 * keeps no list of which measures are ratios or rupiah. Absent (the answer has no such entry) reads `–`.
 */
export function formatMeasure(entry: { unit: MeasureUnit; value: number | null } | undefined): string {
  if (!entry) return EMPTY;
  switch (entry.unit) {
    case 'RATIO':
      return formatRate(entry.value);
    case 'IDR':
      return formatRupiah(entry.value);
    case 'PARTICIPANTS':
    case 'PARTICIPANT_MONTHS':
    case 'COUNT':
      return formatCount(entry.value);
    default:
      return assertNever(entry.unit);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown measure unit ${String(value)}`);
}

export function formatSignedCount(value: number | null | undefined): string {
  if (value == null) return EMPTY;
  return value > 0 ? `+${integer.format(value)}` : formatCount(value);
}

/** A change of a rate in percentage points: 0.05 -> `+5,0 poin`. */
export function formatRatePoints(change: number | null | undefined): string {
  if (change == null) return EMPTY;
  const points = oneDecimal.format(Math.abs(change * 100));
  const sign = change > 0 ? '+' : change < 0 ? MINUS : '';
  return `${sign}${points}${NBSP}${t('ratePoints')}`;
}

/** `extensions.asOf` in Western Indonesia Time, where East Java is. */
export function formatAsOf(iso: string): string {
  const locale = language() === 'id' ? 'id-ID' : 'en-GB';
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(new Date(iso));
  return `${text} WIB`;
}

export function monthName(monthIndex: number, style: 'long' | 'short' = 'long'): string {
  const locale = language() === 'id' ? 'id-ID' : 'en-GB';
  return new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' }).format(Date.UTC(2000, monthIndex, 1));
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** `2025-S1` -> `Semester I 2025`, `2025-07` -> `Juli 2025`, `2025` -> `Tahun 2025`. */
export function formatPeriod(id: string): string {
  const period = parsePeriod(id);
  if (!period) return id;
  const { year } = period;
  const n = Number(id.slice(6));
  switch (period.granularity) {
    case 'YEAR':
      return t('periodYear', { year });
    case 'SEMESTER':
      return t('periodSemester', { n: language() === 'id' ? ROMAN[n - 1]! : n, year });
    case 'QUARTER':
      return t('periodQuarter', { n: language() === 'id' ? ROMAN[n - 1]! : n, year });
    case 'MONTH':
      return `${monthName(Number(id.slice(5)) - 1)} ${year}`;
  }
}

/** The label of a part of the year in the period picker (without the year). */
export function formatPeriodPart(id: string): string {
  const period = parsePeriod(id);
  if (!period) return id;
  const n = Number(id.slice(6));
  switch (period.granularity) {
    case 'YEAR':
      return t('fullYear');
    case 'SEMESTER':
      return t('semester', { n: language() === 'id' ? ROMAN[n - 1]! : n });
    case 'QUARTER':
      return t('quarter', { n: language() === 'id' ? ROMAN[n - 1]! : n });
    case 'MONTH':
      return monthName(Number(id.slice(5)) - 1);
  }
}

/** `Kabupaten Jember` -> `Kab. Jember`: chart axes have room for about 20 characters. */
export function shortRegionName(name: string): string {
  return name.replace(/^Kabupaten /, 'Kab. ');
}
