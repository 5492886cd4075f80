/**
 * A small dataset spanning three provinces (regions from national-regions.ts), covered 2025-01 .. ongoing:
 *
 *   33.01 Cilacap        8 TOBACCO_FARM_WORKER (DBHCHT), target 10     33.02 Banyumas  2 FISHER (APBD), target 20
 *   35.09 Jember        12 TOBACCO_FARM_WORKER (DBHCHT), target 100    35.10 Banyuwangi 3 FISHER (APBD), target 50
 *   52.03 Lombok Timur  20 TOBACCO_FARMER (DBHCHT), target 25          52.02 Lombok Tengah 5 FISHER (APBD), no target
 *
 * Budgets 2025: 33.01 Rp 500,000,000, 35.09 Rp 1,000,000,000, 52.03 Rp 800,000,000; one DBHCHT payment
 * in each of those regencies and an APBD payment in 52.02. Figures are checked against the reference
 * implementation, not these comments.
 */
type Row = Record<string, string>;

const GROUPS = [
  { regency: '33.01', sector: 'TOBACCO_FARM_WORKER', funding: 'DBHCHT', count: 8 },
  { regency: '33.02', sector: 'FISHER', funding: 'APBD', count: 2 },
  { regency: '35.09', sector: 'TOBACCO_FARM_WORKER', funding: 'DBHCHT', count: 12 },
  { regency: '35.10', sector: 'FISHER', funding: 'APBD', count: 3 },
  { regency: '52.03', sector: 'TOBACCO_FARMER', funding: 'DBHCHT', count: 20 },
  { regency: '52.02', sector: 'FISHER', funding: 'APBD', count: 5 },
];

export function nationalDataset(): Record<'participants' | 'targets' | 'budgets' | 'contributions', Row[]> {
  const participants = GROUPS.flatMap((g, gi) =>
    Array.from({ length: g.count }, (_, i) => {
      const serial = gi * 100 + i + 1;
      return {
        participant_id: String(40_000_000_000 + serial),
        // Regency and district digits, DDMMYY of 1990-01-01 (a man), a serial.
        nik: `${g.regency.replace('.', '')}01010190${String(serial).padStart(4, '0')}`,
        name: `Peserta ${gi}-${i}`,
        gender: 'L',
        birth_date: '1990-01-01',
        regency_code: g.regency,
        district_code: '',
        sector: g.sector,
        programs: 'JKK+JKM',
        funding_source: g.funding,
        start_month: '2025-01',
        end_month: '',
      };
    }),
  );
  const target = (regency: string, n: number) => ({ regency_code: regency, year: '2025', sector: '', target_workers: String(n) });
  const pay = (id: string, regency: string, month: string, funding: string, n: number, amount: number) => ({
    payment_id: id,
    regency_code: regency,
    month,
    funding_source: funding,
    participants: String(n),
    amount_idr: String(amount),
    paid_on: `${month}-10`,
  });
  return {
    participants,
    targets: [target('33.01', 10), target('33.02', 20), target('35.09', 100), target('35.10', 50), target('52.03', 25)],
    budgets: [
      { regency_code: '33.01', fiscal_year: '2025', allocation_idr: '500000000' },
      { regency_code: '35.09', fiscal_year: '2025', allocation_idr: '1000000000' },
      { regency_code: '52.03', fiscal_year: '2025', allocation_idr: '800000000' },
    ],
    contributions: [
      pay('NP-1', '33.01', '2025-03', 'DBHCHT', 8, 134_400),
      pay('NP-2', '35.09', '2025-06', 'DBHCHT', 12, 201_600),
      pay('NP-3', '52.03', '2025-09', 'DBHCHT', 20, 336_000),
      pay('NP-4', '52.02', '2025-09', 'APBD', 5, 84_000),
    ],
  };
}
