/**
 * DBHCHT allocations (pagu) for social-security contributions, per regency
 * and fiscal year. Regencies budget a little more than their DBHCHT-funded
 * participants end up costing, so realization lands between 75 and 98 %.
 */
import type { CoverageTable } from './coverage-table.js';
import type { Rng } from './prng.js';

export interface Budget {
  regencyCode: string;
  fiscalYear: number;
  allocationIdr: number;
}

const MIN_REALIZATION = 0.75;
const MAX_REALIZATION = 0.98;
/** Regional budget documents state allocations in whole thousands of rupiah. */
const ROUNDING_IDR = 1_000;

/** One allocation per regency per year; a year without DBHCHT coverage reuses the regency's largest allocation. */
export function budgetsFor(table: CoverageTable, years: readonly number[], rng: Rng): Budget[] {
  const budgets: Budget[] = [];
  for (const regencyCode of table.regencyCodes) {
    const allocations = years.map((year) => {
      const cost = table.expectedInYear(regencyCode, year, 'DBHCHT');
      const realization = rng.between(MIN_REALIZATION, MAX_REALIZATION);
      return Math.ceil(cost / realization / ROUNDING_IDR) * ROUNDING_IDR;
    });
    const fallback = Math.max(0, ...allocations);
    years.forEach((fiscalYear, index) => {
      const allocation = allocations[index] as number;
      budgets.push({ regencyCode, fiscalYear, allocationIdr: allocation > 0 ? allocation : fallback });
    });
  }
  return budgets;
}
