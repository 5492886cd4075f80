/**
 * How large a rollup item can get, computed from the catalogue and the region reference data.
 *
 * DynamoDB refuses an item over 400 KB, and an update is billed by the larger of the old and the new
 * item, so every rollup item must stay small whatever data arrives. The layout guarantees it: a rollup's
 * cells are split into blocks (`RollupDefinition.blockBy`) so that even with every cell of a block
 * filled (every region of the partition × every sector × funding × gender × age band × program, every
 * field at the largest number a cell can hold) the cells of one item stay under `CELL_BUDGET_BYTES`. The rest of
 * the 400 KB is the room for the intent markers an item collects between two marker sweeps (one per
 * stream batch that touched it, ~50 bytes each, see marker-sweep.ts).
 */
import type { RegionCatalog, RegionLevel } from '../domain/regions.js';
import { cellValues, FACT_FIELDS, requireRollup, type RollupDefinition } from '../domain/rollups.js';
import { cellName, parseRollupItemId, rollupItemKey, type RollupItemRef } from './keys.js';

/** DynamoDB's item size limit (names and values, UTF-8). */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;
/** The most the cells of one rollup item may take in the worst case: a quarter of the limit. */
export const CELL_BUDGET_BYTES = 100 * 1024;
/**
 * The most a cell's number takes: 9 bytes. DynamoDB stores a number in about one byte per two significant
 * digits plus one, and every cell is a sum of integers the aggregator adds exactly in JavaScript, so it stays
 * below 2^53 (16 digits; a regency's expected contributions over a year are about 10^11 rupiah). DynamoDB's
 * own ceiling, 38 digits in 21 bytes, is no value a cell can reach.
 */
const MAX_NUMBER_BYTES = 9;
/** An intent marker `<40 hex>#<chunk>` in the item's applied set. */
export const MARKER_BYTES = 48;

const partitionLevelOf = (r: RollupDefinition): RegionLevel | 'NATIONAL' => (r.partition === 'SELF' ? r.level : r.partition);

/**
 * The cell regions one item of this rollup and partition may hold: none (SELF-partitioned cells carry no
 * region), one (blocks by region: the longest code stands for all), or every region of the rollup's level
 * inside the partition (districts: plus the `<regency>.00` cell of participants without a district).
 */
export function regionsOfItem(rollup: RollupDefinition, partition: string, regions: RegionCatalog): Array<string | undefined> {
  if (rollup.partition === 'SELF') return [undefined];
  const inside =
    partition === 'ID' ? regions.provinces().map((p) => p.code) : regions.children(partition, rollup.level).map((r) => r.code);
  if (rollup.level === 'DISTRICT') {
    const regencies = partition === 'ID' ? [] : regions.children(partition, 'REGENCY').map((r) => r.code);
    inside.push(...(partitionLevelOf(rollup) === 'REGENCY' ? [`${partition}.00`] : regencies.map((r) => `${r}.00`)));
  }
  if (rollup.blockBy.includes('REGION')) return [inside.reduce((a, b) => (b.length > a.length ? b : a), inside[0] ?? '')];
  return inside;
}

export interface ItemSize {
  cells: number;
  attributes: number;
  /** Keys plus every cell attribute, names and values: the item without markers. */
  bytes: number;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** The item with every cell of one block filled, every field at the largest number. */
export function worstCaseItemSize(rollup: RollupDefinition, partition: string, regions: RegionCatalog): ItemSize {
  const fields = FACT_FIELDS[rollup.source];
  // A blocked dimension has one value per item; every value's code is one character, so any stands for all.
  const axes = rollup.dimensions.map((d) => {
    const values = cellValues(rollup.source, d);
    if (!rollup.blockBy.includes(d)) return values;
    return [values[0]!];
  });
  let cells = 0;
  let bytes = 0;
  const visit = (region: string | undefined, values: string[], i: number) => {
    if (i === axes.length) {
      cells++;
      for (const f of fields) bytes += utf8(cellName(rollup.dimensions, partition, { region, values }, f)) + MAX_NUMBER_BYTES;
      return;
    }
    for (const v of axes[i]!) visit(region, [...values, v], i + 1);
  };
  for (const region of regionsOfItem(rollup, partition, regions)) visit(region, [], 0);
  const ref: RollupItemRef = { rollupId: rollup.id, granularity: 'QUARTER', partition, bucket: '2025-Q3', block: 'x'.repeat(16) };
  const key = rollupItemKey(ref);
  bytes += utf8('pk') + utf8(key.pk) + utf8('sk') + utf8(key.sk);
  return { cells, attributes: cells * fields.length, bytes };
}

/** Every partition of the rollup that the reference data has (one stands for all SELF partitions of a level). */
export function partitionsOf(rollup: RollupDefinition, regions: RegionCatalog): string[] {
  const level = partitionLevelOf(rollup);
  if (level === 'NATIONAL') return ['ID'];
  const provinces = regions.provinces().map((p) => p.code);
  if (level === 'PROVINCE') return provinces;
  return provinces.flatMap((p) => regions.children(p, level).map((r) => r.code));
}

/** An operator's error, not a client's: the aggregator fails the batch (retried, then the on-failure queue). */
export class RollupItemTooLargeError extends Error {
  readonly code = 'ROLLUP_ITEM_TOO_LARGE';
  constructor(
    readonly itemId: string,
    readonly bytes: number,
    why: string,
    options?: { cause?: unknown },
  ) {
    super(`Rollup item ${itemId} ${why} (${bytes} bytes; cell budget ${CELL_BUDGET_BYTES}, DynamoDB limit ${DYNAMODB_ITEM_LIMIT_BYTES})`, options);
    this.name = 'RollupItemTooLargeError';
  }
}

/**
 * Checks, before anything is written, that every item a batch would update stays within the budget:
 * its worst case from the layout, and the cells this batch adds (a cell the reference data does not
 * foresee still counts). Throws for the first item that does not, naming it.
 */
export class RollupSizeGuard {
  private readonly worst = new Map<string, number>();

  constructor(private readonly regions: RegionCatalog) {}

  check(deltas: ReadonlyMap<string, ReadonlyMap<string, number>>): void {
    for (const [itemId, cells] of deltas) {
      const ref = parseRollupItemId(itemId);
      const memo = `${ref.rollupId}|${ref.partition}`;
      let worst = this.worst.get(memo);
      if (worst === undefined) this.worst.set(memo, (worst = worstCaseItemSize(requireRollup(ref.rollupId), ref.partition, this.regions).bytes));
      if (worst > CELL_BUDGET_BYTES) throw new RollupItemTooLargeError(itemId, worst, 'could outgrow its budget when every cell is filled');
      let added = 0;
      for (const name of cells.keys()) added += utf8(name) + MAX_NUMBER_BYTES;
      if (added > CELL_BUDGET_BYTES) throw new RollupItemTooLargeError(itemId, added, 'would receive more cells than its budget holds');
    }
  }
}
