/**
 * Rollup declarations (Cube's pre-aggregations): which facts are pre-summed, at which region level,
 * by which attribute dimensions, and how cells are grouped into stored items (the partition).
 *
 * A stored item holds the cells of one rollup for one partition, one bucket and one block, e.g. "all
 * regencies of province 35 in 2025-07", or "regency 35.09's tobacco farm workers in 2025" for a rollup
 * split by sector (`blockBy`). A query reads one Query per partition, whose items are the buckets × blocks
 * asked for: the number of items depends on the regions and periods asked for, never on how many
 * participants there are.
 *
 * Rollups with AGE_BAND are kept at every granularity, because AGE_BAND is the age on the last day of the
 * period, which differs per granularity. The others are kept per month only: the engine derives quarters,
 * semesters and years from months (flows sum, stocks take the last month), which saves a third of the
 * writes of every stream batch.
 */
import { AGE_BANDS } from './age-band.js';
import { CLAIM_PROGRAMS, FUNDING_SOURCES, GENDERS, PROGRAM_SETS, SECTORS } from './codes.js';
import type { AttributeDimension } from './dimensions.js';
import type { Source } from './measures.js';
import type { Granularity } from './period.js';
import type { RegionLevel } from './regions.js';

/** NATIONAL: one partition for the whole country; SELF: one partition per region of the rollup's level. */
export type PartitionLevel = 'NATIONAL' | 'PROVINCE' | 'REGENCY' | 'SELF';

/** A cell coordinate that can select the stored item a cell lives in: its region or one of its dimensions. */
export type BlockCoordinate = 'REGION' | AttributeDimension;

export interface RollupDefinition {
  id: string;
  source: Source;
  level: RegionLevel;
  partition: PartitionLevel;
  dimensions: readonly AttributeDimension[];
  granularities: readonly Granularity[];
  /**
   * Splits a partition's cells of one bucket into several stored items ("blocks"), one per value of these
   * coordinates. DynamoDB refuses items over 400 KB and bills every update by the size of the whole item,
   * so a rollup whose cells could fill a large item is cut by region or sector: the largest block any real
   * province can produce stays far below the limit (test/unit/store/rollup-item-size.test.ts), and a batch
   * rewrites only the blocks it touches. Readers read all blocks of a partition in the same Query.
   */
  blockBy: readonly BlockCoordinate[];
}

const ALL_GRAINS = ['MONTH', 'QUARTER', 'SEMESTER', 'YEAR'] as const;
const MONTHS = ['MONTH'] as const;
const FULL = ['SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND'] as const;
const CLAIM_FULL = ['SECTOR', 'PROGRAM', 'GENDER', 'AGE_BAND'] as const;

const NONE = [] as const;
const BY_REGION = ['REGION'] as const;
const BY_SECTOR = ['SECTOR'] as const;
const BY_GENDER = ['GENDER'] as const;

export const ROLLUPS: readonly RollupDefinition[] = [
  // Coverage: small items for dashboards (totals, rankings), full cubes for breakdowns and auditors.
  { id: 'cov-prov', source: 'coverage', level: 'PROVINCE', partition: 'NATIONAL', dimensions: [], granularities: MONTHS, blockBy: NONE },
  { id: 'cov-prov-full', source: 'coverage', level: 'PROVINCE', partition: 'SELF', dimensions: FULL, granularities: ALL_GRAINS, blockBy: BY_SECTOR },
  // A province by funding source: DJPK's DBHCHT realization filters on it alone, and without this rollup
  // read every sector block of the full cube (a fiscal year by semester: 18 items of up to 168 cells,
  // where this reads 12 items of 6). Per month, one item per province: a stream batch adds one update
  // per province and month it touches.
  { id: 'cov-prov-fund', source: 'coverage', level: 'PROVINCE', partition: 'SELF', dimensions: ['FUNDING_SOURCE'], granularities: MONTHS, blockBy: NONE },
  { id: 'cov-reg', source: 'coverage', level: 'REGENCY', partition: 'PROVINCE', dimensions: [], granularities: MONTHS, blockBy: NONE },
  {
    id: 'cov-reg-fund-sector',
    source: 'coverage',
    level: 'REGENCY',
    partition: 'PROVINCE',
    dimensions: ['FUNDING_SOURCE', 'SECTOR'],
    granularities: MONTHS,
    blockBy: BY_REGION,
  },
  // A regency's full cube in two blocks, not one per sector: a stream batch of a regency's roster touches
  // nearly every sector, and 9 small items cost 9 requests where 2 larger ones hold the same cells for
  // the same write units (bench/results.md, aggregator). A province's cube keeps one block per sector: its
  // items are 38 regencies fuller, and a block per gender would need several updates per item (one carries
  // 350 attributes), each billed for the whole item.
  { id: 'cov-reg-full', source: 'coverage', level: 'REGENCY', partition: 'SELF', dimensions: FULL, granularities: ALL_GRAINS, blockBy: BY_GENDER },
  // Districts: by funding source only. A district full cube would be one item per district and bucket,
  // multiplying the items every stream batch writes by the number of districts in it.
  { id: 'cov-dist-fund', source: 'coverage', level: 'DISTRICT', partition: 'REGENCY', dimensions: ['FUNDING_SOURCE'], granularities: MONTHS, blockBy: NONE },
  // Payments have no participant attributes.
  { id: 'pay-prov', source: 'payments', level: 'PROVINCE', partition: 'NATIONAL', dimensions: ['FUNDING_SOURCE'], granularities: MONTHS, blockBy: NONE },
  { id: 'pay-reg', source: 'payments', level: 'REGENCY', partition: 'PROVINCE', dimensions: ['FUNDING_SOURCE'], granularities: MONTHS, blockBy: NONE },
  // Claims are few (hundreds a year per province): full cubes stay small.
  { id: 'claim-prov', source: 'claims', level: 'PROVINCE', partition: 'NATIONAL', dimensions: CLAIM_FULL, granularities: ALL_GRAINS, blockBy: BY_REGION },
  { id: 'claim-reg', source: 'claims', level: 'REGENCY', partition: 'PROVINCE', dimensions: CLAIM_FULL, granularities: ALL_GRAINS, blockBy: BY_REGION },
  { id: 'claim-dist', source: 'claims', level: 'DISTRICT', partition: 'REGENCY', dimensions: CLAIM_FULL, granularities: ALL_GRAINS, blockBy: BY_REGION },
  // Yearly reference figures. Targets stay at regency level: the all-sectors-or-sum rule is per regency.
  { id: 'budget-prov', source: 'budgets', level: 'PROVINCE', partition: 'NATIONAL', dimensions: [], granularities: ['YEAR'], blockBy: NONE },
  { id: 'budget-reg', source: 'budgets', level: 'REGENCY', partition: 'PROVINCE', dimensions: [], granularities: ['YEAR'], blockBy: NONE },
  { id: 'target-reg', source: 'targets', level: 'REGENCY', partition: 'PROVINCE', dimensions: ['SECTOR'], granularities: ['YEAR'], blockBy: NONE },
];

export function rollupsOf(source: Source): RollupDefinition[] {
  return ROLLUPS.filter((r) => r.source === source);
}

export function requireRollup(id: string): RollupDefinition {
  const r = ROLLUPS.find((x) => x.id === id);
  if (!r) throw new Error(`Unknown rollup ${id}`);
  return r;
}

/**
 * The fields a source's facts carry in each cell (aggregate/facts.ts). Declared so that the largest item a
 * rollup can produce is computable from the catalogue alone (store/rollup-item-size.ts).
 */
export const FACT_FIELDS: Record<Source, readonly string[]> = {
  coverage: ['act', 'pm', 'new', 'term', 'eJKK', 'eJKM', 'eJHT'],
  payments: ['paid', 'billed'],
  claims: ['n', 'amt'],
  budgets: ['alloc'],
  targets: ['t', 'n'],
};

/** The sector value of an all-sectors target row in the target rollup's cells. */
export const ALL_SECTORS = '*';

/** The values a dimension takes in the cells of a source (coverage cells hold program sets, claims one program). */
export function cellValues(source: Source, dim: AttributeDimension): readonly string[] {
  switch (dim) {
    case 'SECTOR':
      return source === 'targets' ? [...SECTORS, ALL_SECTORS] : SECTORS;
    case 'PROGRAM':
      return source === 'claims' ? CLAIM_PROGRAMS : Object.keys(PROGRAM_SETS);
    case 'FUNDING_SOURCE':
      return FUNDING_SOURCES;
    case 'GENDER':
      return GENDERS;
    case 'AGE_BAND':
      return AGE_BANDS;
  }
}

/**
 * Ongoing coverage periods (no end month) are counted through this month. Rollups need a finite
 * horizon; moving it changes stored figures and requires `npm run rebuild`.
 */
export const COVERAGE_HORIZON = '2027-12';
