/**
 * Writes a demo data set as the import contract's five CSV files plus
 * planted.json. Quoting is csv-stringify's (RFC 4180: a field with a comma, a
 * double quote or a line break is quoted, inner quotes doubled), the same
 * library family as the importer's csv-parse.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { demoProfiles, generateDemo } from './generate.js';
import { readRegencyPlans, readRegions } from './regions-file.js';
import { participantsAt } from './scale.js';
import { COLUMNS, DEMO_FILES, type DemoOptions, type Row } from './types.js';

/** One field as it appears in a line: quoted only when it holds a comma, a double quote or a line break. */
export function csvField(value: string): string {
  return stringify([[value]], { eof: false });
}

/** Header line then one line per row, columns in the given order, each line ended by `\n`. */
export function csvText(columns: readonly string[], rows: readonly Row[]): string {
  return headerLine(columns) + csvLines(columns, rows);
}

function headerLine(columns: readonly string[]): string {
  return stringify([[...columns]]);
}

/** Rows as lines, each ended by `\n`; a column a row lacks is an empty field. */
function csvLines(columns: readonly string[], rows: readonly Row[]): string {
  return stringify(rows as Row[], { columns: [...columns] });
}

/** Lines per write: a full-scale roster is ~100 MB of text, better not held as one string. */
const LINES_PER_WRITE = 10_000;

export function writeCsvFile(path: string, columns: readonly string[], rows: readonly Row[]): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, headerLine(columns));
    for (let start = 0; start < rows.length; start += LINES_PER_WRITE) {
      writeSync(fd, csvLines(columns, rows.slice(start, start + LINES_PER_WRITE)));
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
