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

/** The same regions for the reference implementation (code, name, type), provinces included. */
export function nationalReferenceRegions(base: Array<{ code: string; name: string; type: string }>) {
  const extra = Object.entries(EXTRA_PROVINCES).flatMap(([code, p]) => [
    { code, name: code === '33' ? 'Jawa Tengah' : 'Nusa Tenggara Barat', type: 'provinsi' },
    ...p.regencies.map(([c, name, type]) => ({ code: c, name, type })),
  ]);
  const known = new Set(base.map((r) => r.code));
  return [...base, ...(known.has('35') ? [] : [{ code: '35', name: 'Jawa Timur', type: 'provinsi' }]), ...extra.filter((r) => !known.has(r.code))];
}
