/**
 * Column-level validation of the import contract: one zod schema per file kind, each column with an
 * error message that says what is expected. Messages never echo the value: a bad NIK or name must not
 * end up in a log or an error report.
 */
import { z } from 'zod';
import { CLAIM_PROGRAMS, FUNDING_SOURCES, GENDERS, PROGRAM_SETS, SECTORS } from './codes.js';
import { isDate, isMonth } from './period.js';
import { normalizeRegionCode, type RegionCatalog } from './regions.js';
import type { ImportKind } from './import-columns.js';

export { COLUMNS, IMPORT_KINDS, type ImportKind } from './import-columns.js';

const oneOf = <T extends string>(list: readonly T[]) =>
  z.string().refine((v): v is T => (list as readonly string[]).includes(v), `must be one of ${list.join(', ')}`) as unknown as z.ZodType<T>;

const month = z.string().refine(isMonth, 'must be a month YYYY-MM');
const optionalMonth = z
  .string()
  .refine((v) => v === '' || isMonth(v), 'must be a month YYYY-MM or empty')
  .transform((v) => (v === '' ? undefined : v));
const date = z.string().refine(isDate, 'must be a real date YYYY-MM-DD');
/** Whole rupiah: digits only (no separators, no decimals), within JavaScript's exact integer range. */
const wholeNumber = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole ${what} (digits only, no separators; negative amounts are not allowed)`)
    .transform(Number)
    .refine(Number.isSafeInteger, `is too large`);
const year = z
  .string()
  .regex(/^\d{4}$/, 'must be a year YYYY')
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2100, 'must be a year between 2000 and 2100');
const id = (what: string) => z.string().min(1, `${what} is required`).max(64, `${what} is longer than 64 characters`);
const participantId = z.string().regex(/^\d{11}$/, 'must be an 11-digit BPJS membership number (KPJ)');

function regency(regions: RegionCatalog) {
  return z.string().transform((v, ctx) => {
    const code = normalizeRegionCode(v);
    if (!code || !regions.isKnownRegency(code)) {
      ctx.addIssue({ code: 'custom', message: 'must be a known regency or city code, e.g. 35.09' });
      return z.NEVER;
    }
    return code;
  });
}

export function rowSchemas(regions: RegionCatalog) {
  const participants = z
    .object({
      participant_id: participantId,
      nik: z.string().regex(/^\d{16}$/, 'must be 16 digits'),
      name: z.string().trim().min(1, 'is required').max(200, 'is longer than 200 characters'),
      gender: oneOf(GENDERS),
      birth_date: date,
      regency_code: regency(regions),
      district_code: z
        .string()
        .transform((v, ctx) => {
          if (v === '') return undefined;
          const code = normalizeRegionCode(v);
          if (!code || code.split('.').length !== 3) {
            ctx.addIssue({ code: 'custom', message: 'must be a district code NN.NN.NN or empty' });
            return z.NEVER;
          }
          return code;
        })
        .optional(),
      sector: oneOf(SECTORS),
      programs: oneOf(Object.keys(PROGRAM_SETS) as Array<keyof typeof PROGRAM_SETS>),
      funding_source: oneOf(FUNDING_SOURCES),
      start_month: month,
      end_month: optionalMonth.optional(),
    })
    .superRefine((r, ctx) => {
      // A district must exist (Kemendagri list in reference/regions.json) and lie in the row's regency:
      // a district of another regency would put the person in a region's figures they do not belong to.
      if (r.district_code && !r.district_code.startsWith(`${r.regency_code}.`)) {
        ctx.addIssue({ code: 'custom', path: ['district_code'], message: `must lie in regency ${r.regency_code}` });
      } else if (r.district_code && !regions.isKnownDistrict(r.district_code)) {
        ctx.addIssue({ code: 'custom', path: ['district_code'], message: `is not a known district of regency ${r.regency_code}` });
      }
      if (r.end_month && r.end_month < r.start_month) {
        ctx.addIssue({ code: 'custom', path: ['end_month'], message: 'is before start_month' });
      }
      if (r.birth_date.slice(0, 7) > r.start_month) {
        ctx.addIssue({ code: 'custom', path: ['birth_date'], message: 'is after start_month' });
      }
    });

  const contributions = z.object({
    payment_id: id('payment_id'),
    regency_code: regency(regions),
    month,
    funding_source: oneOf(FUNDING_SOURCES),
    participants: wholeNumber('number'),
    amount_idr: wholeNumber('rupiah amount'),
    paid_on: date,
  });

  const claims = z
    .object({
      claim_id: id('claim_id'),
      participant_id: participantId,
      program: oneOf(CLAIM_PROGRAMS),
      event_date: date,
      paid_on: date,
      amount_idr: wholeNumber('rupiah amount'),
    })
    .superRefine((r, ctx) => {
      if (r.paid_on < r.event_date) ctx.addIssue({ code: 'custom', path: ['paid_on'], message: 'is before event_date' });
    });

  const budgets = z.object({
    regency_code: regency(regions),
    fiscal_year: year,
    allocation_idr: wholeNumber('rupiah amount'),
  });

  const targets = z.object({
    regency_code: regency(regions),
    year,
    sector: z
      .string()
      .refine((v) => v === '' || (SECTORS as readonly string[]).includes(v), `must be empty (all sectors) or one of ${SECTORS.join(', ')}`)
      .transform((v) => (v === '' ? undefined : (v as (typeof SECTORS)[number])))
      .optional(),
    target_workers: wholeNumber('number'),
  });

  return { participants, contributions, claims, budgets, targets };
}

export type RowSchemas = ReturnType<typeof rowSchemas>;
export type ParsedRow<K extends ImportKind> = z.output<RowSchemas[K]>;

export interface RowError {
  file: string;
  /** 1-based line in the file (the header is line 1). */
  line: number;
  column: string | undefined;
  reason: string;
}

export function formatRowError(e: RowError): string {
  return `${e.file}:${e.line}${e.column ? `: ${e.column}` : ''}: ${e.reason}`;
}

/** Validates one row; returns the typed row or the errors, one per bad column. */
export function validateRow<K extends ImportKind>(
  schemas: RowSchemas,
  kind: K,
  raw: Record<string, string>,
  file: string,
  line: number,
): { ok: true; row: ParsedRow<K> } | { ok: false; errors: RowError[] } {
  const result = (schemas[kind] as z.ZodType).safeParse(raw);
  if (result.success) return { ok: true, row: result.data as ParsedRow<K> };
  return {
    ok: false,
    errors: result.error.issues.map((i) => ({
      file,
      line,
      column: i.path.length > 0 ? String(i.path[0]) : undefined,
      reason: i.message,
    })),
  };
}
