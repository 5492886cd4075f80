/** Decodes rollup items into cells: one region, one set of dimension values, its summed fields. */
import type { AttributeDimension } from '../domain/dimensions.js';
import type { RollupDefinition } from '../domain/rollups.js';
import { isCellName, parseCellName, splitCellName } from '../store/keys.js';

export interface Cell {
  bucket: string;
  region: string;
  dims: Partial<Record<AttributeDimension, string>>;
  fields: Record<string, number>;
}

export function decodeCells(rollup: RollupDefinition, partition: string, bucket: string, attributes: Record<string, unknown>): Cell[] {
  const cells = new Map<string, Cell>();
  // A cell's attributes share its name up to the field: the name is parsed once per cell, not once per
  // field (a dashboard query decodes thousands of attributes; this loop was its largest CPU cost).
  for (const name in attributes) {
    const value = attributes[name];
    if (typeof value !== 'number' || value === 0 || !isCellName(name)) continue;
    const { cellKey, field } = splitCellName(name);
    let c = cells.get(cellKey);
    if (!c) {
      const { cell } = parseCellName(rollup.dimensions, partition, name);
      const dims: Partial<Record<AttributeDimension, string>> = {};
      rollup.dimensions.forEach((d, i) => (dims[d] = cell.values[i]));
      c = { bucket, region: cell.region ?? partition, dims, fields: {} };
      cells.set(cellKey, c);
    }
    c.fields[field] = (c.fields[field] ?? 0) + value;
  }
  return [...cells.values()];
}
