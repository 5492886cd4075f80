/**
 * Folds facts into per-item cell deltas for every rollup of the facts' source. Pure.
 * A batch of stream records becomes one delta per touched rollup item, so a batch of 500 participants
 * of one regency costs a few hundred item updates, not 500 × cells.
 *
 * This is the aggregator's hot loop (a participant yields ~70 facts, each feeding ~6 rollups with ~7
 * fields), so sums are kept per cell and field names are joined to cell names once, at the end.
 */
import { ancestorAt } from '../domain/regions.js';
import { rollupsOf, type RollupDefinition } from '../domain/rollups.js';
import type { Granularity } from '../domain/period.js';
import type { Source } from '../domain/measures.js';
import { cellFieldCode, cellPrefix, rollupBlock, rollupItemId } from '../store/keys.js';
import type { Fact } from './facts.js';

/** itemId -> attribute name -> delta. */
export type ItemDeltas = Map<string, Map<string, number>>;

export function partitionOf(rollup: RollupDefinition, region: string): string {
  switch (rollup.partition) {
    case 'NATIONAL':
      return 'ID';
    case 'PROVINCE':
      return ancestorAt(region, 'PROVINCE');
    case 'REGENCY':
      return ancestorAt(region, 'REGENCY');
    case 'SELF':
      return ancestorAt(region, rollup.level);
  }
}

interface RollupPlan {
  rollup: RollupDefinition;
  grains: ReadonlySet<Granularity>;
  /** Fact region -> this rollup's partition, and -> the region of its cells (undefined when SELF). */
  partitions: Map<string, string>;
  cellRegions: Map<string, string | undefined>;
}

const plans = new Map<Source, RollupPlan[]>();
function plansOf(source: Source): RollupPlan[] {
  let p = plans.get(source);
  if (!p) {
    p = rollupsOf(source).map((rollup) => ({ rollup, grains: new Set(rollup.granularities), partitions: new Map(), cellRegions: new Map() }));
    plans.set(source, p);
  }
  return p;
}

function partitionIn(plan: RollupPlan, region: string): string {
  let p = plan.partitions.get(region);
  if (p === undefined) plan.partitions.set(region, (p = partitionOf(plan.rollup, region)));
  return p;
}

function cellRegionIn(plan: RollupPlan, region: string): string | undefined {
  if (plan.rollup.partition === 'SELF') return undefined;
  let r = plan.cellRegions.get(region);
  if (r === undefined) plan.cellRegions.set(region, (r = ancestorAt(region, plan.rollup.level)));
  return r;
}

/**
 * Field names get small integer slots, so a cell's sums are a plain array and the inner loop adds
 * numbers instead of updating a map per field.
 */
const slotOfField = new Map<string, number>();
/** The field's code in cell names, by slot. */
const codeOfSlot: string[] = [];
function slotOf(field: string): number {
  let slot = slotOfField.get(field);
  if (slot === undefined) {
    slot = codeOfSlot.push(cellFieldCode(field)) - 1;
    slotOfField.set(field, slot);
  }
  return slot;
}

/**
 * An item's cells as a trie: cell region, then each dimension value in rollup order, then the sums by
 * field slot. Walking it by the fact's strings is cheaper than joining them into a cell name per fact;
 * names are built once per cell, in `result`.
 */
type CellTrie = Map<string, CellTrie | number[]>;
type CellSums = { plan: RollupPlan; partition: string; trie: CellTrie };

/** Accumulates facts (added or subtracted) into rollup item deltas. */
export class RollupDeltas {
  /** itemId -> cell prefix -> sums by field slot. */
  private readonly items = new Map<string, CellSums>();
  /**
   * The same items by rollup, partition, bucket (bucket ids are unique across granularities) and block
   * value, so the hot loop finds an item by short, mostly interned keys instead of building its id each time.
   */
  private readonly byRollup = new Map<RollupPlan, Map<string, Map<string, Map<string, CellSums>>>>();

  private cellsOf(plan: RollupPlan, fact: Fact, cellRegion: string | undefined): CellSums {
    let byPartition = this.byRollup.get(plan);
    if (!byPartition) this.byRollup.set(plan, (byPartition = new Map()));
    const part = partitionIn(plan, fact.region);
    let byBucket = byPartition.get(part);
    if (!byBucket) byPartition.set(part, (byBucket = new Map()));
    let byBlock = byBucket.get(fact.bucket);
    if (!byBlock) byBucket.set(fact.bucket, (byBlock = new Map()));
    // The block's coordinate value itself keys the map (every rollup is split by at most one coordinate);
    // its encoded form is built once per item, below.
    const { blockBy } = plan.rollup;
    const blockKey =
      blockBy.length === 0 ? '' : blockBy.length > 1 ? rollupBlock(blockBy, { region: cellRegion, dims: fact.dims }) : blockBy[0] === 'REGION' ? (cellRegion ?? '') : (fact.dims[blockBy[0]!] ?? '');
    let cells = byBlock.get(blockKey);
    if (!cells) {
      const block = blockBy.length === 0 ? '' : rollupBlock(blockBy, { region: cellRegion, dims: fact.dims });
      const id = rollupItemId({ rollupId: plan.rollup.id, granularity: fact.granularity, partition: part, bucket: fact.bucket, block });
      cells = this.items.get(id);
      if (!cells) this.items.set(id, (cells = { plan, partition: part, trie: new Map() }));
      byBlock.set(blockKey, cells);
    }
    return cells;
  }

  add(facts: readonly Fact[], sign: 1 | -1): this {
    const slots: number[] = [];
    const amounts: number[] = [];
    for (const fact of facts) {
      slots.length = 0;
      amounts.length = 0;
      for (const field in fact.fields) {
        const value = fact.fields[field]!;
        if (value === 0) continue;
        slots.push(slotOf(field));
        amounts.push(sign * value);
      }
      if (slots.length === 0) continue;
      for (const plan of plansOf(fact.source)) {
        const { rollup } = plan;
        if (!plan.grains.has(fact.granularity)) continue;
        const cellRegion = cellRegionIn(plan, fact.region);
        let node = this.cellsOf(plan, fact, cellRegion).trie;
        const region = cellRegion ?? '';
        let next = node.get(region) as CellTrie | number[] | undefined;
        if (!next) node.set(region, (next = rollup.dimensions.length === 0 ? [] : new Map()));
        for (let i = 0; i < rollup.dimensions.length; i++) {
          const d = rollup.dimensions[i]!;
          const v = fact.dims[d];
          if (v === undefined) throw new Error(`fact of ${fact.source} lacks ${d} needed by rollup ${rollup.id}`);
          node = next as CellTrie;
          next = node.get(v);
          if (!next) node.set(v, (next = i === rollup.dimensions.length - 1 ? [] : new Map()));
        }
        const sums = next as number[];
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i]!;
          sums[slot] = (sums[slot] ?? 0) + amounts[i]!;
        }
      }
    }
    return this;
  }

  /**
   * The deltas per item and cell name, without cells whose deltas cancelled out (an unchanged
   * re-import) and without items left empty.
   */
  result(): ItemDeltas {
    const out: ItemDeltas = new Map();
    for (const [id, { plan, partition, trie }] of this.items) {
      const named = new Map<string, number>();
      const dims = plan.rollup.dimensions;
      const walk = (node: CellTrie | number[], path: string[]) => {
        if (Array.isArray(node)) {
          const prefix = cellPrefix(dims, partition, { region: path[0] || undefined, values: path.slice(1) });
          node.forEach((v, slot) => {
            if (v !== 0) named.set(prefix + codeOfSlot[slot]!, v);
          });
          return;
        }
        for (const [key, child] of node) walk(child, [...path, key]);
      };
      walk(trie, []);
      if (named.size > 0) out.set(id, named);
    }
    return out;
  }
}
