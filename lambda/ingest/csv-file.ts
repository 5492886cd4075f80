/**
 * Reads an import file into header-checked rows with their line numbers. CSV syntax is csv-parse's job;
 * this module only adds the contract's header rules (required columns, no unknown or repeated columns).
 */
import { parse } from 'csv-parse/sync';
import { COLUMNS, type ImportKind, type RowError } from '../domain/validation.js';

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export function readCsv(kind: ImportKind, file: string, text: string): { rows: CsvRow[]; errors: RowError[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as { lines?: number; message?: string; code?: string };
    return {
      rows: [],
      errors: [{ file, line: err.lines ?? 1, column: undefined, reason: `not valid CSV (${err.code ?? 'parse error'})` }],
    };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], errors: [{ file, line: 1, column: undefined, reason: 'the file is empty (a header row is required)' }] };
  const names = header.record.map((h) => h.trim());
  const { required, optional } = COLUMNS[kind];
  const errors: RowError[] = [];
  for (const c of required) {
    if (!names.includes(c)) errors.push({ file, line: 1, column: c, reason: `required column is missing` });
  }
  const known = new Set([...required, ...optional]);
  names.forEach((n, i) => {
    if (!known.has(n)) errors.push({ file, line: 1, column: n, reason: `unknown column (a ${kind} file has ${[...known].join(', ')})` });
    else if (names.indexOf(n) !== i) errors.push({ file, line: 1, column: n, reason: 'column appears twice' });
  });
  if (errors.length > 0) return { rows: [], errors };

  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    if (record.length !== names.length) {
      errors.push({ file, line: info.lines, column: undefined, reason: `has ${record.length} fields, the header has ${names.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((n, i) => (values[n] = record[i]!));
    rows.push({ line: info.lines, values });
  }
  return { rows, errors };
}
