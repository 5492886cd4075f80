/**
 * A filtered measure is one catalogue entry. This file adds hypothetical measures in a test-only
 * extension of lambda/domain/measure-catalogue.ts (vi.mock) and nothing else: the GraphQL schema the
 * handler serves, the planner, the engine and the resolvers pick them up, and their figures equal the
 * independent reference's base measure under the same fixed filter.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { datasetFromRows, referenceStats, type RefQuery } from '../../support/reference/reference-stats.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { randomDataset, toCsv } from '../../support/random-dataset.js';
import { STATS_QUERY } from '../../support/stats-compare.js';

const HYPOTHETICAL = vi.hoisted(() => [
  {
    kind: 'filtered',
    name: 'DBHCHT_PARTICIPANTS',
    description: 'Test only: ACTIVE_PARTICIPANTS whose contributions DBHCHT pays.',
    measure: 'ACTIVE_PARTICIPANTS',
    filter: { FUNDING_SOURCE: ['DBHCHT'] },
  },
  {
    kind: 'filtered',
    name: 'DBHCHT_TOBACCO_PARTICIPANT_MONTHS',
    description: 'Test only: PARTICIPANT_MONTHS of DBHCHT-funded tobacco farm workers and farmers.',
    measure: 'PARTICIPANT_MONTHS',
    filter: { FUNDING_SOURCE: ['DBHCHT'], SECTOR: ['TOBACCO_FARM_WORKER', 'TOBACCO_FARMER'] },
  },
  {
    kind: 'ratio',
    name: 'DBHCHT_COVERAGE_RATE',
    description: 'Test only: DBHCHT_PARTICIPANTS / TARGET_WORKERS (a ratio over a filtered measure).',
    unit: 'RATIO',
    left: { measure: 'DBHCHT_PARTICIPANTS' },
    right: { measure: 'TARGET_WORKERS' },
  },
] as const);

vi.mock('../../../lambda/domain/measure-catalogue.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lambda/domain/measure-catalogue.js')>();
  return { MEASURES: [...original.MEASURES, ...HYPOTHETICAL] };
});

const data = randomDataset(11, 400);
const reference = datasetFromRows(data);
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
  for (const kind of ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const) {
    const report = await platform.importCsv(kind, toCsv(data[kind]));
    expect(report.errors).toEqual([]);
  }
  await platform.drain();
});
afterAll(() => platform?.stop());

const FIELD: Record<string, string> = { REGION: 'regionCode', SECTOR: 'sector', PROGRAM: 'program', FUNDING_SOURCE: 'fundingSource', GENDER: 'gender', AGE_BAND: 'ageBand' };
const FILTER_FIELD: Record<string, string> = { ...FIELD, REGION: 'region' };
type Row = Record<string, string | null> & { period: string; values: Array<{ measure: string; value: number | null; unit?: string }> };

/** `measure` through GraphQL, as a map "period|dims" -> value, and its totals. */
async function served(measure: string, query: Omit<RefQuery, 'measures'>) {
  const filter = Object.fromEntries(Object.entries(query.filter ?? {}).map(([d, v]) => [FILTER_FIELD[d]!, v]));
  const res = await platform.graphql<{ stats: { rows: Row[]; totals: Row['values'] } }>(STATS_QUERY, { ...query, measures: [measure], filter });
  expect(res.errors).toBeUndefined();
  const rows = new Map(res.data!.stats.rows.map((r) => [[r.period, ...query.dimensions.map((d) => r[FIELD[d]!])].join('|'), r.values[0]!.value]));
  return { rows, total: res.data!.stats.totals[0]!.value };
}

/** The reference's `measure` with `fixed` added to the query's filter (both must hold: values in both). */
function expected(measure: string, query: Omit<RefQuery, 'measures'>, fixed: Record<string, string[]>) {
  const filter: Record<string, string[]> = { ...query.filter };
  for (const [d, values] of Object.entries(fixed)) filter[d] = filter[d] ? filter[d].filter((v) => values.includes(v)) : values;
  const result = referenceStats(reference, { ...query, measures: [measure], filter });
  const rows = new Map(result.rows.map((r) => [[r.period, ...query.dimensions.map((d) => r.dims[d])].join('|'), r.values[measure]!]));
  return { rows, total: result.totals[measure]! };
}

const DBHCHT = { FUNDING_SOURCE: ['DBHCHT'] };
const TOBACCO = { FUNDING_SOURCE: ['DBHCHT'], SECTOR: ['TOBACCO_FARM_WORKER', 'TOBACCO_FARMER'] };

describe('a filtered measure defined by one catalogue entry', () => {
  it('is in the served schema with its description and counts in its base unit', async () => {
    const res = await platform.graphql<{ __type: { enumValues: Array<{ name: string; description: string }> } }>(
      '{ __type(name: "Measure") { enumValues { name description } } }',
    );
    expect(res.data!.__type.enumValues).toContainEqual({ name: 'DBHCHT_PARTICIPANTS', description: HYPOTHETICAL[0].description });
    const units = await platform.graphql<{ stats: { totals: Array<{ measure: string; unit: string }> } }>(
      '{ stats(measures: [DBHCHT_PARTICIPANTS, DBHCHT_TOBACCO_PARTICIPANT_MONTHS, DBHCHT_COVERAGE_RATE], from: "2025-12", to: "2025-12") { totals { measure unit } } }',
    );
    expect(units.errors).toBeUndefined();
    expect(units.data!.stats.totals.map((t) => t.unit)).toEqual(['PARTICIPANTS', 'PARTICIPANT_MONTHS', 'RATIO']);
  });

  it.each<[string, string, string, Omit<RefQuery, 'measures'>, Record<string, string[]>]>([
    ['by regency per quarter', 'DBHCHT_PARTICIPANTS', 'ACTIVE_PARTICIPANTS', { dimensions: ['REGION'], regionLevel: 'REGENCY', from: '2024-01', to: '2025-12', granularity: 'QUARTER' }, DBHCHT],
    ['by funding source: the DBHCHT row only', 'DBHCHT_PARTICIPANTS', 'ACTIVE_PARTICIPANTS', { dimensions: ['FUNDING_SOURCE', 'SECTOR'], from: '2025-01', to: '2025-12', granularity: 'SEMESTER' }, DBHCHT],
    ['narrowed by the query filter', 'DBHCHT_PARTICIPANTS', 'ACTIVE_PARTICIPANTS', { dimensions: ['GENDER'], filter: { FUNDING_SOURCE: ['DBHCHT', 'APBD'], REGION: ['35.09'] }, from: '2025-01', to: '2025-06', granularity: 'MONTH' }, DBHCHT],
    ['districts', 'DBHCHT_PARTICIPANTS', 'ACTIVE_PARTICIPANTS', { dimensions: ['REGION'], regionLevel: 'DISTRICT', filter: { REGION: ['35.10'] }, from: '2025-01', to: '2025-12', granularity: 'QUARTER' }, DBHCHT],
    ['two fixed dimensions, a flow, by gender and age band', 'DBHCHT_TOBACCO_PARTICIPANT_MONTHS', 'PARTICIPANT_MONTHS', { dimensions: ['GENDER', 'AGE_BAND'], from: '2024-01', to: '2025-12', granularity: 'YEAR' }, TOBACCO],
    ['two fixed dimensions by sector', 'DBHCHT_TOBACCO_PARTICIPANT_MONTHS', 'PARTICIPANT_MONTHS', { dimensions: ['SECTOR', 'REGION'], regionLevel: 'PROVINCE', from: '2025-01', to: '2025-12', granularity: 'QUARTER' }, TOBACCO],
  ])('%s: %s equals the reference %s under the fixed filter', async (_, measure, base, query, fixed) => {
    const want = expected(base, query, fixed);
    expect(want.rows.size).toBeGreaterThan(0);
    // The fixed filter matters for this data (else the test could not tell it was applied).
    expect(want.total).not.toBe(expected(base, query, {}).total);
    expect(await served(measure, query)).toEqual(want);
  });

  it('a query filter outside the fixed one leaves nothing', async () => {
    const got = await served('DBHCHT_PARTICIPANTS', { dimensions: [], filter: { FUNDING_SOURCE: ['APBD'] }, from: '2025-12', to: '2025-12', granularity: 'MONTH' });
    expect(got).toEqual({ rows: new Map(), total: 0 });
  });

  it('a ratio over a filtered measure: DBHCHT-funded active / target, per regency', async () => {
    const query: Omit<RefQuery, 'measures'> = { dimensions: ['REGION'], regionLevel: 'REGENCY', from: '2025-01', to: '2025-12', granularity: 'YEAR' };
    const active = expected('ACTIVE_PARTICIPANTS', query, DBHCHT);
    const target = expected('TARGET_WORKERS', query, {});
    const got = await served('DBHCHT_COVERAGE_RATE', query);
    const round = (v: number | null) => (v === null ? null : Math.round(v * 1e9) / 1e9);
    const keys = new Set([...active.rows.keys(), ...target.rows.keys()]);
    expect(keys.size).toBeGreaterThan(0);
    const want = new Map([...keys].map((k) => [k, round((target.rows.get(k) ?? 0) === 0 ? null : (active.rows.get(k) ?? 0) / target.rows.get(k)!)]));
    expect(new Map([...got.rows].map(([k, v]) => [k, round(v)]))).toEqual(want);
    expect(round(got.total)).toBe(round(active.total! / target.total!));
  });

  it('keeps the dimensions of its base: CLAIMS-like cuts its base lacks are refused as for the base', async () => {
    const res = await platform.graphql('{ stats(measures: [DBHCHT_COVERAGE_RATE], dimensions: [GENDER], from: "2025-12", to: "2025-12") { totals { value } } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UNSUPPORTED_DIMENSION', measure: 'DBHCHT_COVERAGE_RATE', dimension: 'GENDER' });
  });
});
