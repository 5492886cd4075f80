/**
 * Regions for the local sign-in form, which runs before there is a token to ask the API with: the
 * reference CSVs the platform ships (`reference/regions/<code>-<name>.csv`), bundled at build time.
 */
import type { RegionRef } from '../api/queries.js';

const FILES = import.meta.glob('../../../reference/regions/*.csv', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

export interface ReferenceProvince extends RegionRef {
  regencies: RegionRef[];
}

export function referenceProvinces(): ReferenceProvince[] {
  return Object.entries(FILES)
    .map(([path, text]) => {
      const [, code = '', slug = ''] = /\/(\d+)-([^/]+)\.csv$/.exec(path) ?? [];
      const regencies = text
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(','))
        .map(([regency = '', name = '']) => ({ code: regency, name }));
      // The file name carries the province name: 35-jawa-timur -> Jawa Timur.
      const name = slug
        .split('-')
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
        .join(' ');
      return { code, name, regencies };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
}
