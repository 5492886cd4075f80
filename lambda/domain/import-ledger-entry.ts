/**
 * One entry of the import ledger: who imported which file (by its SHA-256), when, and what it did to the
 * records. Pure types; the store (store/import-ledger.ts) appends and reads them.
 */
import type { RecordChange } from './record-changes.js';
import type { ImportKind } from './import-columns.js';

/** Who an import is attributed to, as the caller knows it: a signed-in user, an S3 principal, the CLI. */
export interface ImportSubject {
  subject: string;
  /** The user's role; undefined for the CLI and S3 uploads without a user. */
  role?: string;
  /** The user's region scope; undefined = none or not known. */
  scope?: string;
}

export type ImportOutcome = 'ACCEPTED' | 'REJECTED';

/** Record changes an entry keeps, and fields of each (the rest is counted in `changesTotal`). */
export const LEDGER_MAX_CHANGES = 50;
export const LEDGER_MAX_FIELDS = 40;
/**
 * Row errors an entry keeps (line, column, reason; never the value), so the uploader's page can show why
 * a file was rejected: 200 rows of about 120 bytes stay far below DynamoDB's 400 KB item limit beside the
 * changes. The rest is counted in `errorCount`.
 */
export const LEDGER_MAX_ROW_ERRORS = 200;

export interface LedgerRowError {
  line: number;
  column?: string;
  reason: string;
}

export interface ImportLedgerEntry extends ImportSubject {
  importId: string;
  /** ISO instant the import finished. */
  at: string;
  kind: ImportKind;
  fileName: string;
  sha256: string;
  rowsRead: number;
  written: number;
  unchanged: number;
  /** Rows with at least one error. */
  rejected: number;
  /** Errors found (a row may have several); their values are never kept. */
  errorCount: number;
  /** The first LEDGER_MAX_ROW_ERRORS errors, in line order. */
  rowErrors: LedgerRowError[];
  outcome: ImportOutcome;
  periodsAdded: number;
  periodsChanged: number;
  periodsRemoved: number;
  changesTotal: number;
  changes: RecordChange[];
  /** Regencies of the records written or validated, for the auditor's region filter. */
  regions: string[];
}
