/**
 * A test-only region catalogue spanning three provinces (33 Jawa Tengah, 35 Jawa Timur, 52 Nusa Tenggara
 * Barat) until reference/regions holds the national list. It is served to the platform the way the real
 * one is, as region CSVs under an asset root (JAMREP_ASSET_ROOT): a temporary copy of reference/ with two
 * more province files, and schema/ linked. Call before startTestPlatform (the catalogue is loaded once).
 */
import { cpSync, existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

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

/** Writes the asset root, points JAMREP_ASSET_ROOT at it and returns its path. */
export function useNationalRegions(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jamrep-regions-'));
  cpSync(join(ROOT, 'reference'), join(dir, 'reference'), { recursive: true });
  symlinkSync(join(ROOT, 'schema'), join(dir, 'schema'));
  for (const { file, regencies } of Object.values(EXTRA_PROVINCES)) {
    const path = join(dir, 'reference', 'regions', file);
    // Once reference/ carries the national list, its own file for the province wins.
    if (existsSync(path)) continue;
    writeFileSync(path, ['code,name,type', ...regencies.map((r) => r.join(','))].join('\n') + '\n');
  }
  process.env.JAMREP_ASSET_ROOT = dir;
  return dir;
}

/** The same regions for the reference implementation (code, name, type), provinces included. */
export function nationalReferenceRegions(base: Array<{ code: string; name: string; type: string }>) {
  const extra = Object.entries(EXTRA_PROVINCES).flatMap(([code, p]) => [
    { code, name: code === '33' ? 'Jawa Tengah' : 'Nusa Tenggara Barat', type: 'provinsi' },
    ...p.regencies.map(([c, name, type]) => ({ code: c, name, type })),
  ]);
  const known = new Set(base.map((r) => r.code));
  return [...base, ...(known.has('35') ? [] : [{ code: '35', name: 'Jawa Timur', type: 'provinsi' }]), ...extra.filter((r) => !known.has(r.code))];
}
