/**
 * Folds facts into per-item cell deltas for every rollup of the facts' source. Pure.
 * A batch of stream records becomes one delta per touched rollup item, so a batch of 500 participants
 * of one regency costs a few hundred item updates, not 500 × cells.
 */
import { ancestorAt } from '../domain/regions.js';
import { rollupsOf, type RollupDefinition } from '../domain/rollups.js';
import { cellName, rollupItemId, type RollupItemRef } from '../store/keys.js';
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

export function addFacts(into: ItemDeltas, facts: readonly Fact[], sign: 1 | -1): void {
  for (const fact of facts) {
    for (const rollup of rollupsOf(fact.source)) {
      if (!rollup.granularities.includes(fact.granularity)) continue;
      const region = ancestorAt(fact.region, rollup.level);
      const ref: RollupItemRef = {
        rollupId: rollup.id,
        granularity: fact.granularity,
        partition: partitionOf(rollup, fact.region),
        bucket: fact.bucket,
      };
      const id = rollupItemId(ref);
      let cells = into.get(id);
      if (!cells) into.set(id, (cells = new Map()));
      const cell = {
        region: rollup.partition === 'SELF' ? undefined : region,
        values: rollup.dimensions.map((d) => {
          const v = fact.dims[d];
          if (v === undefined) throw new Error(`fact of ${fact.source} lacks ${d} needed by rollup ${rollup.id}`);
          return v;
        }),
      };
      for (const [field, value] of Object.entries(fact.fields)) {
        if (value === 0) continue;
        const name = cellName(rollup.dimensions, cell, field);
        cells.set(name, (cells.get(name) ?? 0) + sign * value);
      }
    }
  }
}

/** Drops cells whose deltas cancelled out (an unchanged re-import) and items left empty. */
export function pruneZeroDeltas(deltas: ItemDeltas): ItemDeltas {
  for (const [id, cells] of deltas) {
    for (const [name, v] of cells) if (v === 0) cells.delete(name);
    if (cells.size === 0) deltas.delete(id);
  }
  return deltas;
}
