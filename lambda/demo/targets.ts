/**
 * Target populations (sasaran, from DTSEN) per regency and year. They are set
 * from the roster so that programme coverage (active participants in December
 * / target) looks like what regencies report: 30-80 % in most, Ponorogo and
 * Jember near the top (Jember ranked second in East Java in July 2025).
 * Targets move little between years: DTSEN is revised, not rebuilt.
 */
import type { RegencyProfile } from './calibration.js';
import { covers } from './claims.js';
import type { Rng } from './prng.js';
import type { Period } from './roster.js';
import { TOBACCO_SECTORS, type Sector } from './types.js';

export interface Target {
  regencyCode: string;
  year: number;
  /** '' = all sectors. */
  sector: Sector | '';
  targetWorkers: number;
}

const MIN_DRAWN_COVERAGE = 0.3;
const MAX_DRAWN_COVERAGE = 0.8;
/** No target is set below what the regency already covers / this (coverage stays under 95 %). */
const MAX_COVERAGE = 0.95;

/**
 * `months` are the month indexes whose coverage each target year is measured
 * at (December, or the window's last month), in year order.
 */
export function targetsFor(
  profiles: readonly RegencyProfile[],
  periods: readonly Period[],
  years: readonly number[],
  months: readonly number[],
  rng: Rng,
): Target[] {
  const active = activeCounts(periods, months);
  const targets: Target[] = [];
  for (const profile of profiles) {
    const regency = active.get(profile.code);
    const all = regency?.all ?? months.map(() => 0);
    const coverage = profile.coverage2025 ?? rng.between(MIN_DRAWN_COVERAGE, MAX_DRAWN_COVERAGE);
    const allTargets = yearTargets(all, coverage, rng);
    const rows: Target[] = [];
    allTargets.forEach((target, index) => rows.push(row(profile.code, years, index, '', target)));
    if (profile.tobacco) {
      // Sectors the regency enrols, not whatever sector a stray (planted) participant brings along.
      const enrolled = new Set(profile.cohorts.map((cohort) => cohort.sector));
      for (const sector of TOBACCO_SECTORS.filter((tobaccoSector) => enrolled.has(tobaccoSector))) {
        const counts = regency?.bySector.get(sector) ?? months.map(() => 0);
        const last = counts[counts.length - 1] ?? 0;
        const share = last / Math.max(1, all[all.length - 1] ?? 0);
        // A sector target above the all-sector target would be nonsense: keep sector coverage above the share.
        const sectorCoverage = Math.min(MAX_COVERAGE, Math.max(rng.between(0.4, 0.9), coverage * share * 1.1));
        yearTargets(counts, sectorCoverage, rng).forEach((target, index) => rows.push(row(profile.code, years, index, sector, target)));
      }
    }
    rows.sort((a, b) => a.year - b.year || (a.sector === '' ? -1 : b.sector === '' ? 1 : a.sector < b.sector ? -1 : 1));
    targets.push(...rows.filter((target) => target.targetWorkers > 0));
  }
  return targets;
}

/** The last year's target hits `coverage`; earlier years' move a few percent around it. */
function yearTargets(activeByYear: readonly number[], coverage: number, rng: Rng): number[] {
  const last = activeByYear[activeByYear.length - 1] ?? 0;
  const base = Math.round((last > 0 ? last : Math.max(0, ...activeByYear)) / coverage);
  return activeByYear.map((count, index) => {
    if (index === activeByYear.length - 1 && last > 0) return base;
    return Math.max(Math.round(base * rng.between(0.95, 1.05)), Math.ceil(count / MAX_COVERAGE));
  });
}

function row(regencyCode: string, years: readonly number[], index: number, sector: Sector | '', targetWorkers: number): Target {
  return { regencyCode, year: years[index] as number, sector, targetWorkers };
}

interface RegencyCounts {
  /** Active periods per measurement month, all sectors. */
  all: number[];
  bySector: Map<Sector, number[]>;
}

/** Periods covering each measurement month, per regency and per regency x sector. */
function activeCounts(periods: readonly Period[], months: readonly number[]): Map<string, RegencyCounts> {
  const counts = new Map<string, RegencyCounts>();
  for (const period of periods) {
    let regency = counts.get(period.regencyCode);
    if (!regency) {
      regency = { all: months.map(() => 0), bySector: new Map() };
      counts.set(period.regencyCode, regency);
    }
    let sector = regency.bySector.get(period.sector);
    if (!sector) {
      sector = months.map(() => 0);
      regency.bySector.set(period.sector, sector);
    }
    for (let index = 0; index < months.length; index++) {
      if (!covers(period, months[index] as number)) continue;
      regency.all[index] = (regency.all[index] as number) + 1;
      sector[index] = (sector[index] as number) + 1;
    }
  }
  return counts;
}
