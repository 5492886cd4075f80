import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { csvField, csvText, writeDemo } from '../../../lambda/demo/csv-writer.js';
import { generateDemo } from '../../../lambda/demo/generate.js';
import { regions } from './support.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jamrep-demo-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const FILES = ['budgets.csv', 'claims.csv', 'contributions.csv', 'participants.csv', 'planted.json', 'targets.csv'];

describe('CSV quoting (RFC 4180)', () => {
  it('leaves plain values alone and quotes commas, quotes and line breaks', () => {
    expect(csvField("Nur'aini")).toBe("Nur'aini");
    expect(csvField('Moh. Hasan')).toBe('Moh. Hasan');
    expect(csvField('')).toBe('');
    expect(csvField('Hasan, S.Pd')).toBe('"Hasan, S.Pd"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('round-trips through a CSV parser', () => {
    const rows = [{ a: 'x,y', b: 'he said "no"' }, { a: '', b: 'plain' }];
    expect(parse(csvText(['a', 'b'], rows), { columns: true })).toEqual(rows);
  });
});

describe('writeDemo', () => {
  const options = { seed: 9, participants: 3_000 };
  const dir = tempDir();
  const written = writeDemo(dir, options);

  it('writes the five CSV files and planted.json, reporting their row counts', () => {
    expect(readdirSync(dir).sort()).toEqual(FILES);
    const dataset = generateDemo({ ...options, regions });
    expect(Object.fromEntries(written.map((entry) => [entry.file, entry.rows]))).toEqual({
      'participants.csv': dataset.participants.length,
      'contributions.csv': dataset.contributions.length,
      'claims.csv': dataset.claims.length,
      'budgets.csv': dataset.budgets.length,
      'targets.csv': dataset.targets.length,
      'planted.json': dataset.planted.length,
    });
  });

  it('writes exactly the generated rows, header first', () => {
    const dataset = generateDemo({ ...options, regions });
    for (const name of ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const) {
      const text = readFileSync(join(dir, `${name}.csv`), 'utf8');
      expect(text.split('\n')[0]).toBe(Object.keys(dataset[name][0] ?? {}).join(','));
      expect(parse(text, { columns: true })).toEqual(dataset[name]);
    }
    expect(JSON.parse(readFileSync(join(dir, 'planted.json'), 'utf8'))).toEqual(dataset.planted);
  });

  it('writes byte-identical files for the same seed', () => {
    const again = tempDir();
    writeDemo(again, options);
    for (const file of FILES) expect(readFileSync(join(again, file)).equals(readFileSync(join(dir, file))), file).toBe(true);
  });
});

describe('the demo command', () => {
  it('prints one line per file with its row count', () => {
    const out = tempDir();
    const stdout = execFileSync('npx', ['tsx', 'lambda/demo/cli.ts', '--out', out, '--scale', '2000', '--seed', '4'], {
      encoding: 'utf8',
    });
    const lines = stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s+/)[0]).sort()).toEqual(FILES);
    for (const line of lines) {
      const [file, rows] = line.split(/\s+/) as [string, string];
      if (file.endsWith('.csv')) {
        const dataLines = readFileSync(join(out, file), 'utf8').trimEnd().split('\n').length - 1;
        expect(Number(rows), file).toBe(dataLines);
      }
    }
  });

  it('rejects an unknown scale', () => {
    expect(() =>
      execFileSync('npx', ['tsx', 'lambda/demo/cli.ts', '--out', tempDir(), '--scale', 'huge'], { encoding: 'utf8', stdio: 'pipe' }),
    ).toThrow(/--scale must be small, full or a participant count/);
  });
});
