import { describe, expect, it } from 'vitest';
import { csvText, type CsvCell } from '../../../web/src/ui/csv.js';

interface Row {
  name: string;
  amount: number | null;
}

/** As web/src/ui/table.ts calls it: the labels, then each row's machine values. */
const toCsv = (rows: Row[]) => csvText([['Kabupaten', 'Iuran (Rp)'], ...rows.map((r): CsvCell[] => [r.name, r.amount])]);

describe('a dashboard table as CSV', () => {
  it('writes the header then one CRLF-ended line per row, quoting only what RFC 4180 requires', () => {
    const csv = toCsv([
      { name: 'Jember', amount: 3_456_789_012 },
      { name: 'Kota Batu, Jawa Timur', amount: null },
      { name: 'Sumenep "Madura"', amount: 0 },
      { name: 'two\nlines', amount: 1 },
    ]);
    expect(csv).toBe(
      'Kabupaten,Iuran (Rp)\r\n' +
        'Jember,3456789012\r\n' +
        '"Kota Batu, Jawa Timur",\r\n' +
        '"Sumenep ""Madura""",0\r\n' +
        '"two\nlines",1\r\n',
    );
  });

  it('keeps a spreadsheet from running a text cell as a formula, but leaves negative numbers alone', () => {
    const csv = toCsv([
      { name: '=HYPERLINK("http://x")', amount: -5 },
      { name: '+1', amount: 2 },
      { name: '@SUM(A1)', amount: 3 },
      { name: '-2', amount: 4 },
    ]);
    expect(csv.split('\r\n').slice(1, 5)).toEqual([`"'=HYPERLINK(""http://x"")",-5`, "'+1,2", "'@SUM(A1),3", "'-2,4"]);
  });
});
