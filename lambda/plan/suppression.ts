/**
 * Small-cell suppression (statistical disclosure control) for callers who may see aggregates only.
 * Pure.
 *
 * The unit of suppression is a *population cell*: the people behind one row's figures from one fact
 * source (with the operand's fixed filter, if any). Its size is a lower bound of the distinct people in it:
 *   coverage  max(ACTIVE_PARTICIPANTS, ceil(PARTICIPANT_MONTHS / months of the period))
 *   claims    CLAIMS
 *   payments  ceil(BILLED_PARTICIPANTS / months of the period)
 * Budgets and targets are planning figures about regions, not people, and are never suppressed.
 *
 * Rules (docs/security.md):
 * 1. Primary: a cell of size 1..k-1 is suppressed, and so is a cell of size 0 that still carries a
 *    non-zero figure (money without a known headcount).
 * 2. Complementary: figures that add up must not let a suppressed cell be recomputed by subtraction. Within
 *    every additive group of the answer (the rows of one period; the rows of one period sharing all
 *    dimensions but one; the rows sharing all dimensions across periods; all rows with the totals) a group
 *    never has exactly one suppressed cell: the smallest other non-empty cell is suppressed too, or the
 *    group's total when there is none. Repeated until nothing changes.
 * 3. A measure is withheld (null, flagged) in a row when any population it rests on is suppressed there;
 *    so a ratio never reveals a suppressed count through its published denominator.
 *
 * Subtraction across *different* queries (asking the same figures at two breakdowns) is not fully
 * prevented by cell suppression; docs/security.md states the residual risk and the audit log records
 * every such query.
 */
import type { Dimension } from '../domain/dimensions.js';
import type { BaseMeasure, MeasureOperand, Source } from '../domain/measures.js';
import { requireMeasure } from '../domain/measures.js';

/** Sources whose cells count people. */
const PERSONAL_SOURCES: ReadonlySet<Source> = new Set(['coverage', 'claims', 'payments']);

/** The measures whose values give a population's size, per source. */
const FREQUENCY_MEASURES: Partial<Record<Source, readonly string[]>> = {
  coverage: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'],
  claims: ['CLAIMS'],
  payments: ['BILLED_PARTICIPANTS'],
};

export interface Operand {
  measure: BaseMeasure;
  filter: MeasureOperand['filter'];
}

export const operandKey = (o: Operand) => `${o.measure.name}${o.filter ? JSON.stringify(o.filter) : ''}`;

/** The population an operand's figures rest on, or undefined for non-personal sources. */
export function populationOf(o: Operand): string | undefined {
  if (!PERSONAL_SOURCES.has(o.measure.source)) return undefined;
  return `${o.measure.source}${o.filter ? JSON.stringify(o.filter) : ''}`;
}

/** The operands whose values give the size of `o`'s population (same source, same fixed filter). */
export function frequencyOperands(o: Operand): Operand[] {
  return (FREQUENCY_MEASURES[o.measure.source] ?? []).map((name) => ({ measure: requireMeasure(name) as BaseMeasure, filter: o.filter }));
}

/** Lower bound of the distinct people behind a population cell, from its frequency operands' values. */
export function populationSize(source: Source, value: (measure: string) => number, months: number): number {
  switch (source) {
    case 'coverage':
      return Math.max(value('ACTIVE_PARTICIPANTS'), Math.ceil(value('PARTICIPANT_MONTHS') / months));
    case 'claims':
      return value('CLAIMS');
    case 'payments':
      return Math.ceil(value('BILLED_PARTICIPANTS') / months);
    default:
      return Number.POSITIVE_INFINITY;
  }
}

export interface PopulationCell {
  /** Lower bound of the distinct people in the cell. */
  size: number;
  /** Whether any figure of the cell is non-zero (an absent cell needs no protection). */
  present: boolean;
}

export interface SuppressibleRow {
  bucket: string;
  dims: Partial<Record<Dimension, string>>;
  populations: Record<string, PopulationCell>;
}

export interface SuppressionPlan {
  /** Suppressed populations, per row (same order as the input). */
  rows: Array<Set<string>>;
  totals: Set<string>;
}

const TOTAL = -1;

/** Decides which population cells to suppress so that no cell of size below `k` can be read or derived. */
export function planSuppression(
  rows: readonly SuppressibleRow[],
  totals: Record<string, PopulationCell>,
  dimensions: readonly Dimension[],
  k: number,
): SuppressionPlan {
  const plan: SuppressionPlan = { rows: rows.map(() => new Set<string>()), totals: new Set<string>() };
  const populations = new Set<string>([...Object.keys(totals), ...rows.flatMap((r) => Object.keys(r.populations))]);
  const groups = additiveGroups(rows, dimensions);
  for (const population of populations) {
    const cell = (i: number) => (i === TOTAL ? totals[population] : rows[i]!.populations[population]);
    const suppressed = (i: number) => (i === TOTAL ? plan.totals : plan.rows[i]!).has(population);
    const suppress = (i: number) => (i === TOTAL ? plan.totals : plan.rows[i]!).add(population);
    const isSmall = (c: PopulationCell | undefined) => c !== undefined && c.present && c.size < k;

    rows.forEach((_, i) => isSmall(cell(i)) && suppress(i));
    if (isSmall(cell(TOTAL))) suppress(TOTAL);

    for (let changed = true; changed; ) {
      changed = false;
      for (const members of groups) {
        const present = members.filter((i) => cell(i)?.present);
        if (present.filter(suppressed).length !== 1) continue;
        const candidates = present.filter((i) => !suppressed(i) && i !== TOTAL);
        // The smallest partner hides the suppressed cell at the least loss of information.
        candidates.sort((a, b) => cell(a)!.size - cell(b)!.size || a - b);
        const partner = candidates[0] ?? (present.includes(TOTAL) && !suppressed(TOTAL) ? TOTAL : undefined);
        if (partner === undefined) continue;
        suppress(partner);
        changed = true;
      }
    }
  }
  return plan;
}

/** Row index sets whose figures add up to a figure that is published here or can be asked for. */
function additiveGroups(rows: readonly SuppressibleRow[], dimensions: readonly Dimension[]): number[][] {
  const groups = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const g = groups.get(key) ?? [];
    g.push(i);
    groups.set(key, g);
  };
  const dimKey = (r: SuppressibleRow, except?: Dimension) =>
    dimensions
      .filter((d) => d !== except)
      .map((d) => `${d}=${r.dims[d] ?? ''}`)
      .join('|');
  const lastBucket = rows.reduce<string | undefined>((last, r) => (last === undefined || r.bucket > last ? r.bucket : last), undefined);
  rows.forEach((r, i) => {
    add(`period:${r.bucket}`, i);
    for (const d of dimensions) add(`marginal:${r.bucket}:${d}:${dimKey(r, d)}`, i);
    if (dimensions.length > 0) add(`series:${dimKey(r)}`, i);
    add('all', i);
  });
  // The totals are the sum of all rows (flows) or of the last period's rows (stocks).
  groups.get('all')?.push(TOTAL);
  if (lastBucket !== undefined) groups.get(`period:${lastBucket}`)?.push(TOTAL);
  if (rows.length === 0) groups.set('all', [TOTAL]);
  return [...groups.values()];
}
