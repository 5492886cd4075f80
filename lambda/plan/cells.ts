/** Decodes rollup items into cells: one region, one set of dimension values, its summed fields. */
import type { AttributeDimension } from '../domain/dimensions.js';
import type { RollupDefinition } from '../domain/rollups.js';
import { isCellName, parseCellName } from '../store/keys.js';

export interface Cell {
  bucket: string;
  region: string;
  dims: Partial<Record<AttributeDimension, string>>;
  fields: Record<string, number>;
}

export function decodeCells(rollup: RollupDefinition, partition: string, bucket: string, attributes: Record<string, unknown>): Cell[] {
  const cells = new Map<string, Cell>();
  for (const [name, value] of Object.entries(attributes)) {
    if (!isCellName(name) || typeof value !== 'number' || value === 0) continue;
    const { cell, field } = parseCellName(rollup.dimensions, name);
    const key = name.slice(0, name.lastIndexOf('|'));
    let c = cells.get(key);
    if (!c) {
      const dims: Partial<Record<AttributeDimension, string>> = {};
      rollup.dimensions.forEach((d, i) => (dims[d] = cell.values[i]));
      c = { bucket, region: cell.region ?? partition, dims, fields: {} };
      cells.set(key, c);
    }
    c.fields[field] = (c.fields[field] ?? 0) + value;
  }
  return [...cells.values()];
}
