/**
 * A small random data set within the import contract, generated independently of the product and of the
 * demo generator, so that figures can be checked against the reference implementation on data neither
 * was tuned for. Deterministic for a seed.
 */
export type Rows = Record<string, string>[];

export interface RandomDataset {
  participants: Rows;
  contributions: Rows;
  claims: Rows;
  budgets: Rows;
  targets: Rows;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECTORS = ['TOBACCO_FARM_WORKER', 'FOOD_CROP_FARMER', 'FISHER', 'RELIGIOUS_SOCIAL_WORKER', 'STREET_VENDOR'];
const FUNDING = ['DBHCHT', 'APBD', 'DBH_PAJAK'];
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const month = (i: number) => `${2024 + Math.floor(i / 12)}-${pad((i % 12) + 1, 2)}`;

export function randomDataset(seed: number, participants = 300, regencies = ['35.09', '35.10', '35.11']): RandomDataset {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: RandomDataset = { participants: [], contributions: [], claims: [], budgets: [], targets: [] };
  const covered: Array<{ id: string; regency: string; start: number; end: number }> = [];
  for (let i = 0; i < participants; i++) {
    const id = `1${pad(seed % 1000, 3)}${pad(i, 7)}`;
    const gender = r() < 0.4 ? 'P' : 'L';
    const year = 1950 + Math.floor(r() * 55);
    const mon = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const regency = pick(regencies);
    const district = r() < 0.15 ? '' : `${regency}.${pad(1 + Math.floor(r() * 4), 2)}`;
    const nik = `${regency.replace('.', '')}${pad(1 + Math.floor(r() * 4), 2)}${pad(gender === 'P' ? day + 40 : day, 2)}${pad(mon, 2)}${pad(year % 100, 2)}${pad(i % 10000, 4)}`;
    const person = { participant_id: id, nik, name: `Peserta ${i}`, gender, birth_date: `${year}-${pad(mon, 2)}-${pad(day, 2)}` };
    let start = Math.floor(r() * 20);
    const periods = r() < 0.2 ? 2 : 1;
    for (let p = 0; p < periods && start < 24; p++) {
      const ongoing = r() < 0.3;
      const end = ongoing ? 23 : Math.min(23, start + Math.floor(r() * 14));
      out.participants.push({
        ...person,
        regency_code: regency,
        district_code: district,
        sector: pick(SECTORS),
        programs: r() < 0.2 ? 'JKK+JKM+JHT' : 'JKK+JKM',
        funding_source: pick(FUNDING),
        start_month: month(start),
        end_month: ongoing ? '' : month(end),
      });
      covered.push({ id, regency, start, end });
      start = end + 1 + Math.floor(r() * 3);
      if (ongoing) break;
    }
  }
  let pay = 0;
  for (const regency of regencies) {
    for (let m = 0; m < 24; m++) {
      for (const funding of FUNDING) {
        if (r() < 0.3) continue;
        const n = Math.floor(r() * 50);
        out.contributions.push({
          payment_id: `PAY-${seed}-${pay++}`,
          regency_code: regency,
          month: month(m),
          funding_source: funding,
          participants: String(n),
          amount_idr: String(n * 16_800 - (r() < 0.2 ? 5_000 : 0) + (n === 0 ? 5_000 : 0)),
          paid_on: `${month(m)}-${pad(5 + Math.floor(r() * 10), 2)}`,
        });
      }
    }
    for (const year of [2024, 2025]) {
      out.budgets.push({ regency_code: regency, fiscal_year: String(year), allocation_idr: String(1_000_000_000 + Math.floor(r() * 9e9)) });
      if (r() < 0.7) out.targets.push({ regency_code: regency, year: String(year), sector: '', target_workers: String(100 + Math.floor(r() * 300)) });
      for (const sector of SECTORS.slice(0, 2)) {
        out.targets.push({ regency_code: regency, year: String(year), sector, target_workers: String(20 + Math.floor(r() * 100)) });
      }
    }
  }
  for (let c = 0; c < Math.max(5, participants / 10); c++) {
    const who = pick(covered);
    const eventMonth = Math.min(23, who.start + Math.floor(r() * (who.end - who.start + 3)));
    const paidMonth = Math.min(23, eventMonth + Math.floor(r() * 2));
    const program = r() < 0.3 ? 'JKM' : 'JKK';
    out.claims.push({
      claim_id: `CLM-${seed}-${c}`,
      participant_id: who.id,
      program,
      event_date: `${month(eventMonth)}-03`,
      paid_on: `${month(paidMonth)}-25`,
      amount_idr: program === 'JKM' ? '42000000' : String(1_000_000 + Math.floor(r() * 40) * 250_000),
    });
  }
  return out;
}

/** CSV text of rows (values here never need quoting except names, which have no comma). */
export function toCsv(rows: Rows, columns?: string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  return [cols.join(','), ...rows.map((row) => cols.map((c) => row[c] ?? '').join(','))].join('\n') + '\n';
}
