/**
 * Who may see what across provinces: the national views and the provincial ones, for three provinces
 * (33, 35, 52, see national-dataset.ts), with callers scoped to each of them and to a regency of two,
 * through the Lambda handler. National views (no province) need a caller without a region scope: anyone
 * scoped gets FORBIDDEN naming the country (ID). Figures come from the reference implementation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestIdentity } from '../../support/identities.js';
import { nationalDataset } from '../../support/national-dataset.js';
import { nationalReferenceRegions, useNationalRegions } from '../../support/national-regions.js';
import { startTestPlatform, type GraphqlResponse, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { datasetFromRows, loadRegions, referenceNationalRanking, referenceRanking, referenceRealization } from '../../support/reference/reference-stats.js';

const WHO = {
  ministry: { role: 'MINISTRY' },
  province33: { role: 'PROVINCE', region: '33' },
  province35: { role: 'PROVINCE', region: '35' },
  province52: { role: 'PROVINCE', region: '52' },
  regency3509: { role: 'REGENCY', region: '35.09' },
  regency5203: { role: 'REGENCY', region: '52.03' },
  auditor: { role: 'AUDITOR' },
  inspectorate52: { role: 'AUDITOR', region: '52' },
} as const satisfies Record<string, TestIdentity>;
type Who = keyof typeof WHO;

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Expected = { data: (d: Data) => void } | { code: string; region: string };

const rows = nationalDataset();
const reference = datasetFromRows(rows);
const regions = nationalReferenceRegions(loadRegions());

const ok = (check: (d: Data) => void): Expected => ({ data: check });
const forbidden = (region: string): Expected => ({ code: 'FORBIDDEN', region });
/** Unscoped callers get `yes`; every scoped one is refused with `no`. */
const unscopedOnly = (yes: Expected, no: Expected): Record<Who, Expected> => ({
  ministry: yes,
  auditor: yes,
  province33: no,
  province35: no,
  province52: no,
  regency3509: no,
  regency5203: no,
  inspectorate52: no,
});
/** Callers whose scope contains `region` get `yes`; the others FORBIDDEN naming it. */
const within = (region: string, yes: Expected): Record<Who, Expected> =>
  Object.fromEntries(
    (Object.keys(WHO) as Who[]).map((who) => {
      const scope = (WHO[who] as TestIdentity).region;
      return [who, scope === undefined || region === scope || region.startsWith(`${scope}.`) ? yes : forbidden(region)];
    }),
  ) as Record<Who, Expected>;

const ranked = (codes: Array<[string, number, number | null]>) => (d: Data) =>
  expect(d.coverageRanking.entries.map((e: Data) => [e.region.code, e.activeParticipants, e.coverageRate])).toEqual(codes);

const provinces = referenceNationalRanking(reference, regions, 'PROVINCE', '2025-06');
const country = referenceNationalRanking(reference, regions, 'REGENCY', '2025-06');
const of52 = referenceRanking(reference, regions, '52', '2025-06');
const of33 = referenceRanking(reference, regions, '33', '2025-06');
const triple = (e: { regencyCode: string; activeParticipants: number; coverageRate: number | null }): [string, number, number | null] => [
  e.regencyCode,
  e.activeParticipants,
  e.coverageRate,
];
const paidOf = (codes: string[]) => referenceRealization(reference, codes, 2025, 'YEAR')[0]!.paidIdr;

interface Case {
  name: string;
  query: string;
  expect: Record<Who, Expected>;
}

const CASES: Case[] = [
  {
    name: 'every province (reference data)',
    query: '{ regions(level: PROVINCE) { code } }',
    expect: Object.fromEntries(
      (Object.keys(WHO) as Who[]).map((w) => [w, ok((d) => expect(d.regions.map((r: Data) => r.code)).toEqual(expect.arrayContaining(['33', '35', '52'])))]),
    ) as Record<Who, Expected>,
  },
  {
    name: 'national ranking of the provinces',
    query: '{ coverageRanking(period: "2025-06") { province { code } level entries { region { code } activeParticipants coverageRate } } }',
    expect: unscopedOnly(ok(ranked(provinces.map(triple))), forbidden('ID')),
  },
  {
    name: 'national ranking of every regency (first 3)',
    query: '{ coverageRanking(period: "2025-06", level: REGENCY, first: 3) { total entries { region { code } activeParticipants coverageRate } } }',
    expect: unscopedOnly(ok(ranked(country.slice(0, 3).map(triple))), forbidden('ID')),
  },
  {
    name: 'ranking of province 52',
    query: '{ coverageRanking(province: "52", period: "2025-06") { entries { region { code } activeParticipants coverageRate } } }',
    expect: { ...within('52', ok(ranked(of52.map(triple)))), regency5203: forbidden('52') },
  },
  {
    name: 'ranking of province 33',
    query: '{ coverageRanking(province: "33", period: "2025-06") { entries { region { code } activeParticipants coverageRate } } }',
    expect: within('33', ok(ranked(of33.map(triple)))),
  },
  {
    name: 'national DBHCHT realization',
    query: '{ nationalDbhchtRealization(fiscalYear: 2025) { total { paid } provinces { region { code } total { paid } } } }',
    expect: unscopedOnly(
      ok((d) => {
        expect(d.nationalDbhchtRealization.total.paid).toBe(paidOf([]));
        expect(d.nationalDbhchtRealization.provinces.map((p: Data) => [p.region.code, p.total.paid])).toEqual(['33', '35', '52'].map((c) => [c, paidOf([c])]));
      }),
      forbidden('ID'),
    ),
  },
  ...(['33', '35', '52', '52.03', '35.09'] as const).map(
    (code): Case => ({
      name: `DBHCHT realization of ${code}`,
      query: `{ dbhchtRealization(fiscalYear: 2025, ${code.includes('.') ? 'regency' : 'province'}: "${code}") { total { paid } } }`,
      expect: within(code, ok((d) => expect(d.dbhchtRealization.total.paid).toBe(paidOf([code])))),
    }),
  ),
  {
    name: 'stats of every province',
    query: '{ stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [REGION], regionLevel: PROVINCE, from: "2025-06", to: "2025-06") { rows { regionCode values { value } } } }',
    expect: (() => {
      const active = Object.fromEntries(provinces.filter((p) => p.activeParticipants > 0).map((p) => [p.regencyCode, p.activeParticipants]));
      const rowsOf = (d: Data) => Object.fromEntries(d.stats.rows.map((r: Data) => [r.regionCode, r.values[0].value]));
      // A province user's query is narrowed to its province; a regency user cannot see a province's row.
      const only = (p: string) => ok((d) => expect(rowsOf(d)).toEqual({ [p]: active[p] }));
      return {
        ministry: ok((d) => expect(rowsOf(d)).toEqual(active)),
        auditor: ok((d) => expect(rowsOf(d)).toEqual(active)),
        province33: only('33'),
        province35: only('35'),
        province52: only('52'),
        inspectorate52: only('52'),
        regency3509: forbidden('35'),
        regency5203: forbidden('52'),
      };
    })(),
  },
];

let platform: TestPlatform;

beforeAll(async () => {
  useNationalRegions();
  platform = await startTestPlatform();
  for (const kind of ['participants', 'targets', 'budgets', 'contributions'] as const) {
    const report = await platform.importCsv(kind, toCsv(rows[kind]));
    expect(report.errors, kind).toEqual([]);
  }
  await platform.drain();
});
afterAll(async () => platform?.stop());

function check(res: GraphqlResponse<Data>, expected: Expected): void {
  if ('data' in expected) {
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expected.data(res.data!);
    return;
  }
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual([expected.code]);
  expect(Object.values(res.data ?? {}).filter((v) => v !== null)).toEqual([]);
  expect(res.errors![0]!.extensions!.region).toBe(expected.region);
}

describe('access matrix across provinces: role x scope x national and provincial views', () => {
  const cells = CASES.flatMap((c) => (Object.keys(WHO) as Who[]).map((who) => [c.name, who, c] as const));
  it.each(cells)('%s as %s', async (_, who, c) => {
    check(await platform.graphql<Data>(c.query, undefined, WHO[who]), c.expect[who]);
  });

  it('answers an unknown province with UNKNOWN_REGION', async () => {
    const res = await platform.graphql('{ coverageRanking(province: "99", period: "2025") { total } }', undefined, WHO.ministry);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNKNOWN_REGION']);
  });
});
