/**
 * RFC 4180 CSV with CRLF line ends (Excel's), quoted by csv-stringify as the server's exports and the
 * demo writer are. Numbers stay machine values; a text cell starting with = + - @ (or a tab or CR) gets a
 * leading apostrophe, or a spreadsheet would run it as a formula (CSV injection). No DOM: unit-tested
 * under Node.
 */
import { stringify } from 'csv-stringify/browser/esm/sync';

export type CsvCell = number | string | null;

export function csvText(records: CsvCell[][]): string {
  // With CRLF records csv-stringify quotes only a full CRLF; a lone LF or CR must be quoted too.
  return stringify(records, { record_delimiter: 'windows', quoted_match: /[\r\n]/, cast: { string: defuseFormula } });
}

function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
