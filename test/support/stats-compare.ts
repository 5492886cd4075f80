/** Runs a stats query through GraphQL and compares rows and totals with the reference implementation. */
import { expect } from 'vitest';
import { referenceStats, type Dataset, type RefQuery } from './reference/reference-stats.js';
import type { TestPlatform } from './platform.js';

export const STATS_QUERY = `query Stats($measures: [Measure!]!, $dimensions: [Dimension!], $regionLevel: RegionLevel, $filter: StatsFilter, $from: Month!, $to: Month!, $granularity: Granularity) {
  stats(measures: $measures, dimensions: $dimensions, regionLevel: $regionLevel, filter: $filter, from: $from, to: $to, granularity: $granularity) {
    rows { period regionCode sector program fundingSource gender ageBand values { measure value } }
    totals { measure value }
  }
}`;

/** The StatsFilter field of each dimension. */
export const FILTER_FIELDS: Record<string, string> = {
  REGION: 'region',
  SECTOR: 'sector',
  PROGRAM: 'program',
  FUNDING_SOURCE: 'fundingSource',
  GENDER: 'gender',
  AGE_BAND: 'ageBand',
};
const ROW_FIELDS: Record<string, string> = { ...FILTER_FIELDS, REGION: 'regionCode' };

type GqlRow = Record<string, string | null> & { period: string; values: Array<{ measure: string; value: number | null }> };

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1e9) / 1e9;
}

export async function compareWithReference(platform: TestPlatform, data: Dataset, query: RefQuery): Promise<void> {
  const filter = Object.fromEntries(Object.entries(query.filter ?? {}).map(([k, v]) => [FILTER_FIELDS[k]!, v]));
  const res = await platform.graphql<{ stats: { rows: GqlRow[]; totals: Array<{ measure: string; value: number | null }> } }>(STATS_QUERY, {
    ...query,
    filter,
  });
  expect(res.errors).toBeUndefined();
  const expected = referenceStats(data, query);
  const key = (period: string, dims: Record<string, string | null | undefined>) =>
    `${period}|${query.dimensions.map((d) => dims[d] ?? '').join('|')}`;
  const actual = new Map(
    res.data!.stats.rows.map((r) => [
      key(r.period, Object.fromEntries(query.dimensions.map((d) => [d, r[ROW_FIELDS[d]!]]))),
      Object.fromEntries(r.values.map((v) => [v.measure, round(v.value)])),
    ]),
  );
  const wanted = new Map(
    expected.rows.map((r) => [key(r.period, r.dims), Object.fromEntries(Object.entries(r.values).map(([m, v]) => [m, round(v)]))]),
  );
  expect(expected.rows.length).toBeGreaterThan(0);
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(wanted));
  expect(Object.fromEntries(res.data!.stats.totals.map((t) => [t.measure, round(t.value)]))).toEqual(
    Object.fromEntries(Object.entries(expected.totals).map(([m, v]) => [m, round(v)])),
  );
}
