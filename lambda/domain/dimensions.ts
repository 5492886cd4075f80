/**
 * The dimensions of the semantic layer (besides PERIOD, which every query has at a granularity).
 */
import { AGE_BANDS } from './age-band.js';
import { FUNDING_SOURCES, GENDERS, PROGRAMS, SECTORS } from './codes.js';

export const DIMENSIONS = ['REGION', 'SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Dimensions stored as cell attributes of a rollup (REGION is the cell's place, not an attribute). */
export type AttributeDimension = Exclude<Dimension, 'REGION'>;
export const ATTRIBUTE_DIMENSIONS = ['SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND'] as const satisfies readonly AttributeDimension[];

export interface DimensionDefinition {
  name: Dimension;
  description: string;
  /** Allowed values, for validating filters; REGION values are checked against the region catalogue. */
  values: readonly string[] | 'regions';
}

/** FUNDING_SOURCE -> fundingSource: a dimension's name as a GraphQL field (StatsFilter, StatsRow). */
export type FieldName<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Lowercase<Head>}${Capitalize<FieldName<Tail>>}` : Lowercase<S>;

export function fieldName<D extends Dimension>(d: D): FieldName<D> {
  return d.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as FieldName<D>;
}

export const DIMENSION_CATALOGUE: Record<Dimension, DimensionDefinition> = {
  REGION: { name: 'REGION', description: 'Province, regency/city or district, at the level the query asks', values: 'regions' },
  SECTOR: { name: 'SECTOR', description: "The participant's occupation sector", values: SECTORS },
  PROGRAM: {
    name: 'PROGRAM',
    description:
      'Social-security program (JKK, JKM, JHT). A participant enrolled in JKK+JKM counts under JKK and under JKM, so program rows of counts do not add up to the total.',
    values: PROGRAMS,
  },
  FUNDING_SOURCE: { name: 'FUNDING_SOURCE', description: 'Who pays the contribution', values: FUNDING_SOURCES },
  GENDER: { name: 'GENDER', description: 'L (laki-laki, male) or P (perempuan, female)', values: GENDERS },
  AGE_BAND: { name: 'AGE_BAND', description: 'Age in whole years on the last day of the period', values: AGE_BANDS },
};
