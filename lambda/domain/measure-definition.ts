/** The shapes of the measure catalogue's entries (lambda/domain/measure-catalogue.ts). Types only. */
import type { AttributeDimension } from './dimensions.js';
import type { RegionLevel } from './regions.js';

/** Fact sources: each raw record kind feeds one. */
export type Source = 'coverage' | 'payments' | 'claims' | 'budgets' | 'targets';

/**
 * How a base measure combines over time:
 * - flow: stored per bucket as the sum of its months; a range sums its buckets.
 * - stock: the value at the bucket's last month; a range takes its last bucket.
 * - yearOfEnd: a yearly figure, taken from the year the bucket (or range) ends in (targets).
 * - perYear: a yearly figure repeated for each bucket of the year; a range adds each year once (budgets).
 */
export type Temporal = 'flow' | 'stock' | 'yearOfEnd' | 'perYear';

export type Unit = 'PARTICIPANTS' | 'PARTICIPANT_MONTHS' | 'COUNT' | 'IDR' | 'RATIO';

/** Where a base measure's value sits in a rollup cell. */
export type ValueRef =
  | { field: string }
  /** Per-program fields `<prefix><PROGRAM>`: only the selected programs' fields are added up. */
  | { perProgram: string }
  /** Targets: a regency's all-sectors row when present, else the sum of its sector rows. */
  | { target: true };

export interface BaseMeasure {
  kind: 'base';
  name: string;
  description: string;
  unit: Unit;
  source: Source;
  temporal: Temporal;
  value: ValueRef;
  dimensions: readonly AttributeDimension[];
  regionLevels: readonly RegionLevel[];
}

/** Fixed sets of values per attribute dimension, applied on top of the query's own filter. */
export type FixedFilter = Partial<Record<AttributeDimension, readonly string[]>>;

export interface MeasureOperand {
  /** A base or a filtered measure. */
  measure: string;
  /** A fixed filter applied to this operand only (e.g. payments funded by DBHCHT). */
  filter?: FixedFilter;
}

export interface DerivedMeasure {
  kind: 'ratio' | 'difference';
  name: string;
  description: string;
  unit: Unit;
  left: MeasureOperand;
  right: MeasureOperand;
}

/**
 * A base measure restricted by a fixed filter, e.g. ACTIVE_PARTICIPANTS funded by DBHCHT. It keeps its
 * base's unit, temporal rule, rollups and dimensions; a query's own filter on the same dimension
 * narrows it further (both must hold), and small-cell suppression counts the filtered population.
 */
export interface FilteredMeasure {
  kind: 'filtered';
  name: string;
  description: string;
  /** A base measure. */
  measure: string;
  filter: FixedFilter;
}

export type MeasureDefinition = BaseMeasure | DerivedMeasure | FilteredMeasure;
