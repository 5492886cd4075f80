/**
 * The measure catalogue: the semantic layer, declared as data (as in Cube). Each entry says what the
 * measure means, which source records feed it, how it aggregates over time, and which dimensions it
 * supports. The schema's Measure enum is generated from it (scripts/build-catalogue-schema.ts).
 */
import type { AttributeDimension, Dimension } from './dimensions.js';
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

export interface MeasureOperand {
  measure: string;
  /** A fixed filter applied to this operand only (e.g. payments funded by DBHCHT). */
  filter?: Partial<Record<AttributeDimension, readonly string[]>>;
}

export interface DerivedMeasure {
  kind: 'ratio' | 'difference';
  name: string;
  description: string;
  unit: Unit;
  left: MeasureOperand;
  right: MeasureOperand;
}

export type MeasureDefinition = BaseMeasure | DerivedMeasure;

const PARTICIPANT_DIMS = ['SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND'] as const;
const CLAIM_DIMS = ['SECTOR', 'PROGRAM', 'GENDER', 'AGE_BAND'] as const;
const ALL_LEVELS = ['PROVINCE', 'REGENCY', 'DISTRICT'] as const;
const PROVINCE_REGENCY = ['PROVINCE', 'REGENCY'] as const;

const coverage = <N extends string>(
  name: N,
  description: string,
  unit: Unit,
  temporal: Temporal,
  value: ValueRef,
): BaseMeasure & { name: N } => ({
  kind: 'base',
  name,
  description,
  unit,
  source: 'coverage',
  temporal,
  value,
  dimensions: PARTICIPANT_DIMS,
  regionLevels: ALL_LEVELS,
});

export const MEASURES = [
  coverage(
    'ACTIVE_PARTICIPANTS',
    "Distinct participants whose coverage includes the period's last month. Additive only because one participant has at most one coverage period in a month (overlaps are rejected at import).",
    'PARTICIPANTS',
    'stock',
    { field: 'act' },
  ),
  coverage('PARTICIPANT_MONTHS', "Sum over the period's months of the participants covered in that month.", 'PARTICIPANT_MONTHS', 'flow', {
    field: 'pm',
  }),
  coverage('NEW_ENROLLMENTS', 'Coverage periods whose start month falls in the period.', 'COUNT', 'flow', { field: 'new' }),
  coverage('TERMINATIONS', 'Coverage periods whose end month falls in the period.', 'COUNT', 'flow', { field: 'term' }),
  coverage(
    'EXPECTED_CONTRIBUTIONS_IDR',
    "For each month, the covered participants times that month's rate of each of their programs (JKK Rp 10,000 + JKM Rp 6,800 at the minimum declared income; JHT Rp 20,000).",
    'IDR',
    'flow',
    { perProgram: 'e' },
  ),
  {
    kind: 'base',
    name: 'CONTRIBUTIONS_IDR',
    description: 'Contributions paid: amounts of payments whose coverage month falls in the period.',
    unit: 'IDR',
    source: 'payments',
    temporal: 'flow',
    value: { field: 'paid' },
    dimensions: ['FUNDING_SOURCE'],
    regionLevels: PROVINCE_REGENCY,
  },
  {
    kind: 'base',
    name: 'BILLED_PARTICIPANTS',
    description: 'Participant-months billed by payments whose coverage month falls in the period.',
    unit: 'PARTICIPANT_MONTHS',
    source: 'payments',
    temporal: 'flow',
    value: { field: 'billed' },
    dimensions: ['FUNDING_SOURCE'],
    regionLevels: PROVINCE_REGENCY,
  },
  {
    kind: 'difference',
    name: 'CONTRIBUTION_GAP_IDR',
    description: 'Expected minus paid contributions (positive = underpaid).',
    unit: 'IDR',
    left: { measure: 'EXPECTED_CONTRIBUTIONS_IDR' },
    right: { measure: 'CONTRIBUTIONS_IDR' },
  },
  {
    kind: 'base',
    name: 'CLAIMS',
    description: "Claims paid in the period, attributed to the claimant's region, sector, gender and age band.",
    unit: 'COUNT',
    source: 'claims',
    temporal: 'flow',
    value: { field: 'n' },
    dimensions: CLAIM_DIMS,
    regionLevels: ALL_LEVELS,
  },
  {
    kind: 'base',
    name: 'CLAIMS_PAID_IDR',
    description: 'Amount of the claims paid in the period.',
    unit: 'IDR',
    source: 'claims',
    temporal: 'flow',
    value: { field: 'amt' },
    dimensions: CLAIM_DIMS,
    regionLevels: ALL_LEVELS,
  },
  {
    kind: 'base',
    name: 'TARGET_WORKERS',
    description:
      "Target population of the year the period ends in. A regency's all-sectors target when it has one, else the sum of its sector targets.",
    unit: 'PARTICIPANTS',
    source: 'targets',
    temporal: 'yearOfEnd',
    value: { target: true },
    dimensions: ['SECTOR'],
    regionLevels: PROVINCE_REGENCY,
  },
  {
    kind: 'ratio',
    name: 'COVERAGE_RATE',
    description: 'Programme coverage: ACTIVE_PARTICIPANTS / TARGET_WORKERS.',
    unit: 'RATIO',
    left: { measure: 'ACTIVE_PARTICIPANTS' },
    right: { measure: 'TARGET_WORKERS' },
  },
  {
    kind: 'base',
    name: 'BUDGET_IDR',
    description: 'DBHCHT allocation to social-security contributions of the fiscal year(s) the period covers.',
    unit: 'IDR',
    source: 'budgets',
    temporal: 'perYear',
    value: { field: 'alloc' },
    dimensions: [],
    regionLevels: PROVINCE_REGENCY,
  },
  {
    kind: 'ratio',
    name: 'BUDGET_REALIZATION_RATE',
    description: 'Contributions paid with DBHCHT funding / BUDGET_IDR.',
    unit: 'RATIO',
    left: { measure: 'CONTRIBUTIONS_IDR', filter: { FUNDING_SOURCE: ['DBHCHT'] } },
    right: { measure: 'BUDGET_IDR' },
  },
] as const satisfies readonly MeasureDefinition[];

/** The names of the catalogue's measures: the GraphQL Measure enum is generated from exactly these. */
export type MeasureName = (typeof MEASURES)[number]['name'];

const BY_NAME = new Map<string, MeasureDefinition>(MEASURES.map((m) => [m.name, m]));

/** A measure the type system knows is in the catalogue (e.g. a GraphQL Measure argument). */
export function measureDefinition(name: MeasureName): MeasureDefinition {
  return BY_NAME.get(name)!;
}

export function measureByName(name: string): MeasureDefinition | undefined {
  return BY_NAME.get(name);
}

export function requireMeasure(name: string): MeasureDefinition {
  const m = BY_NAME.get(name);
  if (!m) throw new Error(`Unknown measure ${name}`);
  return m;
}

/** The base measures a measure is computed from, with the operand filters that apply to each. */
export function baseOperands(name: string): Array<{ measure: BaseMeasure; filter: MeasureOperand['filter'] }> {
  const m = requireMeasure(name);
  if (m.kind === 'base') return [{ measure: m, filter: undefined }];
  return [m.left, m.right].map((op) => {
    const base = requireMeasure(op.measure);
    if (base.kind !== 'base') throw new Error(`${name}: operand ${op.measure} must be a base measure`);
    return { measure: base, filter: op.filter };
  });
}

/** Dimensions a measure supports: its own, or for a derived measure those both operands support. */
export function supportedDimensions(name: string): Set<Dimension> {
  const bases = baseOperands(name).map((o) => o.measure);
  const dims = new Set<Dimension>(['REGION']);
  for (const d of bases[0]!.dimensions) if (bases.every((b) => b.dimensions.includes(d))) dims.add(d);
  return dims;
}

export function supportedRegionLevels(name: string): RegionLevel[] {
  const bases = baseOperands(name).map((o) => o.measure);
  return bases[0]!.regionLevels.filter((l) => bases.every((b) => b.regionLevels.includes(l)));
}
