/**
 * CSV exports open in spreadsheets: text from imported files must arrive as text, never as a formula,
 * and the file must still read back cell for cell.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dataCsv, exportCsv, parseExport } from '../../../lambda/plan/csv-export.js';

describe('CSV export', () => {
  it('writes formula-like text with a leading apostrophe and leaves other text and all numbers alone', () => {
    const table = {
      columns: ['name', 'note', 'gap'],
      rows: [
        ['=HYPERLINK("http://x.example","click")', '+62 812', -1_250_000],
        ['@SUM(A1:A9)', '-minus', 0],
        ['\tTAB', '\rCR', null],
        ['Siti Aminah', 'a = b, c', 12_345_678_901],
      ],
    };
    const cells = parse(dataCsv(table), { relax_column_count: false }) as string[][];
    expect(cells).toEqual([
      ['name', 'note', 'gap'],
      [`'=HYPERLINK("http://x.example","click")`, "'+62 812", '-1250000'],
      ["'@SUM(A1:A9)", "'-minus", '0'],
      ["'\tTAB", "'\rCR", ''],
      ['Siti Aminah', 'a = b, c', '12345678901'],
    ]);
  });

  it('hashes exactly the data lines it writes, so a neutralised file still verifies', () => {
    const table = { columns: ['region'], rows: [['=1+1'], ['35.09']] };
    const { meta, data } = parseExport(exportCsv(table, { title: 't', query: 'q', scope: 's', asOf: null }));
    expect(data).toBe(dataCsv(table));
    expect(data).toContain("'=1+1");
    expect(meta['sha256 of the data below']).toBe(createHash('sha256').update(data).digest('hex'));
  });
});
