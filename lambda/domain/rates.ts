/**
 * Contribution rates for BPU participants as a table with effective dates, not constants: rates are set by
 * government regulation (PP 44/2015 and its amendments, PP 46/2015) and change over time.
 * The table ships as data in reference/contribution-rates.csv.
 */
import { parse } from 'csv-parse/sync';
import { isOneOf, PROGRAMS, type Program } from './codes.js';
import { isMonth, monthIndex, type Month } from './period.js';
import { compareOrdinal } from './ordinal.js';

export interface RateEntry {
  program: Program;
  effectiveFrom: Month;
  /** Inclusive; undefined = still in force. */
  effectiveTo: Month | undefined;
  monthlyIdr: number;
  basis: string;
}

export class RateTable {
  private readonly entries: RateEntry[];
  constructor(entries: RateEntry[]) {
    this.entries = [...entries].sort((a, b) => compareOrdinal(a.effectiveFrom, b.effectiveFrom));
    for (const p of PROGRAMS) {
      const list = this.entries.filter((e) => e.program === p);
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1]!;
        if (prev.effectiveTo === undefined || prev.effectiveTo >= list[i]!.effectiveFrom) {
          throw new Error(`Rate table: ${p} rates from ${prev.effectiveFrom} and ${list[i]!.effectiveFrom} overlap`);
        }
      }
    }
  }

  /** The monthly contribution of one participant for a program in a month, in rupiah. */
  monthlyRate(program: Program, month: Month): number {
    const m = monthIndex(month);
    const entry = this.entries.find(
      (e) =>
        e.program === program &&
        monthIndex(e.effectiveFrom) <= m &&
        (e.effectiveTo === undefined || m <= monthIndex(e.effectiveTo)),
    );
    if (!entry) throw new Error(`Rate table: no ${program} rate in force in ${month}`);
    return entry.monthlyIdr;
  }

  all(): readonly RateEntry[] {
    return this.entries;
  }
}

export function parseRateTable(csvText: string): RateTable {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return new RateTable(
    rows.map((r, i) => {
      const where = `contribution-rates.csv line ${i + 2}`;
      const program = r.program ?? '';
      if (!isOneOf(PROGRAMS, program)) throw new Error(`${where}: unknown program "${program}"`);
      const from = r.effective_from ?? '';
      const to = r.effective_to ?? '';
      if (!isMonth(from) || (to !== '' && !isMonth(to))) throw new Error(`${where}: effective months must be YYYY-MM`);
      const amount = Number(r.monthly_idr);
      if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`${where}: monthly_idr must be a whole rupiah amount`);
      return { program, effectiveFrom: from, effectiveTo: to || undefined, monthlyIdr: amount, basis: r.basis ?? '' };
    }),
  );
}
