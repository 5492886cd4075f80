/**
 * The test reference for `stats`: every measure of docs/semantics computed the slow, obvious
 * way, by walking each bucket's months over every record. It shares no code with lambda/ so
 * that a misunderstanding has to be made twice, independently, before a test passes with it.
 */
import type { Bucket } from './calendar.js';
import { ageBandOf, ageOn } from './calendar.js';
import type { Base, Bases, Dimension, Measure, RefQuery, RefResult, RefRow, RegionLevel, ValidQuery } from './catalogue.js';
import { validate, valueOf, zeroBases } from './catalogue.js';
import type { Claim, CoveragePeriod, Dataset, Program } from './dataset.js';

/** The facts a record brings to dimensions and filters; undefined = this source has no such dimension. */
interface Facts {
  regencyCode: string;
  districtCode: string | null;
  sector?: string;
  fundingSource?: string;
  gender?: string;
  birthDate?: string;
  program?: string;
}

/** A period without district sits under `<regency>.00`, "district unknown", at DISTRICT level. */
function finestRegionCode(f: Facts, districtKnowable: boolean): string {
  if (!districtKnowable) return f.regencyCode;
  return f.districtCode ?? `${f.regencyCode}.00`;
}

function regionAt(f: Facts, level: RegionLevel): string {
  if (level === 'PROVINCE') return f.regencyCode.split('.')[0]!;
  if (level === 'REGENCY') return f.regencyCode;
  return f.districtCode ?? `${f.regencyCode}.00`;
}

function dimensionValue(f: Facts, d: Dimension, q: ValidQuery, bucket: Bucket): string {
  const missing = (): never => {
    throw new Error(`reference bug: record has no ${d}`);
  };
  switch (d) {
    case 'REGION': return regionAt(f, q.regionLevel);
    case 'SECTOR': return f.sector ?? missing();
    case 'PROGRAM': return f.program ?? missing();
    case 'FUNDING_SOURCE': return f.fundingSource ?? missing();
    case 'GENDER': return f.gender ?? missing();
    case 'AGE_BAND': return ageBandOf(ageOn(f.birthDate ?? missing(), bucket.lastDay));
  }
}

/** Every filter except PROGRAM (periods apply it to their program list, claims to their program). */
function passesFilters(f: Facts, q: ValidQuery, bucket: Bucket, districtKnowable: boolean): boolean {
  for (const [d, allowed] of Object.entries(q.filter) as [Dimension, string[]][]) {
    if (d === 'PROGRAM') continue;
    if (d === 'REGION') {
      const code = finestRegionCode(f, districtKnowable);
      if (!allowed.some((r) => code === r || code.startsWith(`${r}.`))) return false;
    } else if (!allowed.includes(dimensionValue(f, d, q, bucket))) {
      return false;
    }
  }
  return true;
}

type Cells = Map<string, { dims: string[]; bases: Bases }>;

function cellFor(cells: Cells, dims: string[]): Bases {
  const key = JSON.stringify(dims);
  let cell = cells.get(key);
  if (!cell) {
    cell = { dims, bases: zeroBases() };
    cells.set(key, cell);
  }
  return cell.bases;
}

function covers(p: CoveragePeriod, month: string): boolean {
  return p.startMonth <= month && (p.endMonth === null || month <= p.endMonth);
}

function rateOf(data: Dataset, program: Program, month: string): number {
  const found = data.rates.filter(
    (r) => r.program === program && r.effectiveFrom <= month && (r.effectiveTo === null || month <= r.effectiveTo),
  );
  if (found.length !== 1) throw new Error(`reference: ${found.length} rates of ${program} in force in ${month}`);
  return found[0]!.monthlyIdr;
}

/** The claimant's period covering the event month, else the latest starting by then, else the earliest. */
export function attributeClaim(data: Dataset, claim: Claim): CoveragePeriod {
  const own = data.periods.filter((p) => p.participantId === claim.participantId);
  if (own.length === 0) throw new Error(`reference: claim ${claim.claimId} names an unknown participant`);
  const eventMonth = claim.eventDate.slice(0, 7);
  const covering = own.find((p) => covers(p, eventMonth));
  if (covering) return covering;
  let latest: CoveragePeriod | undefined;
  for (const p of own) {
    if (p.startMonth <= eventMonth && (!latest || p.startMonth > latest.startMonth)) latest = p;
  }
  if (latest) return latest;
  let earliest = own[0]!;
  for (const p of own) if (p.startMonth < earliest.startMonth) earliest = p;
  return earliest;
}

function needs(q: ValidQuery, ...bases: Base[]): boolean {
  return bases.some((b) => q.bases.has(b));
}

/** All base values of one bucket, per combination of the query's dimension values. */
function cellsOfBucket(data: Dataset, q: ValidQuery, bucket: Bucket): Cells {
  const cells: Cells = new Map();
  const dimsOf = (f: Facts) => q.dimensions.map((d) => dimensionValue(f, d, q, bucket));

  if (needs(q, 'active', 'participantMonths', 'newEnrollments', 'terminations', 'expected')) {
    for (const p of data.periods) {
      const facts: Facts = { ...p };
      if (!passesFilters(facts, q, bucket, true)) continue;
      const programs = p.programs.filter((g) => !q.filter.PROGRAM || q.filter.PROGRAM.includes(g));
      if (programs.length === 0) continue;
      // Under a PROGRAM dimension a JKK+JKM+JHT period counts once under each of its programs.
      const views = q.dimensions.includes('PROGRAM') ? programs.map((g) => [g]) : [programs];
      for (const view of views) {
        const b = cellFor(cells, dimsOf({ ...facts, program: view[0] }));
        if (covers(p, bucket.lastMonth)) b.active += 1;
        for (const month of bucket.months) {
          if (!covers(p, month)) continue;
          b.participantMonths += 1;
          for (const g of view) b.expected += rateOf(data, g, month);
        }
        if (bucket.months.includes(p.startMonth)) b.newEnrollments += 1;
        if (p.endMonth !== null && bucket.months.includes(p.endMonth)) b.terminations += 1;
      }
    }
  }

  if (needs(q, 'contributions', 'dbhchtContributions', 'billed')) {
    for (const pay of data.payments) {
      if (!bucket.months.includes(pay.month)) continue;
      const facts: Facts = { regencyCode: pay.regencyCode, districtCode: null, fundingSource: pay.fundingSource };
      if (!passesFilters(facts, q, bucket, false)) continue;
      const b = cellFor(cells, dimsOf(facts));
      b.contributions += pay.amountIdr;
      b.billed += pay.participants;
      if (pay.fundingSource === 'DBHCHT') b.dbhchtContributions += pay.amountIdr;
    }
  }

  if (needs(q, 'claims', 'claimsPaid')) {
    for (const claim of data.claims) {
      if (!bucket.months.includes(claim.paidOn.slice(0, 7))) continue;
      const p = attributeClaim(data, claim);
      const facts: Facts = {
        regencyCode: p.regencyCode, districtCode: p.districtCode, sector: p.sector,
        gender: p.gender, birthDate: p.birthDate, program: claim.program,
      };
      if (!passesFilters(facts, q, bucket, true)) continue;
      if (q.filter.PROGRAM && !q.filter.PROGRAM.includes(claim.program)) continue;
      const b = cellFor(cells, dimsOf(facts));
      b.claims += 1;
      b.claimsPaid += claim.amountIdr;
    }
  }

  if (needs(q, 'targets')) {
    const ofYear = data.targets.filter((t) => t.year === bucket.year);
    if (q.dimensions.includes('SECTOR') || q.filter.SECTOR) {
      // Cut or filtered by sector: only sector rows can answer.
      for (const t of ofYear) {
        if (t.sector === null) continue;
        const facts: Facts = { regencyCode: t.regencyCode, districtCode: null, sector: t.sector };
        if (!passesFilters(facts, q, bucket, false)) continue;
        cellFor(cells, dimsOf(facts)).targets += t.targetWorkers;
      }
    } else {
      const regencies = [...new Set(ofYear.map((t) => t.regencyCode))];
      for (const regencyCode of regencies) {
        const facts: Facts = { regencyCode, districtCode: null };
        if (!passesFilters(facts, q, bucket, false)) continue;
        const rows = ofYear.filter((t) => t.regencyCode === regencyCode);
        const allSectors = rows.filter((t) => t.sector === null);
        // A regency's own all-sectors figure wins over the sum of its sector rows.
        const chosen = allSectors.length > 0 ? allSectors : rows;
        let target = 0;
        for (const t of chosen) target += t.targetWorkers;
        cellFor(cells, dimsOf(facts)).targets += target;
      }
    }
  }

  if (needs(q, 'budget')) {
    for (const budget of data.budgets) {
      if (budget.fiscalYear !== bucket.year) continue;
      const facts: Facts = { regencyCode: budget.regencyCode, districtCode: null };
      if (!passesFilters(facts, q, bucket, false)) continue;
      cellFor(cells, dimsOf(facts)).budget += budget.allocationIdr;
    }
  }
  return cells;
}

function compareRows(dimensions: string[]) {
  // Plain code-unit order (not localeCompare) so the order never depends on the machine's locale.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return (a: RefRow, b: RefRow): number => {
    const byPeriod = cmp(a.period, b.period);
    if (byPeriod !== 0) return byPeriod;
    for (const d of dimensions) {
      const byDim = cmp(a.dims[d]!, b.dims[d]!);
      if (byDim !== 0) return byDim;
    }
    return 0;
  };
}

function valuesOf(measures: Measure[], b: Bases): Record<string, number | null> {
  const values: Record<string, number | null> = {};
  for (const m of measures) values[m] = valueOf(m, b);
  return values;
}

/**
 * `stats` as docs/semantics defines it: one row per bucket and combination of dimension values
 * where one of the query's base values is non-zero, and grand totals over the range.
 */
export function referenceStats(data: Dataset, query: RefQuery): RefResult {
  const q = validate(query);
  const rows: RefRow[] = [];
  for (const bucket of q.buckets) {
    for (const { dims, bases } of cellsOfBucket(data, q, bucket).values()) {
      if (![...q.bases].some((base) => bases[base] !== 0)) continue;
      const named: Record<string, string> = {};
      q.dimensions.forEach((d, i) => (named[d] = dims[i]!));
      rows.push({ period: bucket.label, dims: named, values: valuesOf(q.measures, bases) });
    }
  }
  rows.sort(compareRows(q.dimensions));

  // Totals: the same computation with no dimension, then flows summed, stocks from the last
  // bucket, and each fiscal year's budget counted once however many buckets it spans.
  const total = zeroBases();
  const countedYears = new Set<number>();
  const noDimensions: ValidQuery = { ...q, dimensions: [] };
  q.buckets.forEach((bucket, i) => {
    const b = cellsOfBucket(data, noDimensions, bucket).get(JSON.stringify([]))?.bases ?? zeroBases();
    const isLast = i === q.buckets.length - 1;
    total.participantMonths += b.participantMonths;
    total.newEnrollments += b.newEnrollments;
    total.terminations += b.terminations;
    total.expected += b.expected;
    total.contributions += b.contributions;
    total.dbhchtContributions += b.dbhchtContributions;
    total.billed += b.billed;
    total.claims += b.claims;
    total.claimsPaid += b.claimsPaid;
    if (isLast) {
      total.active = b.active;
      total.targets = b.targets;
    }
    if (!countedYears.has(bucket.year)) {
      countedYears.add(bucket.year);
      total.budget += b.budget;
    }
  });
  return { rows, totals: valuesOf(q.measures, total) };
}
