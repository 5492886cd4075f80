/**
 * A small hand-built dataset for the access, privacy and audit tests, with figures that can be counted
 * by eye. All participants are covered 2025-01 .. ongoing, so each count below holds for 2025-06.
 *
 *   35.09 Jember      10 TOBACCO_FARM_WORKER (DBHCHT) + 2 FISHER (APBD)  = 12 active
 *   35.10 Banyuwangi   3 FISHER (DBHCHT)                                  =  3 active  (a small cell: k = 10)
 *   35.11 Bondowoso   11 TOBACCO_FARMER (DBHCHT)                          = 11 active
 *   province 35                                                           = 26 active
 *
 * One JKM death claim of Rp 42,000,000 in Jember (2025-05): a count of one, sensitive by nature.
 * Targets 2025: 35.09 100, 35.10 50, 35.11 40. DBHCHT budget 2025: 35.09 Rp 1,000,000,000.
 */
type Row = Record<string, string>;

export interface Person {
  participantId: string;
  nik: string;
  name: string;
  regency: string;
  sector: string;
  funding: string;
}

/** NIK: registration region digits, DDMMYY of 1990-01-01 (men: day as is), a serial. */
function nik(regency: string, serial: number): string {
  return `${regency.replace('.', '')}01010190${String(serial).padStart(4, '0')}`;
}

const GROUPS = [
  { regency: '35.09', sector: 'TOBACCO_FARM_WORKER', funding: 'DBHCHT', count: 10 },
  { regency: '35.09', sector: 'FISHER', funding: 'APBD', count: 2 },
  { regency: '35.10', sector: 'FISHER', funding: 'DBHCHT', count: 3 },
  { regency: '35.11', sector: 'TOBACCO_FARMER', funding: 'DBHCHT', count: 11 },
];

export const PEOPLE: Person[] = GROUPS.flatMap((g, gi) =>
  Array.from({ length: g.count }, (_, i) => {
    const serial = gi * 100 + i + 1;
    return {
      participantId: String(30_000_000_000 + serial),
      nik: nik(g.regency, serial),
      name: `Peserta ${gi}-${i}`,
      regency: g.regency,
      sector: g.sector,
      funding: g.funding,
    };
  }),
);

export const ACTIVE_2025_06 = { '35.09': 12, '35.10': 3, '35.11': 11, '35': 26 } as const;

export function securityDataset(): Record<'participants' | 'claims' | 'targets' | 'budgets' | 'contributions', Row[]> {
  const participants = PEOPLE.map((p) => ({
    participant_id: p.participantId,
    nik: p.nik,
    name: p.name,
    gender: 'L',
    birth_date: '1990-01-01',
    regency_code: p.regency,
    district_code: '',
    sector: p.sector,
    programs: 'JKK+JKM',
    funding_source: p.funding,
    start_month: '2025-01',
    end_month: '',
  }));
  const jember = PEOPLE.find((p) => p.regency === '35.09')!;
  return {
    participants,
    claims: [{ claim_id: 'CL-1', participant_id: jember.participantId, program: 'JKM', event_date: '2025-05-10', paid_on: '2025-05-20', amount_idr: '42000000' }],
    targets: [
      { regency_code: '35.09', year: '2025', sector: '', target_workers: '100' },
      { regency_code: '35.10', year: '2025', sector: '', target_workers: '50' },
      { regency_code: '35.11', year: '2025', sector: '', target_workers: '40' },
    ],
    budgets: [{ regency_code: '35.09', fiscal_year: '2025', allocation_idr: '1000000000' }],
    contributions: [
      { payment_id: 'PAY-1', regency_code: '35.09', month: '2025-06', funding_source: 'DBHCHT', participants: '10', amount_idr: '168000', paid_on: '2025-06-10' },
    ],
  };
}
