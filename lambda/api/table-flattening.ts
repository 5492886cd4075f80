/**
 * Turns the first list in a GraphQL result into a table: nested objects become dotted columns
 * (`region.code`), lists of measure values (`{ measure, value }`) become one column per measure, and
 * other lists are joined with `; `. Used by the exports (exports.ts) so any query's result can be opened in a spreadsheet.
 */
import type { ExportTable } from '../plan/csv-export.js';

type Json = null | string | number | boolean | Json[] | { [k: string]: Json };

export function firstList(data: Json, path: string[] = []): { path: string[]; items: Json[] } | undefined {
  if (Array.isArray(data)) return { path, items: data };
  if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      const found = firstList(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

function isMeasureList(v: Json): v is Array<{ measure: string } & Record<string, Json>> {
  return Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && typeof x.measure === 'string');
}

function flatten(value: Json, prefix: string, out: Map<string, string | number | null>): void {
  if (value === null || typeof value !== 'object') {
    out.set(prefix, typeof value === 'boolean' ? String(value) : value);
  } else if (isMeasureList(value)) {
    for (const m of value) {
      const v = m.money ?? m.value ?? null;
      out.set(prefix ? `${prefix}.${m.measure}` : m.measure, typeof v === 'number' || typeof v === 'string' ? v : null);
    }
  } else if (Array.isArray(value)) {
    out.set(prefix, value.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('; '));
  } else {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
}

export function toTable(items: Json[]): ExportTable {
  const flat = items.map((item) => {
    const out = new Map<string, string | number | null>();
    flatten(item, '', out);
    return out;
  });
  const columns: string[] = [];
  for (const row of flat) for (const k of row.keys()) if (!columns.includes(k)) columns.push(k);
  return { columns, rows: flat.map((row) => columns.map((c) => row.get(c) ?? null)) };
}
