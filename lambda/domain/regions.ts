/**
 * Region reference data (Kemendagri codes, dotted): province `35`, regency/city `35.09`, district `35.09.01`.
 * Provinces are added as data (one CSV per province in reference/regions/), not code.
 */
import { parse } from 'csv-parse/sync';
import { DomainError } from './errors.js';

export const REGION_LEVELS = ['PROVINCE', 'REGENCY', 'DISTRICT'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  /** kabupaten / kota for regencies, provinsi, kecamatan. */
  type: string;
  parent: string | undefined;
}

const CODE_RE = /^\d{2}(\.\d{2}(\.\d{2})?)?$/;

export function levelOf(code: string): RegionLevel {
  const parts = code.split('.').length;
  return parts === 1 ? 'PROVINCE' : parts === 2 ? 'REGENCY' : 'DISTRICT';
}

export function parentOf(code: string): string | undefined {
  const i = code.lastIndexOf('.');
  return i < 0 ? undefined : code.slice(0, i);
}

/** The region containing `code` at a coarser (or equal) level: `ancestorAt('35.09.01', 'REGENCY')` = `35.09`. */
export function ancestorAt(code: string, level: RegionLevel): string {
  const parts = code.split('.');
  const depth = REGION_LEVELS.indexOf(level) + 1;
  if (parts.length < depth) throw new Error(`${code} is coarser than ${level}`);
  return parts.slice(0, depth).join('.');
}

/** True when `code` equals `container` or lies inside it. */
export function isWithin(code: string, container: string): boolean {
  return code === container || code.startsWith(`${container}.`);
}

/**
 * Accepts the dotted Kemendagri form (`35.09`) and the undotted form (`3509`) and returns the dotted one,
 * which is the only form stored. Returns undefined when the text is not a region code.
 */
export function normalizeRegionCode(text: string): string | undefined {
  const t = text.trim();
  if (CODE_RE.test(t)) return t;
  if (/^\d{2}(\d{2}(\d{2})?)?$/.test(t)) return t.match(/\d{2}/g)!.join('.');
  return undefined;
}

export class RegionCatalog {
  private readonly byCode = new Map<string, Region>();

  constructor(regions: Region[]) {
    for (const r of regions) this.byCode.set(r.code, r);
  }

  get(code: string): Region | undefined {
    return this.byCode.get(code);
  }

  require(code: string): Region {
    const region = this.byCode.get(code);
    if (!region) throw new DomainError('UNKNOWN_REGION', `Unknown region "${code}"`, { region: code });
    return region;
  }

  children(parent: string | undefined, level?: RegionLevel): Region[] {
    return [...this.byCode.values()]
      .filter((r) => (parent === undefined ? r.level === 'PROVINCE' : isWithin(r.code, parent) && r.code !== parent))
      .filter((r) => (level ? r.level === level : parent === undefined || r.parent === parent))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  provinces(): Region[] {
    return this.children(undefined, 'PROVINCE');
  }

  /** A regency known to the catalogue: the import contract requires it. */
  isKnownRegency(code: string): boolean {
    return this.byCode.get(code)?.level === 'REGENCY';
  }
}

const PROVINCE_NAMES: Record<string, string> = { '35': 'Jawa Timur' };

/**
 * Parses one province's CSV (code,name,type). The province row itself is optional: it is derived from the
 * regencies' codes, named from the file name (e.g. `35-jawa-timur.csv`) when the file has no row for it.
 */
export function parseRegionsCsv(csvText: string, fileName: string): Region[] {
  const rows = parse(csvText, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const regions: Region[] = rows.map((r, i) => {
    const code = normalizeRegionCode(r.code ?? '');
    if (!code) throw new Error(`${fileName} line ${i + 2}: "${r.code}" is not a region code`);
    return { code, name: r.name ?? code, level: levelOf(code), type: r.type ?? '', parent: parentOf(code) };
  });
  const provinceCodes = new Set(regions.map((r) => ancestorAt(r.code, 'PROVINCE')));
  for (const p of provinceCodes) {
    if (regions.some((r) => r.code === p)) continue;
    const fromFile = /^\d{2}-(.+)\.csv$/.exec(fileName)?.[1];
    const name =
      PROVINCE_NAMES[p] ?? (fromFile ? fromFile.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') : p);
    regions.push({ code: p, name, level: 'PROVINCE', type: 'provinsi', parent: undefined });
  }
  return regions;
}
