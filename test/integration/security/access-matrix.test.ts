/**
 * Who may see what: every role, with an in-scope and an out-of-scope region, against every query of the
 * API, through the Lambda handler as API Gateway delivers requests after its JWT authorizer. Each cell
 * asserts either the figures (counted by hand from the dataset, see security-dataset.ts) or the error
 * code, and for FORBIDDEN the region it names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestIdentity } from '../../support/identities.js';
import { startTestPlatform, type GraphqlResponse, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { securityDataset } from '../../support/security-dataset.js';

const WHO = {
  ministry: { role: 'MINISTRY' },
  province: { role: 'PROVINCE', region: '35' },
  regency: { role: 'REGENCY', region: '35.09' },
  auditor: { role: 'AUDITOR' },
  inspectorate: { role: 'AUDITOR', region: '35.10' },
  public: { role: 'PUBLIC' },
} as const satisfies Record<string, TestIdentity>;
type Who = keyof typeof WHO;

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A cell of the matrix: the data a caller gets (checked), or the error code (and the region FORBIDDEN names). */
type Expected = { data: (d: Data) => void } | { code: string; region?: string };

const ok = (check: (d: Data) => void): Expected => ({ data: check });
const forbidden = (region?: string): Expected => ({ code: 'FORBIDDEN', ...(region ? { region } : {}) });
const ROLE_FORBIDDEN: Expected = { code: 'FORBIDDEN' };

const statsOf = (region: string | null) => ({
  query: `query($f: StatsFilter) { stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [REGION], filter: $f, from: "2025-06", to: "2025-06") {
    rows { regionCode values { value suppressed } } totals { value suppressed } } }`,
  variables: { f: region ? { region: [region] } : null },
});
/** regionCode -> value (null = suppressed, and then flagged). */
const rowsOf = (d: Data) =>
  Object.fromEntries(
    (d.stats.rows as Array<{ regionCode: string; values: Array<{ value: number | null; suppressed: boolean }> }>).map((r) => {
      expect(r.values[0]!.suppressed).toBe(r.values[0]!.value === null);
      return [r.regionCode, r.values[0]!.value];
    }),
  );
const total = (value: number) => (d: Data) => expect(d.stats.totals[0]).toEqual({ value, suppressed: false });

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  expect: Record<Who, Expected>;
}

const all = (e: Expected): Record<Who, Expected> => ({ ministry: e, province: e, regency: e, auditor: e, inspectorate: e, public: e });
const auditorsOnly = (auditor: Expected, inspectorate: Expected): Record<Who, Expected> => ({
  ministry: ROLE_FORBIDDEN,
  province: ROLE_FORBIDDEN,
  regency: ROLE_FORBIDDEN,
  auditor,
  inspectorate,
  public: ROLE_FORBIDDEN,
});

const participantsOf = (region: string) => ({
  query: `query($r: String!) { participants(filter: { region: $r }, first: 50) { nodes { participantId nikMasked name periods { regencyCode } } pageInfo { hasNextPage } } }`,
  variables: { r: region },
});
const participantCount = (n: number, regency: string) => (d: Data) => {
  expect(d.participants.nodes).toHaveLength(n);
  for (const p of d.participants.nodes) expect(p.periods.map((x: { regencyCode: string }) => x.regencyCode)).toEqual([regency]);
  expect(d.participants.pageInfo.hasNextPage).toBe(false);
};

const CASES: Case[] = [
  {
    name: 'viewer',
    query: '{ viewer { role scope { code } minimumCellCount } }',
    expect: {
      ministry: ok((d) => expect(d.viewer).toEqual({ role: 'MINISTRY', scope: null, minimumCellCount: null })),
      province: ok((d) => expect(d.viewer).toEqual({ role: 'PROVINCE', scope: { code: '35' }, minimumCellCount: null })),
      regency: ok((d) => expect(d.viewer).toEqual({ role: 'REGENCY', scope: { code: '35.09' }, minimumCellCount: null })),
      auditor: ok((d) => expect(d.viewer).toEqual({ role: 'AUDITOR', scope: null, minimumCellCount: null })),
      inspectorate: ok((d) => expect(d.viewer).toEqual({ role: 'AUDITOR', scope: { code: '35.10' }, minimumCellCount: null })),
      public: ok((d) => expect(d.viewer).toEqual({ role: 'PUBLIC', scope: null, minimumCellCount: 10 })),
    },
  },
  // Reference data (codes and names) is not personal and not a statistic: every role reads all of it.
  { name: 'regions of the province', query: '{ regions(parent: "35") { code } }', expect: all(ok((d) => expect(d.regions).toHaveLength(38))) },
  { name: 'a region outside any regency scope', query: '{ region(code: "35.10") { name } }', expect: all(ok((d) => expect(d.region.name).toMatch(/Banyuwangi/i))) },
  {
    name: 'stats of 35.09',
    ...statsOf('35.09'),
    expect: {
      ministry: ok(total(12)),
      province: ok(total(12)),
      regency: ok(total(12)),
      auditor: ok(total(12)),
      inspectorate: forbidden('35.09'),
      public: ok(total(12)),
    },
  },
  {
    name: 'stats of 35.10 (3 participants: below k for PUBLIC)',
    ...statsOf('35.10'),
    expect: {
      ministry: ok(total(3)),
      province: ok(total(3)),
      regency: forbidden('35.10'),
      auditor: ok(total(3)),
      inspectorate: ok(total(3)),
      public: ok((d) => {
        expect(rowsOf(d)).toEqual({ '35.10': null });
        expect(d.stats.totals[0]).toEqual({ value: null, suppressed: true });
      }),
    },
  },
  {
    name: 'stats of the province',
    ...statsOf('35'),
    expect: {
      ministry: ok(total(26)),
      province: ok(total(26)),
      regency: forbidden('35'),
      auditor: ok(total(26)),
      inspectorate: forbidden('35'),
      public: ok(total(26)),
    },
  },
  {
    name: 'stats without a region filter: the scope becomes the filter',
    ...statsOf(null),
    expect: {
      ministry: ok((d) => expect(rowsOf(d)).toEqual({ '35.09': 12, '35.10': 3, '35.11': 11 })),
      province: ok((d) => expect(rowsOf(d)).toEqual({ '35.09': 12, '35.10': 3, '35.11': 11 })),
      regency: ok((d) => expect(rowsOf(d)).toEqual({ '35.09': 12 })),
      auditor: ok((d) => expect(rowsOf(d)).toEqual({ '35.09': 12, '35.10': 3, '35.11': 11 })),
      inspectorate: ok((d) => expect(rowsOf(d)).toEqual({ '35.10': 3 })),
      // 35.10 (3) is below k; 35.11 (11, the smallest other) is withheld too, or 26 - 12 - 11 would give it away.
      public: ok((d) => {
        expect(rowsOf(d)).toEqual({ '35.09': 12, '35.10': null, '35.11': null });
        expect(d.stats.totals[0]).toEqual({ value: 26, suppressed: false });
      }),
    },
  },
  {
    name: 'coverage ranking of the province',
    query: '{ coverageRanking(province: "35", period: "2025-06") { entries { rank region { code } activeParticipants coverageRate suppressed } } }',
    expect: (() => {
      // Rates: 35.11 11/40 = 0.275, 35.09 12/100 = 0.12, 35.10 3/50 = 0.06; the other 35 regencies have no target.
      const full = ok((d) => {
        const top = d.coverageRanking.entries.slice(0, 3).map((e: Data) => [e.rank, e.region.code, e.activeParticipants, e.coverageRate]);
        expect(top).toEqual([
          [1, '35.11', 11, 0.275],
          [2, '35.09', 12, 0.12],
          [3, '35.10', 3, 0.06],
        ]);
        expect(d.coverageRanking.entries).toHaveLength(38);
      });
      return {
        ministry: full,
        province: full,
        regency: forbidden('35'),
        auditor: full,
        inspectorate: forbidden('35'),
        public: ok((d) => {
          const byCode = Object.fromEntries(d.coverageRanking.entries.map((e: Data) => [e.region.code, e]));
          expect(byCode['35.09']).toMatchObject({ rank: 1, activeParticipants: 12, coverageRate: 0.12, suppressed: false });
          for (const code of ['35.10', '35.11']) expect(byCode[code]).toMatchObject({ activeParticipants: null, coverageRate: null, suppressed: true });
        }),
      };
    })(),
  },
  {
    name: 'DBHCHT realization of 35.09',
    query: '{ dbhchtRealization(fiscalYear: 2025, regency: "35.09") { total { allocation paid participantsCovered suppressed } } }',
    expect: (() => {
      const full = ok((d) => expect(d.dbhchtRealization.total).toEqual({ allocation: 1_000_000_000, paid: 168_000, participantsCovered: 10, suppressed: false }));
      return {
        ministry: full,
        province: full,
        regency: full,
        auditor: full,
        inspectorate: forbidden('35.09'),
        // One payment billing 10 participant-months in a year: at least 1 person, below k; the 10 covered remain.
        public: ok((d) => expect(d.dbhchtRealization.total).toEqual({ allocation: 1_000_000_000, paid: null, participantsCovered: 10, suppressed: true })),
      };
    })(),
  },
  {
    name: 'DBHCHT realization of 35.10',
    query: '{ dbhchtRealization(fiscalYear: 2025, regency: "35.10") { total { allocation participantsCovered } } }',
    expect: {
      ministry: ok((d) => expect(d.dbhchtRealization.total).toEqual({ allocation: 0, participantsCovered: 3 })),
      province: ok((d) => expect(d.dbhchtRealization.total).toEqual({ allocation: 0, participantsCovered: 3 })),
      regency: forbidden('35.10'),
      auditor: ok((d) => expect(d.dbhchtRealization.total).toEqual({ allocation: 0, participantsCovered: 3 })),
      inspectorate: ok((d) => expect(d.dbhchtRealization.total).toEqual({ allocation: 0, participantsCovered: 3 })),
      public: ok((d) => expect(d.dbhchtRealization.total).toEqual({ allocation: 0, participantsCovered: null })),
    },
  },
  { name: 'participants of 35.09', ...participantsOf('35.09'), expect: auditorsOnly(ok(participantCount(12, '35.09')), forbidden('35.09')) },
  { name: 'participants of 35.10', ...participantsOf('35.10'), expect: auditorsOnly(ok(participantCount(3, '35.10')), ok(participantCount(3, '35.10'))) },
  {
    name: 'audit log',
    query: '{ auditLog(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", first: 5) { nodes { seq } } }',
    expect: auditorsOnly(ok((d) => expect(d.auditLog.nodes).toHaveLength(5)), forbidden()),
  },
  {
    // The five files of beforeAll, in the order imported, each with its own ledger entry.
    name: 'import ledger',
    query: '{ imports(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z") { entries { kind outcome } } }',
    expect: auditorsOnly(
      ok((d) => expect(d.imports.entries.map((e: { kind: string }) => e.kind)).toEqual(['participants', 'claims', 'contributions', 'budgets', 'targets'])),
      forbidden(),
    ),
  },
  {
    name: 'anomalies of 35.09',
    query: '{ anomalies(filter: { region: ["35.09"] }) { id } }',
    expect: auditorsOnly(ok((d) => expect(Array.isArray(d.anomalies)).toBe(true)), forbidden('35.09')),
  },
  {
    name: 'reconciliation of 35.09',
    query: '{ reconciliation(fiscalYear: 2025, regency: "35.09") { allocation } }',
    expect: (() => {
      const full = ok((d) => expect(d.reconciliation.allocation).toBe(1_000_000_000));
      return { ministry: full, province: full, regency: full, auditor: full, inspectorate: forbidden('35.09'), public: ROLE_FORBIDDEN };
    })(),
  },
];

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
  const data = securityDataset();
  for (const kind of ['participants', 'claims', 'contributions', 'budgets', 'targets'] as const) {
    const report = await platform.importCsv(kind, toCsv(data[kind]));
    expect(report.errors).toEqual([]);
  }
  await platform.drain();
});
afterAll(() => platform?.stop());

function check(res: GraphqlResponse<Data>, expected: Expected): void {
  if ('data' in expected) {
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expected.data(res.data!);
    return;
  }
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual([expected.code]);
  // Never an empty answer instead of the refusal.
  expect(Object.values(res.data ?? {}).filter((v) => v !== null)).toEqual([]);
  if (expected.region) {
    expect(res.errors![0]!.extensions!.region).toBe(expected.region);
    expect(res.errors![0]!.message).toContain(expected.region);
  }
}

describe('access matrix: role x region scope x query', () => {
  const cells = CASES.flatMap((c) => (Object.keys(WHO) as Who[]).map((who) => [c.name, who, c] as const));
  it.each(cells)('%s as %s', async (_, who, c) => {
    check(await platform.graphql<Data>(c.query, c.variables, WHO[who]), c.expect[who]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s without a token: UNAUTHENTICATED (401)', async (_, c) => {
    const res = await platform.graphql(c.query, c.variables, null);
    expect(res.status).toBe(401);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeUndefined();
  });
});

describe('identity', () => {
  it.each([
    ['no role', { sub: 'x', 'cognito:groups': '[]' }],
    ['an unknown group', { sub: 'x', 'cognito:groups': '[ADMIN]' }],
    ['two roles', { sub: 'x', 'cognito:groups': '[AUDITOR PUBLIC]' }],
    ['a regency role without a region', { sub: 'x', 'cognito:groups': '[REGENCY]' }],
    ['a regency role with a province', { sub: 'x', 'cognito:groups': '[REGENCY]', 'custom:region': '35' }],
    ['a province role with an unknown province', { sub: 'x', 'cognito:groups': '[PROVINCE]', 'custom:region': '39' }],
  ])('refuses an account with %s (403 FORBIDDEN)', async (_, claims) => {
    const { graphqlEvent } = await import('../../support/api-event.js');
    const { authorized } = await import('../../support/identities.js');
    const res = await platform.api(authorized(graphqlEvent({ query: '{ viewer { role } }' }), claims));
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body!).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('reads identity only from the authorizer: headers claiming a role are ignored', async () => {
    const { graphqlEvent } = await import('../../support/api-event.js');
    const res = await platform.api(
      graphqlEvent({ query: '{ viewer { role } }' }, { 'x-jwt-claims': JSON.stringify({ sub: 'x', 'cognito:groups': ['MINISTRY'] }), 'x-role': 'MINISTRY', authorization: 'Bearer whatever' }),
    );
    expect(res.statusCode).toBe(401);
  });

  it('accepts cognito:groups as the JWT authorizer flattens it, and as a JSON array', async () => {
    const { graphqlEvent } = await import('../../support/api-event.js');
    const { authorized } = await import('../../support/identities.js');
    for (const groups of ['[REGENCY]', 'REGENCY', ['REGENCY']]) {
      const claims = { sub: 'x', 'cognito:groups': groups, 'custom:region': '3509' } as unknown as Record<string, string>;
      const res = await platform.api(authorized(graphqlEvent({ query: '{ viewer { role scope { code } } }' }), claims));
      expect(JSON.parse(res.body!).data.viewer).toEqual({ role: 'REGENCY', scope: { code: '35.09' } });
    }
  });
});

describe('no figure crosses scopes', () => {
  it('answers the same persisted query for each caller with that caller\'s own figures', async () => {
    const { graphqlEvent } = await import('../../support/api-event.js');
    const { authorized, claimsFor } = await import('../../support/identities.js');
    const { createHash } = await import('node:crypto');
    const query = '{ stats(measures: [ACTIVE_PARTICIPANTS], from: "2025-06", to: "2025-06") { totals { value } } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    const send = async (who: TestIdentity, withQuery: boolean) => {
      const res = await platform.api(authorized(graphqlEvent(withQuery ? { query, extensions: persisted } : { extensions: persisted }), claimsFor(who)));
      return JSON.parse(res.body!) as GraphqlResponse<Data>;
    };
    // Registered by the ministry, then asked by hash alone by a regency and a province user.
    expect((await send(WHO.ministry, true)).data!.stats.totals[0].value).toBe(26);
    expect((await send(WHO.regency, false)).data!.stats.totals[0].value).toBe(12);
    expect((await send(WHO.inspectorate, false)).data!.stats.totals[0].value).toBe(3);
    expect((await send(WHO.ministry, false)).data!.stats.totals[0].value).toBe(26);
  });
});
