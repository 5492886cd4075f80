/**
 * Who is covered when, summed per regency x month x funding source: the
 * headcount and what it costs. Payments, budgets and the planted payment
 * irregularities all derive from it, so they agree with the roster by construction.
 */
import { monthlyRate } from './rates.js';
import type { Period } from './roster.js';
import { FUNDING_SOURCES, type FundingSource } from './types.js';

const FUNDING_INDEX = new Map(FUNDING_SOURCES.map((source, index) => [source, index]));

export class CoverageTable {
  readonly months: number;
  private readonly regencyIndex: Map<string, number>;
  private readonly heads: Int32Array;
  private readonly cost: Float64Array;

  /** `first`..`last` are month indexes, both included. */
  constructor(
    readonly regencyCodes: readonly string[],
    readonly first: number,
    readonly last: number,
  ) {
    this.months = last - first + 1;
    this.regencyIndex = new Map(regencyCodes.map((code, index) => [code, index]));
    const cells = regencyCodes.length * this.months * FUNDING_SOURCES.length;
    this.heads = new Int32Array(cells);
    this.cost = new Float64Array(cells);
  }

  static fromPeriods(periods: readonly Period[], regencyCodes: readonly string[], first: number, last: number): CoverageTable {
    const table = new CoverageTable(regencyCodes, first, last);
    for (const period of periods) table.addPeriod(period);
    return table;
  }

  addPeriod(period: Period): void {
    const rate = monthlyRate(period.jht);
    const from = Math.max(period.start, this.first);
    const to = period.end === null ? this.last : Math.min(period.end, this.last);
    for (let month = from; month <= to; month++) {
      const cell = this.cell(period.regencyCode, month, period.funding);
      this.heads[cell] = (this.heads[cell] as number) + 1;
      this.cost[cell] = (this.cost[cell] as number) + rate;
    }
  }

  /** Participants covered. */
  headcount(regencyCode: string, month: number, funding: FundingSource): number {
    return this.heads[this.cell(regencyCode, month, funding)] as number;
  }

  /** What the covered participants cost that month, in rupiah. */
  expectedIdr(regencyCode: string, month: number, funding: FundingSource): number {
    return this.cost[this.cell(regencyCode, month, funding)] as number;
  }

  /** Sum of expectedIdr over the months of `year` inside the table. */
  expectedInYear(regencyCode: string, year: number, funding: FundingSource): number {
    let total = 0;
    for (let month = Math.max(year * 12, this.first); month <= Math.min(year * 12 + 11, this.last); month++) {
      total += this.expectedIdr(regencyCode, month, funding);
    }
    return total;
  }

  private cell(regencyCode: string, month: number, funding: FundingSource): number {
    const regency = this.regencyIndex.get(regencyCode);
    const source = FUNDING_INDEX.get(funding);
    if (regency === undefined || source === undefined || month < this.first || month > this.last) {
      throw new RangeError(`no coverage cell for ${regencyCode} month ${month} ${funding}`);
    }
    return (regency * this.months + (month - this.first)) * FUNDING_SOURCES.length + source;
  }
}
