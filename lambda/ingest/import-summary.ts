/**
 * The one-line summary of an import, the same from `npm run import` and the demo load: rows read, then
 * the records they make and what happened to them. A roster has one row per coverage period, so its
 * rows outnumber its participants; saying which is which keeps "11,206 rows, 9,971 written" from
 * reading as if rows were dropped.
 */
import type { ImportKind } from '../domain/validation.js';
import type { ImportReport } from './import-file.js';

const RECORDS: Record<ImportKind, string> = {
  participants: 'participants',
  contributions: 'payments',
  claims: 'claims',
  budgets: 'budgets',
  targets: 'targets',
};

const count = (n: number) => n.toLocaleString('en');

/** e.g. `participants.csv: 11,206 rows (9,971 participants: 9,971 written, 0 unchanged)` */
export function importSummary(report: ImportReport): string {
  return `${report.file}: ${count(report.rows)} rows (${count(report.records)} ${RECORDS[report.kind]}: ${count(report.written)} written, ${count(report.unchanged)} unchanged)`;
}
