/**
 * What the test reference knows about a query before touching data: the measures, what
 * each is made of and may be cut by (docs/semantics), and the refusal of anything else.
 */
import type { Bucket, Granularity } from './calendar.js';
import { bucketsBetween } from './calendar.js';

export const MEASURES = [
  'ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'NEW_ENROLLMENTS', 'TERMINATIONS', 'EXPECTED_CONTRIBUTIONS_IDR',
  'CONTRIBUTIONS_IDR', 'BILLED_PARTICIPANTS', 'CONTRIBUTION_GAP_IDR', 'CLAIMS', 'CLAIMS_PAID_IDR',
  'TARGET_WORKERS', 'COVERAGE_RATE', 'BUDGET_IDR', 'BUDGET_REALIZATION_RATE',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Dimension = 'REGION' | 'SECTOR' | 'PROGRAM' | 'FUNDING_SOURCE' | 'GENDER' | 'AGE_BAND';
export type RegionLevel = 'PROVINCE' | 'REGENCY' | 'DISTRICT';

export interface RefQuery {
  measures: string[];
  dimensions: string[];
  /** Used when REGION is a dimension; defaults to REGENCY. */
  regionLevel?: RegionLevel;
  filter?: Partial<Record<Dimension, string[]>>;
  from: string;
  to: string;
  granularity: Granularity;
}

export interface RefRow {
  period: string;
  /** One entry per requested dimension. */
  dims: Record<string, string>;
  /** One entry per requested measure. */
  values: Record<string, number | null>;
}

export interface RefResult {
  rows: RefRow[];
  totals: Record<string, number | null>;
}

/** The additive quantities every measure is made of. */
export type Base =
  | 'active' | 'participantMonths' | 'newEnrollments' | 'terminations' | 'expected'
  | 'contributions' | 'dbhchtContributions' | 'billed' | 'claims' | 'claimsPaid' | 'targets' | 'budget';
export type Bases = Record<Base, number>;

const ALL_REGION_LEVELS: RegionLevel[] = ['PROVINCE', 'REGENCY', 'DISTRICT'];
const REGENCY_LEVELS: RegionLevel[] = ['PROVINCE', 'REGENCY'];
const PERIOD_DIMENSIONS: Dimension[] = ['REGION', 'SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND'];

/** What each measure is made of and which dimensions it can be cut by (docs/semantics). */
const CATALOGUE: Record<Measure, { bases: Base[]; dimensions: Dimension[]; regionLevels: RegionLevel[] }> = {
  ACTIVE_PARTICIPANTS: { bases: ['active'], dimensions: PERIOD_DIMENSIONS, regionLevels: ALL_REGION_LEVELS },
  PARTICIPANT_MONTHS: { bases: ['participantMonths'], dimensions: PERIOD_DIMENSIONS, regionLevels: ALL_REGION_LEVELS },
  NEW_ENROLLMENTS: { bases: ['newEnrollments'], dimensions: PERIOD_DIMENSIONS, regionLevels: ALL_REGION_LEVELS },
  TERMINATIONS: { bases: ['terminations'], dimensions: PERIOD_DIMENSIONS, regionLevels: ALL_REGION_LEVELS },
  EXPECTED_CONTRIBUTIONS_IDR: { bases: ['expected'], dimensions: PERIOD_DIMENSIONS, regionLevels: ALL_REGION_LEVELS },
  CONTRIBUTIONS_IDR: { bases: ['contributions'], dimensions: ['REGION', 'FUNDING_SOURCE'], regionLevels: REGENCY_LEVELS },
  BILLED_PARTICIPANTS: { bases: ['billed'], dimensions: ['REGION', 'FUNDING_SOURCE'], regionLevels: REGENCY_LEVELS },
  CONTRIBUTION_GAP_IDR: {
    bases: ['expected', 'contributions'], dimensions: ['REGION', 'FUNDING_SOURCE'], regionLevels: REGENCY_LEVELS,
  },
  CLAIMS: { bases: ['claims'], dimensions: ['REGION', 'SECTOR', 'PROGRAM', 'GENDER', 'AGE_BAND'], regionLevels: ALL_REGION_LEVELS },
  CLAIMS_PAID_IDR: {
    bases: ['claimsPaid'], dimensions: ['REGION', 'SECTOR', 'PROGRAM', 'GENDER', 'AGE_BAND'], regionLevels: ALL_REGION_LEVELS,
  },
  TARGET_WORKERS: { bases: ['targets'], dimensions: ['REGION', 'SECTOR'], regionLevels: REGENCY_LEVELS },
  COVERAGE_RATE: { bases: ['active', 'targets'], dimensions: ['REGION', 'SECTOR'], regionLevels: REGENCY_LEVELS },
  BUDGET_IDR: { bases: ['budget'], dimensions: ['REGION'], regionLevels: REGENCY_LEVELS },
  BUDGET_REALIZATION_RATE: { bases: ['dbhchtContributions', 'budget'], dimensions: ['REGION'], regionLevels: REGENCY_LEVELS },
};

export function zeroBases(): Bases {
  return {
    active: 0, participantMonths: 0, newEnrollments: 0, terminations: 0, expected: 0, contributions: 0,
    dbhchtContributions: 0, billed: 0, claims: 0, claimsPaid: 0, targets: 0, budget: 0,
  };
}

export function valueOf(measure: Measure, b: Bases): number | null {
  switch (measure) {
    case 'ACTIVE_PARTICIPANTS': return b.active;
    case 'PARTICIPANT_MONTHS': return b.participantMonths;
    case 'NEW_ENROLLMENTS': return b.newEnrollments;
    case 'TERMINATIONS': return b.terminations;
    case 'EXPECTED_CONTRIBUTIONS_IDR': return b.expected;
    case 'CONTRIBUTIONS_IDR': return b.contributions;
    case 'BILLED_PARTICIPANTS': return b.billed;
    case 'CONTRIBUTION_GAP_IDR': return b.expected - b.contributions;
    case 'CLAIMS': return b.claims;
    case 'CLAIMS_PAID_IDR': return b.claimsPaid;
    case 'TARGET_WORKERS': return b.targets;
    case 'COVERAGE_RATE': return b.targets === 0 ? null : b.active / b.targets;
    case 'BUDGET_IDR': return b.budget;
    case 'BUDGET_REALIZATION_RATE': return b.budget === 0 ? null : b.dbhchtContributions / b.budget;
  }
}

export interface ValidQuery {
  measures: Measure[];
  dimensions: Dimension[];
  regionLevel: RegionLevel;
  filter: Partial<Record<Dimension, string[]>>;
  buckets: Bucket[];
  bases: Set<Base>;
}

function regionLevelOfCode(code: string): RegionLevel {
  const parts = code.split('.').length;
  if (parts === 1) return 'PROVINCE';
  if (parts === 2) return 'REGENCY';
  return 'DISTRICT';
}

/** Refuses what the semantics call an error, naming the measure and the dimension. */
export function validate(query: RefQuery): ValidQuery {
  if (query.measures.length === 0) throw new Error('reference: a query needs at least one measure');
  const measures = query.measures.map((m) => {
    if (!(MEASURES as readonly string[]).includes(m)) throw new Error(`reference: unknown measure ${m}`);
    return m as Measure;
  });
  const dimensions = query.dimensions.map((d) => {
    if (!(PERIOD_DIMENSIONS as string[]).includes(d)) throw new Error(`reference: unknown dimension ${d}`);
    return d as Dimension;
  });
  if (new Set(dimensions).size !== dimensions.length) throw new Error('reference: a dimension is repeated');
  const filter = query.filter ?? {};
  for (const d of Object.keys(filter)) {
    if (!(PERIOD_DIMENSIONS as string[]).includes(d)) throw new Error(`reference: unknown filter dimension ${d}`);
  }
  const regionLevel = query.regionLevel ?? 'REGENCY';
  const filterRegionLevels = (filter.REGION ?? []).map(regionLevelOfCode);
  for (const m of measures) {
    const { dimensions: supported, regionLevels } = CATALOGUE[m];
    for (const d of [...dimensions, ...(Object.keys(filter) as Dimension[])]) {
      if (!supported.includes(d)) throw new Error(`reference: measure ${m} does not support dimension ${d}`);
    }
    const levels = [...(dimensions.includes('REGION') ? [regionLevel] : []), ...filterRegionLevels];
    for (const level of levels) {
      if (!regionLevels.includes(level)) throw new Error(`reference: measure ${m} does not support REGION at ${level}`);
    }
  }
  const bases = new Set<Base>(measures.flatMap((m) => CATALOGUE[m].bases));
  return { measures, dimensions, regionLevel, filter, buckets: bucketsBetween(query.from, query.to, query.granularity), bases };
}
