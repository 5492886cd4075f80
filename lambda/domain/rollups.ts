/**
 * Rollup declarations (Cube's pre-aggregations): which facts are pre-summed, at which region level,
 * by which attribute dimensions, and how cells are grouped into stored items (the partition).
 *
 * A stored item holds every cell of one rollup for one partition and one bucket, e.g. "all regencies of
 * province 35 in 2025-07". Dashboards then read one item per bucket: the number of items a query reads
 * depends on the regions and periods asked for, never on how many participants there are.
 *
 * Rollups with AGE_BAND are kept at every granularity, because AGE_BAND is the age on the last day of the
 * period, which differs per granularity. The others are kept per month only: the engine derives quarters,
 * semesters and years from months (flows sum, stocks take the last month), which saves a third of the
 * writes of every stream batch.
 */
import type { AttributeDimension } from './dimensions.js';
import type { Source } from './measures.js';
import type { Granularity } from './period.js';
import type { RegionLevel } from './regions.js';

/** NATIONAL: one partition for the whole country; SELF: one partition per region of the rollup's level. */
export type PartitionLevel = 'NATIONAL' | 'PROVINCE' | 'REGENCY' | 'SELF';

export interface RollupDefinition {
  id: string;
  source: Source;
  level: RegionLevel;
  partition: PartitionLevel;
  dimensions: readonly AttributeDimension[];
  granularities: readonly Granularity[];
}

const ALL_GRAINS = ['MONTH', 'QUARTER', 'SEMESTER', 'YEAR'] as const;
const MONTHS = ['MONTH'] as const;
const FULL = ['SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND'] as const;
const CLAIM_FULL = ['SECTOR', 'PROGRAM', 'GENDER', 'AGE_BAND'] as const;

export const ROLLUPS: readonly RollupDefinition[] = [
  // Coverage: small items for dashboards (totals, rankings), full cubes for breakdowns and auditors.
  { id: 'cov-prov', source: 'coverage', level: 'PROVINCE', partition: 'NATIONAL', dimensions: [], granularities: MONTHS },
  { id: 'cov-prov-full', source: 'coverage', level: 'PROVINCE', partition: 'SELF', dimensions: FULL, granularities: ALL_GRAINS },
  { id: 'cov-reg', source: 'coverage', level: 'REGENCY', partition: 'PROVINCE', dimensions: [], granularities: MONTHS },
  {
    id: 'cov-reg-fund-sector',
    source: 'coverage',
    level: 'REGENCY',
    partition: 'PROVINCE',
    dimensions: ['FUNDING_SOURCE', 'SECTOR'],
    granularities: MONTHS,
  },
  { id: 'cov-reg-full', source: 'coverage', level: 'REGENCY', partition: 'SELF', dimensions: FULL, granularities: ALL_GRAINS },
  // Districts: by funding source only. A district full cube would be one item per district and bucket,
  // multiplying the items every stream batch writes by the number of districts in it.
  { id: 'cov-dist-fund', source: 'coverage', level: 'DISTRICT', partition: 'REGENCY', dimensions: ['FUNDING_SOURCE'], granularities: MONTHS },
  // Payments have no participant attributes.
  { id: 'pay-prov', source: 'payments', level: 'PROVINCE', partition: 'NATIONAL', dimensions: ['FUNDING_SOURCE'], granularities: MONTHS },
  { id: 'pay-reg', source: 'payments', level: 'REGENCY', partition: 'PROVINCE', dimensions: ['FUNDING_SOURCE'], granularities: MONTHS },
  // Claims are few (hundreds a year per province): full cubes stay small.
  { id: 'claim-prov', source: 'claims', level: 'PROVINCE', partition: 'NATIONAL', dimensions: CLAIM_FULL, granularities: ALL_GRAINS },
  { id: 'claim-reg', source: 'claims', level: 'REGENCY', partition: 'PROVINCE', dimensions: CLAIM_FULL, granularities: ALL_GRAINS },
  { id: 'claim-dist', source: 'claims', level: 'DISTRICT', partition: 'REGENCY', dimensions: CLAIM_FULL, granularities: ALL_GRAINS },
  // Yearly reference figures. Targets stay at regency level: the all-sectors-or-sum rule is per regency.
  { id: 'budget-prov', source: 'budgets', level: 'PROVINCE', partition: 'NATIONAL', dimensions: [], granularities: ['YEAR'] },
  { id: 'budget-reg', source: 'budgets', level: 'REGENCY', partition: 'PROVINCE', dimensions: [], granularities: ['YEAR'] },
  { id: 'target-reg', source: 'targets', level: 'REGENCY', partition: 'PROVINCE', dimensions: ['SECTOR'], granularities: ['YEAR'] },
];

export function rollupsOf(source: Source): RollupDefinition[] {
  return ROLLUPS.filter((r) => r.source === source);
}

export function requireRollup(id: string): RollupDefinition {
  const r = ROLLUPS.find((x) => x.id === id);
  if (!r) throw new Error(`Unknown rollup ${id}`);
  return r;
}

/** The sector value of an all-sectors target row in the target rollup's cells. */
export const ALL_SECTORS = '*';

/**
 * Ongoing coverage periods (no end month) are counted through this month. Rollups need a finite
 * horizon; moving it changes stored figures and requires `npm run rebuild`.
 */
export const COVERAGE_HORIZON = '2027-12';
