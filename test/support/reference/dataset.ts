/**
 * Reads the five import CSVs (and the region and rate reference files) into plain records
 * for the test reference. Strict on purpose: a row the reference cannot read throws with
 * its file and line, so a malformed fixture never turns into a silently different figure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseMonth } from './calendar.js';

export type Program = 'JKK' | 'JKM' | 'JHT';

export interface CoveragePeriod {
  participantId: string;
  gender: 'L' | 'P';
  birthDate: string;
  regencyCode: string;
  /** null when the roster gave no district. */
  districtCode: string | null;
  sector: string;
  programs: Program[];
  fundingSource: string;
  startMonth: string;
  /** Inclusive; null = ongoing. */
  endMonth: string | null;
}

export interface Payment {
  paymentId: string;
  regencyCode: string;
  month: string;
  fundingSource: string;
  participants: number;
  amountIdr: number;
}

export interface Claim {
  claimId: string;
  participantId: string;
  program: 'JKK' | 'JKM';
  eventDate: string;
  paidOn: string;
  amountIdr: number;
}

export interface Budget {
  regencyCode: string;
  fiscalYear: number;
  allocationIdr: number;
}

export interface Target {
  regencyCode: string;
  year: number;
  /** null = the all-sectors row. */
  sector: string | null;
  targetWorkers: number;
}

export interface Rate {
  program: Program;
  effectiveFrom: string;
  /** Inclusive; null = still in force. */
  effectiveTo: string | null;
  monthlyIdr: number;
}

export interface Region {
  code: string;
  name: string;
  type: string;
}

export interface Dataset {
  periods: CoveragePeriod[];
  payments: Payment[];
  claims: Claim[];
  budgets: Budget[];
  targets: Target[];
  rates: Rate[];
}

export type CsvRow = Record<string, string>;

export interface DatasetRows {
  participants?: CsvRow[];
  contributions?: CsvRow[];
  claims?: CsvRow[];
  budgets?: CsvRow[];
  targets?: CsvRow[];
}

const SECTORS = [
  'TOBACCO_FARM_WORKER', 'TOBACCO_FARMER', 'CIGARETTE_FACTORY_WORKER', 'FOOD_CROP_FARMER', 'FISHER',
  'RELIGIOUS_SOCIAL_WORKER', 'VILLAGE_VULNERABLE_WORKER', 'STREET_VENDOR', 'OTHER',
];
const FUNDING_SOURCES = ['DBHCHT', 'APBD', 'DBH_PAJAK', 'APBDES', 'CSR', 'MANDIRI'];

export const DEFAULT_RATES_PATH = new URL('../../../reference/contribution-rates.csv', import.meta.url).pathname;
/** The regencies as idn-area-data lists them, read from the package itself, not from our generated reference/regions.json. */
export const DEFAULT_REGIONS_PATH = new URL('../../../node_modules/idn-area-data/data/regencies.csv', import.meta.url).pathname;

function readCsv(path: string): CsvRow[] {
  return parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as CsvRow[];
}

/** One cell reader per row, so every error names where it came from. */
function cells(file: string, row: CsvRow, index: number) {
  const where = `${file} row ${index + 2}`;
  const fail = (column: string, why: string): never => {
    throw new Error(`reference: ${where}, ${column}: ${why} (${JSON.stringify(row[column] ?? '')})`);
  };
  const optional = (column: string): string | null => {
    const value = (row[column] ?? '').trim();
    return value === '' ? null : value;
  };
  const text = (column: string): string => optional(column) ?? fail(column, 'required');
  const matching = (column: string, re: RegExp): string => {
    const value = text(column);
    return re.test(value) ? value : fail(column, `does not match ${re}`);
  };
  const oneOf = <T extends string>(column: string, allowed: readonly T[]): T => {
    const value = text(column);
    return (allowed as readonly string[]).includes(value) ? (value as T) : fail(column, `not one of ${allowed.join('|')}`);
  };
  const integer = (column: string): number => {
    const value = Number(matching(column, /^\d+$/));
    return Number.isSafeInteger(value) ? value : fail(column, 'not a safe integer');
  };
  const month = (column: string): string => {
    const value = text(column);
    try {
      parseMonth(value);
    } catch {
      fail(column, 'not YYYY-MM');
    }
    return value;
  };
  const optionalMonth = (column: string): string | null => (optional(column) === null ? null : month(column));
  const date = (column: string): string => matching(column, /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
  const regency = (column: string): string => matching(column, /^\d{2}\.\d{2}$/);
  return { fail, optional, text, oneOf, integer, month, optionalMonth, date, regency, matching };
}

function toPeriod(row: CsvRow, index: number): CoveragePeriod {
  const c = cells('participants', row, index);
  const regencyCode = c.regency('regency_code');
  const districtCode = c.optional('district_code');
  if (districtCode !== null && !new RegExp(`^${regencyCode.replace('.', '\\.')}\\.\\d{2}$`).test(districtCode)) {
    c.fail('district_code', `not a district of ${regencyCode}`);
  }
  const programs = c.oneOf('programs', ['JKK+JKM', 'JKK+JKM+JHT'] as const).split('+') as Program[];
  const startMonth = c.month('start_month');
  const endMonth = c.optionalMonth('end_month');
  if (endMonth !== null && endMonth < startMonth) c.fail('end_month', 'before start_month');
  return {
    participantId: c.text('participant_id'),
    gender: c.oneOf('gender', ['L', 'P'] as const),
    birthDate: c.date('birth_date'),
    regencyCode,
    districtCode,
    sector: c.oneOf('sector', SECTORS),
    programs,
    fundingSource: c.oneOf('funding_source', FUNDING_SOURCES),
    startMonth,
    endMonth,
  };
}

function toPayment(row: CsvRow, index: number): Payment {
  const c = cells('contributions', row, index);
  return {
    paymentId: c.text('payment_id'),
    regencyCode: c.regency('regency_code'),
    month: c.month('month'),
    fundingSource: c.oneOf('funding_source', FUNDING_SOURCES),
    participants: c.integer('participants'),
    amountIdr: c.integer('amount_idr'),
  };
}

function toClaim(row: CsvRow, index: number): Claim {
  const c = cells('claims', row, index);
  return {
    claimId: c.text('claim_id'),
    participantId: c.text('participant_id'),
    program: c.oneOf('program', ['JKK', 'JKM'] as const),
    eventDate: c.date('event_date'),
    paidOn: c.date('paid_on'),
    amountIdr: c.integer('amount_idr'),
  };
}

function toBudget(row: CsvRow, index: number): Budget {
  const c = cells('budgets', row, index);
  return {
    regencyCode: c.regency('regency_code'),
    fiscalYear: Number(c.matching('fiscal_year', /^\d{4}$/)),
    allocationIdr: c.integer('allocation_idr'),
  };
}

function toTarget(row: CsvRow, index: number): Target {
  const c = cells('targets', row, index);
  const sector = c.optional('sector');
  return {
    regencyCode: c.regency('regency_code'),
    year: Number(c.matching('year', /^\d{4}$/)),
    sector: sector === null ? null : c.oneOf('sector', SECTORS),
    targetWorkers: c.integer('target_workers'),
  };
}

/** Builds a dataset from already-parsed rows (CSV column name -> cell text); a missing list is empty. */
export function datasetFromRows(rows: DatasetRows, rates: Rate[] = loadRates(DEFAULT_RATES_PATH)): Dataset {
  return {
    periods: (rows.participants ?? []).map(toPeriod),
    payments: (rows.contributions ?? []).map(toPayment),
    claims: (rows.claims ?? []).map(toClaim),
    budgets: (rows.budgets ?? []).map(toBudget),
    targets: (rows.targets ?? []).map(toTarget),
    rates,
  };
}

/** Reads `participants.csv`, `contributions.csv`, `claims.csv`, `budgets.csv`, `targets.csv` from `dir`; a missing file is empty. */
export function loadDataset(dir: string, rates: Rate[] = loadRates(DEFAULT_RATES_PATH)): Dataset {
  const read = (name: string): CsvRow[] => {
    const path = join(dir, `${name}.csv`);
    return existsSync(path) ? readCsv(path) : [];
  };
  return datasetFromRows(
    {
      participants: read('participants'),
      contributions: read('contributions'),
      claims: read('claims'),
      budgets: read('budgets'),
      targets: read('targets'),
    },
    rates,
  );
}

export function loadRegions(csvPath: string = DEFAULT_REGIONS_PATH): Region[] {
  return readCsv(csvPath).map((row, index) => {
    const c = cells('regions', row, index);
    const name = c.text('name');
    return { code: c.matching('code', /^\d{2}(\.\d{2}){0,2}$/), name, type: row.type ?? (name.startsWith('Kota ') ? 'kota' : 'kabupaten') };
  });
}

export function loadRates(csvPath: string = DEFAULT_RATES_PATH): Rate[] {
  return readCsv(csvPath).map((row, index) => {
    const c = cells('contribution-rates', row, index);
    return {
      program: c.oneOf('program', ['JKK', 'JKM', 'JHT'] as const),
      effectiveFrom: c.month('effective_from'),
      effectiveTo: c.optionalMonth('effective_to'),
      monthlyIdr: c.integer('monthly_idr'),
    };
  });
}
