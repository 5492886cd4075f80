/**
 * Picks, for each fact source a query needs, the cheapest rollup that can answer it (Cube's
 * pre-aggregation matching): its dimensions cover the query's grouped and filtered dimensions, its
 * cells are at least as fine as the query's regions, and its partitions can be enumerated for the
 * query's scope. No rollup fits -> an error, never a scan. Pure.
 */
import type { AttributeDimension } from '../domain/dimensions.js';
import { DomainError } from '../domain/errors.js';
import type { Source } from '../domain/measures.js';
import { monthIndex, type Bucket, type Granularity } from '../domain/period.js';
import { ancestorAt, isWithin, levelOf, REGION_LEVELS, type RegionCatalog, type RegionLevel } from '../domain/regions.js';
import { cellValues, rollupsOf, type RollupDefinition } from '../domain/rollups.js';

export interface SourceNeed {
  source: Source;
  dims: readonly AttributeDimension[];
  cellLevel: RegionLevel;
  /** Region filter codes; undefined = every province in the catalogue. */
  scope: readonly string[] | undefined;
  granularity: Granularity;
  buckets: readonly Bucket[];
  /**
   * Every operand read from this source is a stock (its value for a period is its last month's), so a
   * rollup kept per month needs only the last month of each bucket, not every month.
   */
  stocksOnly?: boolean;
}

export interface ReadPlan {
  rollup: RollupDefinition;
  granularity: Granularity;
  partitions: string[];
  fromBucket: string;
  toBucket: string;
  /**
   * Per partition, the only blocks to read (a region-blocked rollup asked for some of its regions):
   * their items are fetched by key. A partition not listed is read whole, every block of each bucket.
   */
  blocks: Record<string, string[]>;
  /**
   * Only these stored buckets, when a rollup kept per month answers coarser buckets of stocks: the last
   * month of each (a year ranking reads 2 months per partition instead of 24). Undefined = the whole range.
   */
  storedBuckets?: string[];
  /** Items the plan reads at most (partitions × buckets × blocks), weighed by their size: what the planner minimises. */
  cost: number;
}

const depth = (l: RegionLevel) => REGION_LEVELS.indexOf(l);

/** The partitions of a rollup covering the scope, or undefined when they cannot be enumerated. */
export function partitionsFor(rollup: RollupDefinition, scope: readonly string[] | undefined, regions: RegionCatalog): string[] | undefined {
  if (rollup.partition === 'NATIONAL') return ['ID'];
  const partitionLevel: RegionLevel = rollup.partition === 'SELF' ? rollup.level : rollup.partition;
  const codes = scope ?? regions.provinces().map((p) => p.code);
  const out = new Set<string>();
  for (const code of codes) {
    if (depth(levelOf(code)) >= depth(partitionLevel)) {
      out.add(ancestorAt(code, partitionLevel));
      continue;
    }
    const inside = regions.children(code, partitionLevel);
    // Districts are not all in the reference data, so a district partition cannot be enumerated from above.
    if (partitionLevel === 'DISTRICT') return undefined;
    for (const r of inside) out.add(r.code);
  }
  return [...out].sort();
}

/**
 * The blocks of one partition that hold the scope's cells, when the rollup is split by region and the
 * scope asks for regions at least as fine as its cells; undefined = every block of the partition.
 */
function blocksInScope(rollup: RollupDefinition, partition: string, scope: readonly string[] | undefined): string[] | undefined {
  if (!scope || rollup.blockBy.length !== 1 || rollup.blockBy[0] !== 'REGION' || rollup.partition === 'SELF') return undefined;
  const out = new Set<string>();
  for (const code of scope) {
    if (partition !== 'ID' && !isWithin(code, partition) && !isWithin(partition, code)) continue;
    if (depth(levelOf(code)) < depth(rollup.level)) return undefined;
    out.add(ancestorAt(code, rollup.level));
  }
  return [...out].sort();
}

/** How many blocks a whole partition of the rollup holds per bucket (for the cost; at least one). */
function blocksPerPartition(rollup: RollupDefinition, partition: string, regions: RegionCatalog): number {
  let n = 1;
  for (const c of rollup.blockBy) {
    if (c !== 'REGION') n *= cellValues(rollup.source, c).length;
    else if (partition === 'ID') n *= regions.provinces().length;
    else n *= Math.max(1, regions.children(partition, rollup.level).length);
  }
  return n;
}

export function planSource(need: SourceNeed, regions: RegionCatalog): ReadPlan {
  const yearly = need.source === 'budgets' || need.source === 'targets';
  const first = need.buckets[0]!;
  const last = need.buckets[need.buckets.length - 1]!;
  let best: ReadPlan | undefined;
  for (const rollup of rollupsOf(need.source)) {
    // A rollup kept per month answers coarser periods too (the engine sums or takes the last month).
    const granularity: Granularity = yearly
      ? 'YEAR'
      : rollup.granularities.includes(need.granularity)
        ? need.granularity
        : rollup.granularities.includes('MONTH') && !need.dims.includes('AGE_BAND')
          ? 'MONTH'
          : need.granularity;
    if (!rollup.granularities.includes(granularity)) continue;
    const fromBucket = yearly ? first.first.slice(0, 4) : granularity === need.granularity ? first.id : first.first;
    const toBucket = yearly ? last.last.slice(0, 4) : granularity === need.granularity ? last.id : last.last;
    const sampled = !yearly && granularity !== need.granularity && need.stocksOnly === true;
    const storedBuckets = sampled ? need.buckets.map((b) => b.last) : undefined;
    const bucketCount = yearly
      ? Number(toBucket) - Number(fromBucket) + 1
      : granularity === need.granularity || storedBuckets
        ? need.buckets.length
        : monthIndex(last.last) - monthIndex(first.first) + 1;
    if (depth(rollup.level) < depth(need.cellLevel)) continue;
    if (!need.dims.every((d) => rollup.dimensions.includes(d))) continue;
    const partitions = partitionsFor(rollup, need.scope, regions);
    if (!partitions) continue;
    const blocks: Record<string, string[]> = {};
    let items = 0;
    for (const p of partitions) {
      const inScope = blocksInScope(rollup, p, need.scope);
      if (inScope) blocks[p] = inScope;
      items += bucketCount * (inScope ? inScope.length : blocksPerPartition(rollup, p, regions));
    }
    // Bigger cells cost more to read: weigh by the rollup's dimensions and by how much finer it is.
    const weight = (1 + rollup.dimensions.length) * (1 + depth(rollup.level) - depth(need.cellLevel));
    const cost = items * weight;
    if (!best || cost < best.cost) best = { rollup, granularity, partitions, fromBucket, toBucket, blocks, ...(storedBuckets ? { storedBuckets } : {}), cost };
  }
  if (!best) {
    throw new DomainError(
      'NO_ROLLUP',
      `No rollup of ${need.source} answers dimensions [${need.dims.join(', ')}] at ${need.cellLevel} level for this region scope`,
      { source: need.source, dimensions: need.dims, level: need.cellLevel },
    );
  }
  return best;
}
