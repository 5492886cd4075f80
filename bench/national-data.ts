/**
 * The national benchmark's data: every regency and city of Indonesia (514 in idn-area-data) with the same
 * modest number of participants, so that the two scales differ only in people per regency, not in shape.
 * Independent of the demo generator (which plans only a few provinces, calibrated to published figures)
 * and deterministic for a seed. Rows are in the import contract (docs/import-format.md) and pass the importer.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { FUNDING_SOURCES, SECTORS } from '../lambda/domain/codes.js';
import type { RegionCatalog } from '../lambda/domain/regions.js';
import type { ImportKind } from '../lambda/domain/validation.js';

type Row = Record<string, string>;

/** Mulberry32: small, fast and good enough to spread people over cells. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const MONTHS = 24; // 2024-01 .. 2025-12
const month = (i: number) => `${2024 + Math.floor(i / 12)}-${pad((i % 12) + 1, 2)}`;
/** Rp 16,800 a month: JKK 0.24 % + JKM Rp 6,800 on a declared income of Rp 1,000,000 (PP 44/2015 as amended). */
const MONTHLY_IDR = 16_800;

export interface NationalDataset {
  regencies: number;
  participants: number;
  /** Regencies none of whose participants is covered in the last month (`lastMonth`): they have no rollup cells then. */
  regenciesWithoutActive: number;
  lastMonth: string;
  files: Array<{ kind: ImportKind; file: string; rows: number }>;
}

/** Writes one CSV per import kind into `dir`. */
export function writeNationalDataset(dir: string, regions: RegionCatalog, perRegency: number, seed = 1): NationalDataset {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const regencies = regions.provinces().flatMap((p) => regions.children(p.code, 'REGENCY'));
  const rows: Record<ImportKind, Row[]> = { participants: [], contributions: [], claims: [], budgets: [], targets: [] };
  let serial = 0;
  let payment = 0;
  let regenciesWithoutActive = 0;
  for (const regency of regencies) {
    const districts = regions.districtsOf(regency.code);
    const covered: Array<{ id: string; start: number; end: number }> = [];
    const dbhchtActive = new Array<number>(MONTHS).fill(0);
    for (let i = 0; i < perRegency; i++) {
      const id = `5${pad(serial++, 10)}`;
      const woman = r() < 0.35;
      const year = 1960 + Math.floor(r() * 45);
      const mon = 1 + Math.floor(r() * 12);
      const day = 1 + Math.floor(r() * 28);
      const district = districts.length > 0 && r() < 0.85 ? pick(districts).code : '';
      const districtDigits = district ? district.slice(-2) : '01';
      const nik = `${regency.code.replace('.', '')}${districtDigits}${pad(woman ? day + 40 : day, 2)}${pad(mon, 2)}${pad(year % 100, 2)}${pad(i % 10_000, 4)}`;
      const start = Math.floor(r() * 20);
      const ongoing = r() < 0.4;
      const end = ongoing ? MONTHS - 1 : Math.min(MONTHS - 1, start + 2 + Math.floor(r() * 12));
      const funding = r() < 0.6 ? 'DBHCHT' : pick(FUNDING_SOURCES);
      rows.participants.push({
        participant_id: id,
        nik,
        name: `Peserta ${id}`,
        gender: woman ? 'P' : 'L',
        birth_date: `${year}-${pad(mon, 2)}-${pad(day, 2)}`,
        regency_code: regency.code,
        district_code: district,
        sector: pick(SECTORS),
        programs: r() < 0.15 ? 'JKK+JKM+JHT' : 'JKK+JKM',
        funding_source: funding,
        start_month: month(start),
        end_month: ongoing ? '' : month(end),
      });
      covered.push({ id, start, end });
      if (funding === 'DBHCHT') for (let m = start; m <= end; m++) dbhchtActive[m]!++;
    }
    if (!covered.some((c) => c.end === MONTHS - 1)) regenciesWithoutActive++;
    // The regency pays the DBHCHT contributions monthly, now and then short by a few people.
    for (let m = 0; m < MONTHS; m++) {
      const n = Math.max(0, dbhchtActive[m]! - (r() < 0.1 ? 1 : 0));
      if (n === 0) continue;
      rows.contributions.push({
        payment_id: `NAT-${seed}-${payment++}`,
        regency_code: regency.code,
        month: month(m),
        funding_source: 'DBHCHT',
        participants: String(n),
        amount_idr: String(n * MONTHLY_IDR),
        paid_on: `${month(m)}-${pad(5 + Math.floor(r() * 15), 2)}`,
      });
    }
    for (const year of [2024, 2025]) {
      rows.budgets.push({ regency_code: regency.code, fiscal_year: String(year), allocation_idr: String(perRegency * 12 * MONTHLY_IDR * (1 + Math.floor(r() * 3))) });
      rows.targets.push({ regency_code: regency.code, year: String(year), sector: '', target_workers: String(Math.ceil(perRegency * (1 + r()))) });
    }
    for (let c = 0; c < Math.max(1, Math.round(perRegency / 10)); c++) {
      const who = pick(covered);
      const event = who.start + Math.floor(r() * (who.end - who.start + 1));
      const jkm = r() < 0.3;
      rows.claims.push({
        claim_id: `NATC-${seed}-${regency.code}-${c}`,
        participant_id: who.id,
        program: jkm ? 'JKM' : 'JKK',
        event_date: `${month(event)}-03`,
        paid_on: `${month(Math.min(MONTHS - 1, event + 1))}-25`,
        amount_idr: jkm ? '42000000' : String(1_000_000 + Math.floor(r() * 40) * 250_000),
      });
    }
  }
  mkdirSync(dir, { recursive: true });
  const files = (Object.keys(rows) as ImportKind[]).map((kind) => {
    const file = join(dir, `${kind}.csv`);
    writeFileSync(file, stringify(rows[kind], { header: true }));
    return { kind, file, rows: rows[kind].length };
  });
  return { regencies: regencies.length, participants: rows.participants.length, regenciesWithoutActive, lastMonth: month(MONTHS - 1), files };
}
