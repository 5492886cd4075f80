/**
 * Writes a demo data set as the import contract's five CSV files plus
 * planted.json. Values are plain (codes, digits, dates, names), so quoting is
 * a few lines of RFC 4180 rather than a dependency.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { demoProfiles, generateDemo } from './generate.js';
import { readRegencyPlans, readRegions } from './regions-file.js';
import { participantsAt } from './scale.js';
import { COLUMNS, DEMO_FILES, type DemoOptions, type Row } from './types.js';

/** RFC 4180: a field with a comma, a double quote or a line break is quoted, inner quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Header line then one line per row, columns in the given order, each line ended by `\n`. */
export function csvText(columns: readonly string[], rows: readonly Row[]): string {
  const lines = [columns.map(csvField).join(','), ...rows.map((row) => csvLine(columns, row))];
  return `${lines.join('\n')}\n`;
}

function csvLine(columns: readonly string[], row: Row): string {
  return columns.map((column) => csvField(row[column] ?? '')).join(',');
}

/** Lines per write: a full-scale roster is ~100 MB of text, better not held as one string. */
const LINES_PER_WRITE = 10_000;

export function writeCsvFile(path: string, columns: readonly string[], rows: readonly Row[]): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${columns.map(csvField).join(',')}\n`);
    for (let start = 0; start < rows.length; start += LINES_PER_WRITE) {
      const chunk = rows.slice(start, start + LINES_PER_WRITE).map((row) => csvLine(columns, row));
      writeSync(fd, `${chunk.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
}

export interface WriteDemoOptions extends DemoOptions {
  /** Provinces to generate (their regencies from the reference data); default East Java only. */
  provinces?: readonly string[];
  /** The full scale of the selected provinces (factor 1), whatever `participants` says. */
  fullScale?: boolean;
}

export interface WrittenFile {
  file: string;
  /** Data rows (CSV) or planted irregularities (planted.json). */
  rows: number;
  /** participants.csv only: distinct participants (a participant has one row per coverage period). */
  participants?: number;
}

/** Generates the demo data set and writes it into `dir` (created if needed). */
export function writeDemo(dir: string, options: WriteDemoOptions = {}): WrittenFile[] {
  const { provinces, fullScale, ...demoOptions } = options;
  const regions = readRegions(provinces);
  const plans = readRegencyPlans();
  const participants = fullScale ? participantsAt(demoProfiles(regions, plans), 1) : demoOptions.participants;
  const dataset = generateDemo({ ...demoOptions, ...(participants === undefined ? {} : { participants }), regions, plans });
  mkdirSync(dir, { recursive: true });
  const written: WrittenFile[] = DEMO_FILES.map((name) => {
    const file = `${name}.csv`;
    writeCsvFile(join(dir, file), COLUMNS[name], dataset[name]);
    if (name !== 'participants') return { file, rows: dataset[name].length };
    return { file, rows: dataset[name].length, participants: new Set(dataset.participants.map((r) => r.participant_id)).size };
  });
  writeFileSync(join(dir, 'planted.json'), `${JSON.stringify(dataset.planted, null, 2)}\n`);
  written.push({ file: 'planted.json', rows: dataset.planted.length });
  return written;
}
