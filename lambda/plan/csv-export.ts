/**
 * Tabular results as CSV for spreadsheets, with provenance on top: what was asked, for which scope, how
 * fresh the figures were (asOf) and a SHA-256 of the data lines, so a file that was edited afterwards can
 * be told apart from the one the platform produced.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';

export interface ExportTable {
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

export interface ExportMeta {
  title: string;
  query: string;
  /** The query's variables as JSON, when it had any (personal values redacted). */
  variables?: string | undefined;
  scope: string;
  asOf: string | null;
}

/**
 * A text cell a spreadsheet would run as a formula: one starting with = + - @, or with a tab or carriage
 * return (OWASP, CSV injection). Names and other text come from imported files, so an export must not
 * carry a formula from a roster into an auditor's spreadsheet. Numbers are written as numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of one CSV cell: formula-like text gets a leading apostrophe, which spreadsheets show as text. */
function csvCell(value: string | number | null): string | number {
  if (value === null) return '';
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

export function dataCsv(table: ExportTable): string {
  return stringify([table.columns.map(csvCell), ...table.rows.map((r) => r.map(csvCell))]);
}

export function contentHash(table: ExportTable): string {
  return sha256Hex(dataCsv(table));
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** Metadata lines start with `#`; the data (header row + rows) follows, exactly what the hash covers. */
export function exportCsv(table: ExportTable, meta: ExportMeta): string {
  return withProvenance(dataCsv(table), meta);
}

/** The CSV file around data lines already written by `dataCsv` (a large table is stringified once). */
export function withProvenance(data: string, meta: ExportMeta): string {
  const header = [
    `# ${meta.title}`,
    `# query: ${meta.query}`,
    ...(meta.variables ? [`# variables: ${meta.variables}`] : []),
    `# scope: ${meta.scope}`,
    `# asOf: ${meta.asOf ?? 'no data aggregated yet'}`,
    `# sha256 of the data below: ${sha256Hex(data)}`,
  ];
  return `${header.join('\n')}\n${data}`;
}

/** Reads an export back: its metadata and the data table (for round-trip checks and verification). */
export function parseExport(text: string): { meta: Record<string, string>; data: string } {
  const lines = text.split('\n');
  const meta: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length && lines[i]!.startsWith('# '); i++) {
    const line = lines[i]!.slice(2);
    const at = line.indexOf(': ');
    if (at > 0) meta[line.slice(0, at)] = line.slice(at + 2);
  }
  return { meta, data: lines.slice(i).join('\n') };
}
