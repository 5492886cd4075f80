import { describe, expect, it } from 'vitest';
import { ROLLUPS, requireRollup, type RollupDefinition } from '../../../lambda/domain/rollups.js';
import { referenceData } from '../../../lambda/reference-data.js';
import { rollupItemId } from '../../../lambda/store/keys.js';
import {
  CELL_BUDGET_BYTES,
  DYNAMODB_ITEM_LIMIT_BYTES,
  MARKER_BYTES,
  partitionsOf,
  RollupItemTooLargeError,
  RollupSizeGuard,
  worstCaseItemSize,
} from '../../../lambda/store/rollup-item-size.js';

const regions = referenceData().regions;

/** The largest item of a rollup over every partition the national reference data has. */
function largest(rollup: RollupDefinition) {
  let best = { partition: '', cells: 0, attributes: 0, bytes: 0 };
  for (const partition of partitionsOf(rollup, regions)) {
    const size = worstCaseItemSize(rollup, partition, regions);
    if (size.bytes > best.bytes) best = { partition, ...size };
  }
  return best;
}

describe('rollup item size at national scale', () => {
  it('the reference data is the whole country, with East Java the province of most regencies', () => {
    expect(regions.provinces()).toHaveLength(38);
    expect(regions.count('REGENCY')).toBe(514);
    expect(regions.count('DISTRICT')).toBe(7285);
    const regencies = regions.provinces().map((p) => ({ code: p.code, n: regions.count('REGENCY', p.code) }));
    expect(Math.max(...regencies.map((r) => r.n))).toBe(38);
    expect(regencies.find((r) => r.n === 38)!.code).toBe('35');
  });

  it.each(ROLLUPS.map((r) => [r.id, r] as const))(
    '%s: every cell filled, its largest item stays within the cell budget (a quarter of 400 KB)',
    (_id, rollup) => {
      const { bytes } = largest(rollup);
      expect(bytes).toBeLessThanOrEqual(CELL_BUDGET_BYTES);
      // The rest of the item is room for intent markers: thousands of stream batches between two sweeps.
      expect(Math.floor((DYNAMODB_ITEM_LIMIT_BYTES - bytes) / MARKER_BYTES)).toBeGreaterThan(6000);
    },
  );

  it('counts the cells of the largest blocks as worked out by hand', () => {
    // A regency's full cube, one gender per block: 9 sectors × 2 program sets × 6 funding sources × 7 age bands.
    expect(largest(requireRollup('cov-reg-full'))).toMatchObject({ cells: 9 * 2 * 6 * 7, attributes: 756 * 7 });
    // A province's full cube, one sector per block: 2 program sets × 6 funding sources × 2 genders × 7 age bands.
    expect(largest(requireRollup('cov-prov-full'))).toMatchObject({ cells: 2 * 6 * 2 * 7, attributes: 168 * 7 });
    // A province by funding source: one cell per funding source.
    expect(largest(requireRollup('cov-prov-fund'))).toMatchObject({ cells: 6, attributes: 6 * 7 });
    // Claims of one district: 9 sectors × 2 programs × 2 genders × 7 age bands, 2 fields each.
    expect(largest(requireRollup('claim-dist'))).toMatchObject({ cells: 9 * 2 * 2 * 7, attributes: 252 * 2 });
    // Districts by funding source in one item: the regency with most districts in idn-area-data is 95.03
    // (Yahukimo, 51 districts), plus the cell of participants without a district; 6 funding sources, 7 fields.
    expect(largest(requireRollup('cov-dist-fund'))).toMatchObject({ partition: '95.03', cells: 52 * 6, attributes: 52 * 6 * 7 });
    // Regencies by funding and sector, one regency per block.
    expect(largest(requireRollup('cov-reg-fund-sector'))).toMatchObject({ cells: 6 * 9, attributes: 54 * 7 });
    // Provinces of the whole country in one item (no dimensions).
    expect(largest(requireRollup('cov-prov'))).toMatchObject({ partition: 'ID', cells: 38, attributes: 38 * 7 });
  });

  it('the layout of one item per partition and bucket would outgrow the cell budget: blocks are what keeps items bounded', () => {
    for (const id of ['cov-reg-fund-sector', 'claim-reg', 'claim-dist', 'cov-reg-full']) {
      const unsplit = { ...requireRollup(id), blockBy: [] };
      expect(largest(unsplit).bytes, id).toBeGreaterThan(CELL_BUDGET_BYTES);
    }
  });
});

describe('the aggregator refuses an item too large before writing', () => {
  it('names the item whose cells a batch would push past the budget', () => {
    const item = rollupItemId({ rollupId: 'cov-reg-full', granularity: 'MONTH', partition: '35.09', bucket: '2025-07', block: 'TW' });
    // 5,000 distinct cells: more than any real block holds (the reference data never produces this).
    const cells = new Map(Array.from({ length: 5000 }, (_, i) => [`c||TW|KM|DB|L|bogus-${i}|act`, 1] as const));
    const guard = new RollupSizeGuard(regions);
    expect(() => guard.check(new Map([[item, cells]]))).toThrow(RollupItemTooLargeError);
    try {
      guard.check(new Map([[item, cells]]));
    } catch (e) {
      expect((e as RollupItemTooLargeError).itemId).toBe(item);
      expect((e as Error).message).toContain('ROLLUP#v4#cov-reg-full#MONTH#35.09|2025-07#TW');
    }
  });

  it('accepts the items of a real batch', () => {
    const item = rollupItemId({ rollupId: 'cov-reg', granularity: 'MONTH', partition: '35', bucket: '2025-07', block: '' });
    expect(() => new RollupSizeGuard(regions).check(new Map([[item, new Map([['09|a', 3]])]]))).not.toThrow();
  });
});
