/**
 * Reads the region reference list (code,name,type) that generateDemo needs.
 * Kept apart from generate.ts so the generator stays free of file access.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { DemoRegion } from './types.js';

/** reference/regions/35-jawa-timur.csv of this repository. */
export const EAST_JAVA_REGIONS_FILE = fileURLToPath(new URL('../../reference/regions/35-jawa-timur.csv', import.meta.url));

const REGENCY_CODE = /^\d{2}\.\d{2}$/;

export function readRegions(path: string = EAST_JAVA_REGIONS_FILE): DemoRegion[] {
  const records: Record<string, string>[] = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  return records.map((record, index) => {
    const { code, name, type } = record;
    if (!code || !REGENCY_CODE.test(code) || !name || (type !== 'kabupaten' && type !== 'kota')) {
      throw new Error(`${path}: row ${index + 2} is not a regency (code,name,type): ${JSON.stringify(record)}`);
    }
    return { code, name, type };
  });
}
