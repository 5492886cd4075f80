/**
 * Region reference data (Kemendagri codes, dotted): province `35`, regency/city `35.09`, district `35.09.01`.
 * The list is data: reference/regions.json, generated from the npm package idn-area-data at install time
 * (scripts/build-regions.mjs); `regionsFromTable` turns that table into regions, `RegionCatalog` answers
 * lookups on it. About 7,800 regions: every lookup goes through an index, none scans.
 */
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

/** The generated reference table (reference/regions.json): `[code, name]` pairs per level. */
export interface RegionTable {
  /** The package and version the table was built from, e.g. `idn-area-data@4.0.1`. */
  source: string;
  provinces: readonly (readonly [string, string])[];
  regencies: readonly (readonly [string, string])[];
  districts: readonly (readonly [string, string])[];
}

/** Kemendagri names a city "Kota ..." and every other second-level region "Kabupaten ...". */
export function regencyType(name: string): 'kabupaten' | 'kota' {
  return /^kota\b/i.test(name) ? 'kota' : 'kabupaten';
}

/**
 * The regions of a reference table. Level and parent come from the code (its parts, its prefix), the
 * type from the level and, for regencies, the name; names are kept as the source gives them.
 */
export function regionsFromTable(table: RegionTable): Region[] {
  const region = (code: string, name: string, level: RegionLevel, type: string): Region => {
    if (!CODE_RE.test(code) || levelOf(code) !== level) throw new Error(`${table.source}: "${code}" is not a ${level.toLowerCase()} code`);
    return { code, name, level, type, parent: parentOf(code) };
  };
  return [
    ...table.provinces.map(([code, name]) => region(code, name, 'PROVINCE', 'provinsi')),
    ...table.regencies.map(([code, name]) => region(code, name, 'REGENCY', regencyType(name))),
    ...table.districts.map(([code, name]) => region(code, name, 'DISTRICT', 'kecamatan')),
  ];
}

const byCode = (a: Region, b: Region) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

export class RegionCatalog {
  private readonly byCode = new Map<string, Region>();
  /** Direct children of each region, in code order ('' holds the provinces). */
  private readonly childrenOf = new Map<string, Region[]>();
  /** The districts, until something first asks about one (see `withLazyDistricts`). */
  private pendingDistricts: (() => Iterable<Region>) | undefined;

  constructor(regions: Iterable<Region>) {
    this.add(regions);
  }

  /**
   * A catalog of `upper` (provinces and regencies) that adds the districts only when a lookup first
   * reaches the district level: an API cold start builds the ~500 upper regions, not the ~7,300
   * districts most dashboard queries never touch (README, Cold start). Answers are those of
   * `new RegionCatalog([...upper, ...districts()])`; a faulty district list throws on that first lookup.
   */
  static withLazyDistricts(upper: Iterable<Region>, districts: () => Iterable<Region>): RegionCatalog {
    const catalog = new RegionCatalog(upper);
    catalog.pendingDistricts = districts;
    return catalog;
  }

  /** Adds regions whose parents are listed (before or among them), keeping every child list in code order. */
  private add(regions: Iterable<Region>): void {
    const added: Region[] = [];
    for (const r of regions) {
      if (this.byCode.has(r.code)) throw new Error(`Region ${r.code} is listed twice`);
      this.byCode.set(r.code, r);
      added.push(r);
    }
    const touched = new Set<Region[]>();
    for (const r of added) {
      const parent = r.parent ?? '';
      if (r.parent !== undefined && !this.byCode.has(r.parent)) throw new Error(`Region ${r.code} has no parent ${r.parent} in the list`);
      let list = this.childrenOf.get(parent);
      if (!list) this.childrenOf.set(parent, (list = []));
      list.push(r);
      touched.add(list);
    }
    for (const list of touched) list.sort(byCode);
  }

  /** Called before any lookup that can reach the district level. */
  private withDistricts(): this {
    const pending = this.pendingDistricts;
    if (pending) {
      this.pendingDistricts = undefined;
      const districts = [...pending()];
      const misplaced = districts.find((r) => r.level !== 'DISTRICT');
      if (misplaced) throw new Error(`Region ${misplaced.code} is not a district`);
      this.add(districts);
    }
    return this;
  }

  /** The catalog to look `code` up in: districts only exist once loaded. */
  private forCode(code: string): this {
    return this.pendingDistricts && levelOf(code) === 'DISTRICT' ? this.withDistricts() : this;
  }

  get(code: string): Region | undefined {
    return this.forCode(code).byCode.get(code);
  }

  require(code: string): Region {
    const region = this.forCode(code).byCode.get(code);
    if (!region) throw new DomainError('UNKNOWN_REGION', `Unknown region "${code}"`, { region: code });
    return region;
  }

  /**
   * The regions inside `parent` (the whole country when undefined) at `level`, in code order; without
   * a level, the direct children (the provinces when `parent` is undefined).
   */
  children(parent: string | undefined, level?: RegionLevel): Region[] {
    if (this.pendingDistricts) {
      const depth = level ? REGION_LEVELS.indexOf(level) + 1 : parent === undefined ? 1 : depthOf(parent) + 1;
      if (depth >= REGION_LEVELS.length) this.withDistricts();
    }
    const direct = this.childrenOf.get(parent ?? '') ?? [];
    if (parent === undefined && (level === undefined || level === 'PROVINCE')) return [...direct];
    if (level === undefined) return [...direct];
    const start = parent === undefined ? 0 : depthOf(parent);
    const target = REGION_LEVELS.indexOf(level) + 1;
    if (target <= start) return [];
    // Walk down level by level: each step reads only the children of the regions found so far.
    let found = direct;
    for (let d = start + 1; d < target; d++) found = found.flatMap((r) => this.childrenOf.get(r.code) ?? []);
    return [...found];
  }

  provinces(): Region[] {
    return this.children(undefined);
  }

  /** The districts (kecamatan) of a regency, in code order; empty for an unknown regency. */
  districtsOf(regency: string): Region[] {
    return this.isKnownRegency(regency) ? this.children(regency, 'DISTRICT') : [];
  }

  /**
   * How many regions of `level` lie inside `within` (the whole country when absent), e.g. the
   * districts of a province: what bounds the cells of a rollup item partitioned by that region.
   */
  count(level: RegionLevel, within?: string): number {
    if (level === 'DISTRICT') this.withDistricts();
    else if (within !== undefined) this.forCode(within);
    if (within !== undefined && !this.byCode.has(within)) return 0;
    if (within !== undefined && levelOf(within) === level) return 1;
    return this.children(within, level).length;
  }

  /** A regency known to the catalogue: the import contract requires it. */
  isKnownRegency(code: string): boolean {
    return this.byCode.get(code)?.level === 'REGENCY';
  }

  /** A district (kecamatan) known to the catalogue. */
  isKnownDistrict(code: string): boolean {
    return this.forCode(code).byCode.get(code)?.level === 'DISTRICT';
  }

  /**
   * A region a query may filter on: a known region, or `<regency>.00` of a known regency, the cell that
   * holds a regency's participants without a district. Any other district code is a typo that would
   * otherwise answer zeros.
   */
  isQueryable(code: string): boolean {
    if (this.forCode(code).byCode.has(code)) return true;
    return levelOf(code) === 'DISTRICT' && code.endsWith('.00') && this.isKnownRegency(code.slice(0, -3));
  }
}

function depthOf(code: string): number {
  return code.split('.').length;
}
