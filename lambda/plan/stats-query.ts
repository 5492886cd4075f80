/** A statistics query as the semantic layer sees it, and its validation against the catalogue. Pure. */
import { ATTRIBUTE_DIMENSIONS, DIMENSION_CATALOGUE, type AttributeDimension, type Dimension } from '../domain/dimensions.js';
import { DomainError } from '../domain/errors.js';
import { measureByName, supportedDimensions, supportedRegionLevels } from '../domain/measures.js';
import { bucketsBetween, type Bucket, type Granularity, type Month } from '../domain/period.js';
import { levelOf, normalizeRegionCode, REGION_LEVELS, type RegionCatalog, type RegionLevel } from '../domain/regions.js';

export interface StatsQuery {
  measures: string[];
  dimensions: Dimension[];
  /** The level of REGION rows; also the finest level the query reads. */
  regionLevel: RegionLevel;
  filter: Partial<Record<Dimension, string[]>>;
  from: Month;
  to: Month;
  granularity: Granularity;
}

export interface ValidQuery extends StatsQuery {
  buckets: Bucket[];
  /** Attribute dimensions the query groups or filters by. */
  attributeDims: AttributeDimension[];
  /** The finest region level the query needs cells at. */
  cellLevel: RegionLevel;
}

const finer = (a: RegionLevel, b: RegionLevel) => (REGION_LEVELS.indexOf(a) >= REGION_LEVELS.indexOf(b) ? a : b);

export function validateQuery(q: StatsQuery, regions: RegionCatalog): ValidQuery {
  if (q.measures.length === 0) throw new DomainError('INVALID_INPUT', 'Ask for at least one measure');
  const buckets = bucketsBetween(q.from, q.to, q.granularity);
  if (buckets.length > 240) throw new DomainError('INVALID_INPUT', `The query spans ${buckets.length} periods; at most 240 are allowed`);
  const filter: Partial<Record<Dimension, string[]>> = {};
  for (const [dim, values] of Object.entries(q.filter) as Array<[Dimension, string[] | undefined]>) {
    if (!values) continue;
    if (values.length === 0) throw new DomainError('INVALID_INPUT', `Filter on ${dim} has no values`);
    const def = DIMENSION_CATALOGUE[dim];
    if (def.values === 'regions') {
      filter[dim] = values.map((v) => {
        const code = normalizeRegionCode(v);
        const known = code !== undefined && regions.isQueryable(code);
        if (!code || !known) throw new DomainError('UNKNOWN_REGION', `Unknown region "${v}" in the REGION filter`, { region: v });
        return code;
      });
    } else {
      const bad = values.filter((v) => !(def.values as readonly string[]).includes(v));
      if (bad.length > 0) {
        throw new DomainError('INVALID_INPUT', `Unknown ${dim} value(s) ${bad.join(', ')}; allowed: ${def.values.join(', ')}`, { dimension: dim });
      }
      filter[dim] = [...values];
    }
  }
  const used = new Set<Dimension>([...q.dimensions, ...(Object.keys(filter) as Dimension[])]);
  let cellLevel: RegionLevel = q.dimensions.includes('REGION') ? q.regionLevel : 'PROVINCE';
  for (const code of filter.REGION ?? []) cellLevel = finer(cellLevel, levelOf(code));
  for (const name of q.measures) {
    if (!measureByName(name)) throw new DomainError('INVALID_INPUT', `Unknown measure ${name}`);
    const supported = supportedDimensions(name);
    for (const d of used) {
      if (!supported.has(d)) {
        throw new DomainError('UNSUPPORTED_DIMENSION', `Measure ${name} does not support dimension ${d}`, { measure: name, dimension: d });
      }
    }
    if (!supportedRegionLevels(name).includes(cellLevel)) {
      throw new DomainError(
        'UNSUPPORTED_DIMENSION',
        `Measure ${name} does not support REGION at level ${cellLevel} (supported: ${supportedRegionLevels(name).join(', ')})`,
        { measure: name, dimension: 'REGION', level: cellLevel },
      );
    }
  }
  return {
    ...q,
    filter,
    buckets,
    attributeDims: ATTRIBUTE_DIMENSIONS.filter((d) => used.has(d)),
    cellLevel,
  };
}
