import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

const PROVINCES_CSV = new URL('../../node_modules/idn-area-data/data/provinces.csv', import.meta.url).pathname;
/**
 * The regions the national tests use besides East Java: three regencies each of 33 Jawa Tengah and
 * 52 Nusa Tenggara Barat, all in the national reference data.
 */

export const EXTRA_PROVINCES: Record<string, { file: string; regencies: Array<[string, string, string]> }> = {
  '33': {
    file: '33-jawa-tengah.csv',
    regencies: [
      ['33.01', 'Kabupaten Cilacap', 'kabupaten'],
      ['33.02', 'Kabupaten Banyumas', 'kabupaten'],
      ['33.03', 'Kabupaten Purbalingga', 'kabupaten'],
    ],
  },
  '52': {
    file: '52-nusa-tenggara-barat.csv',
    regencies: [
      ['52.01', 'Kabupaten Lombok Barat', 'kabupaten'],
      ['52.02', 'Kabupaten Lombok Tengah', 'kabupaten'],
      ['52.03', 'Kabupaten Lombok Timur', 'kabupaten'],
    ],
  },
};

/**
 * The platform's own reference data (reference/regions.json, every region of Indonesia) already holds
 * provinces 33, 35 and 52: nothing to add. Kept so the national tests say which regions they rely on.
 */
export function useNationalRegions(): void {
  // The provinces of EXTRA_PROVINCES are part of the national reference data.
}

/**
 * The regions for the reference implementation (code, name, type): the regencies it is given plus every
 * province, read from the package's own provinces.csv (not through the platform's reference layer).
 */
export function nationalReferenceRegions(base: Array<{ code: string; name: string; type: string }>) {
  const provinces = (parse(readFileSync(PROVINCES_CSV, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Array<{ code: string; name: string }>).map(
    (p) => ({ code: p.code, name: p.name, type: 'provinsi' }),
  );
  const known = new Set(base.map((r) => r.code));
  return [...base, ...provinces.filter((p) => !known.has(p.code))];
}
