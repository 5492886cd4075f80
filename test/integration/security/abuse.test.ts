/**
 * Hostile and malformed requests: each refused with its own stable code before it costs anything, and
 * no input of any shape producing a server error (property-based, fast-check). Production mode: no
 * introspection, no landing page, internal errors masked.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollupStore } from '../../../lambda/store/rollup-store.js';
import { MEASURES } from '../../../lambda/domain/measures.js';
import { graphqlEvent, lambdaContext } from '../../support/api-event.js';
import { buildApiHandler } from '../../support/api-handler.js';
import { authorized, claimsFor, type TestIdentity } from '../../support/identities.js';
import { startTestPlatform, type GraphqlResponse, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { securityDataset } from '../../support/security-dataset.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
  const data = securityDataset();
  for (const kind of ['participants', 'targets', 'budgets', 'contributions', 'claims'] as const) {
    expect((await platform.importCsv(kind, toCsv(data[kind]))).errors).toEqual([]);
  }
  await platform.drain();
});
afterAll(() => platform?.stop());

const codes = (res: GraphqlResponse<unknown>) => res.errors?.map((e) => e.extensions?.code);

describe('documents refused by a limit, each with its code', () => {
  it('refuses deep nesting (QUERY_TOO_DEEP)', async () => {
    const res = await platform.graphql('{ regions { children { children { children { children { children { children { children { code } } } } } } } } }');
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['QUERY_TOO_DEEP']);
    expect(res.data).toBeUndefined();
  });

  it('refuses an alias flood (TOO_MANY_ALIASES)', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => `a${i}: stats(measures: [ACTIVE_PARTICIPANTS], from: "2025-01", to: "2025-12") { totals { value } }`);
    const res = await platform.graphql(`{ ${fields.join(' ')} }`);
    expect(codes(res)).toEqual(['TOO_MANY_ALIASES']);
  });

  it('refuses a directive flood (TOO_MANY_DIRECTIVES)', async () => {
    // Each on its own inline fragment: repeating a directive at one location is refused by graphql itself.
    const res = await platform.graphql(`{ viewer { ${'... on Viewer @include(if: true) { role } '.repeat(11)} } }`);
    expect(codes(res)).toEqual(['TOO_MANY_DIRECTIVES']);
  });

  it('refuses a document of too many tokens before building its syntax tree (TOO_MANY_TOKENS)', async () => {
    const res = await platform.graphql(`{ viewer { ${'role '.repeat(1_200)} } }`);
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['TOO_MANY_TOKENS']);
  });

  it('refuses a document whose static cost is too high (QUERY_TOO_COSTLY)', async () => {
    const page = (alias: string) =>
      `${alias}: participants(filter: { region: "35" }, first: 100) { nodes { participantId nikMasked name gender birthDate periods { start end regencyCode districtCode sector programs fundingSource } } }`;
    const res = await platform.graphql(`{ ${page('a')} ${page('b')} ${page('c')} }`);
    expect(codes(res)).toEqual(['QUERY_TOO_COSTLY']);
    // One full page is within the limit.
    expect(codes(await platform.graphql(`{ ${page('a')} }`))).toBeUndefined();
  });

  it('refuses fragment cycles', async () => {
    const res = await platform.graphql('fragment A on Region { children { ...B } } fragment B on Region { children { ...A } } { regions { ...A } }');
    expect(res.status).toBe(400);
    expect(codes(res)?.[0]).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.map((e) => e.message).join(' ')).toMatch(/cannot spread fragment "A" within itself/i);
  });

  it('refuses huge pages: by their cost when written in the document, by their size when passed as a variable', async () => {
    const literal = await platform.graphql('{ participants(filter: { region: "35.09" }, first: 100000) { nodes { participantId } } }');
    expect(res0(literal)).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
    const participants = await platform.graphql('query($n: Int) { participants(filter: { region: "35.09" }, first: $n) { nodes { participantId } } }', { n: 100_000 });
    expect(res0(participants)).toMatchObject({ code: 'INVALID_INPUT', argument: 'first' });
    const audit = await platform.graphql('query($n: Int) { auditLog(from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z", first: $n) { nodes { seq } } }', { n: 5000 });
    expect(res0(audit)).toMatchObject({ code: 'INVALID_INPUT', argument: 'first' });
  });

  it('refuses oversized bodies before parsing them (413 PAYLOAD_TOO_LARGE)', async () => {
    const res = await platform.api(authorized(graphqlEvent({ query: '{ viewer { role } }', variables: { pad: 'x'.repeat(100_000) } }), claimsFor({ role: 'MINISTRY' })));
    expect(res.statusCode).toBe(413);
    expect(JSON.parse(res.body!).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses batched requests', async () => {
    const res = await platform.api({ ...authorized(graphqlEvent({}), claimsFor({ role: 'MINISTRY' })), body: JSON.stringify([{ query: '{ viewer { role } }' }, { query: '{ viewer { role } }' }]) });
    expect(res.statusCode).toBe(400);
  });

  it('refuses oversized argument lists and malformed codes at the edge, naming the argument', async () => {
    const many = await platform.graphql('query($r: [String!]) { stats(measures: [ACTIVE_PARTICIPANTS], filter: { region: $r }, from: "2025-01", to: "2025-01") { totals { value } } }', {
      r: Array.from({ length: 51 }, () => '35.09'),
    });
    expect(res0(many)).toMatchObject({ code: 'INVALID_INPUT', argument: 'filter.region' });
    expect(res0(await platform.graphql('{ region(code: "Jember") { code } }'))).toMatchObject({ code: 'INVALID_INPUT', argument: 'code' });
    expect(res0(await platform.graphql('{ coverageRanking(province: "99", period: "2025") { period } }'))).toMatchObject({ code: 'UNKNOWN_REGION' });
    const month = 'query($from: Month!) { stats(measures: [ACTIVE_PARTICIPANTS], from: $from, to: "2025-12") { totals { value } } }';
    expect(res0(await platform.graphql(month, { from: '2025-13' }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res0(await platform.graphql('{ stats(measures: [ACTIVE_PARTICIPANTS], from: "2025-13", to: "2025-12") { totals { value } } }'))).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res0(await platform.graphql('{ participants(filter: { region: "35.09", sector: ["ASTRONAUT"] }) { nodes { name } } }'))).toMatchObject({ code: 'INVALID_INPUT', argument: 'sector' });
  });

  it('hides field suggestions, which would map the schema for an attacker', async () => {
    const res = await platform.graphql('{ viewr { role } }');
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).not.toMatch(/did you mean|viewer/i);
  });

  it('answers automatic persisted queries: unknown hash, registration, then the hash alone', async () => {
    const query = '{ viewer { role } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const send = async (body: unknown) => JSON.parse((await platform.api(authorized(graphqlEvent(body), claimsFor({ role: 'PUBLIC' })))).body!) as GraphqlResponse<{ viewer: { role: string } }>;
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    expect(codes(await send({ extensions }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await send({ query, extensions })).data).toEqual({ viewer: { role: 'PUBLIC' } });
    expect((await send({ extensions })).data).toEqual({ viewer: { role: 'PUBLIC' } });
  });
});

const res0 = (res: GraphqlResponse<unknown>) => res.errors?.[0]?.extensions;

describe('production mode', () => {
  const production = () => buildApiHandler(platform, { production: true });
  const call = async (handler: ReturnType<typeof production>['handler'], body: unknown, who: TestIdentity = { role: 'MINISTRY' }) => {
    const res = await handler(authorized(graphqlEvent(body), claimsFor(who)), lambdaContext());
    return { status: res.statusCode, body: res.body ?? '', json: JSON.parse(res.body ?? '{}') as GraphqlResponse<unknown> };
  };

  it('refuses introspection', async () => {
    const res = await call(production().handler, { query: '{ __schema { types { name } } }' });
    expect(res.status).toBe(400);
    expect(codes(res.json)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.body).not.toContain('StatsResult');
  });

  it('serves no landing page', async () => {
    const { handler } = production();
    const event = authorized(graphqlEvent({}, { accept: 'text/html' }), claimsFor({ role: 'MINISTRY' }));
    const res = await handler({ ...event, body: undefined, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'GET' } } }, lambdaContext());
    expect(res.headers?.['content-type'] ?? '').not.toMatch(/html/);
    expect(res.body ?? '').not.toMatch(/<html/i);
  });

  it('masks internal errors: a stable code, no stack trace, no internal names; the detail goes to the log', async () => {
    const { handler, logged } = buildApiHandler(platform, { production: true, shared: { rollups: new RollupStore(platform.runtime.ddb, 'jamrep-missing-stats') } });
    const res = await call(handler, { query: '{ stats(measures: [ACTIVE_PARTICIPANTS], from: "2025-01", to: "2025-01") { totals { value } } }' });
    expect(res.json.errors).toEqual([{ message: 'Internal server error', path: ['stats'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(res.body).not.toMatch(/missing-stats|stack|ResourceNotFound|at \w+ \(/);
    expect(logged.some((l) => l.message === 'internal error' && JSON.stringify(l.details).includes('ResourceNotFound'))).toBe(true);
  });

  it('answers a request that runs past its deadline with TIMEOUT, and audits it', async () => {
    const { handler, logged } = buildApiHandler(platform, { security: { requestTimeoutMs: 1 } });
    const event = authorized(graphqlEvent({ query: '{ coverageRanking(province: "35", period: "2025") { period } }' }), claimsFor({ role: 'MINISTRY' }));
    const res = await handler(event, lambdaContext());
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body!).errors[0].extensions.code).toBe('TIMEOUT');
    expect(logged.find((l) => l.message === 'audit entry appended')).toBeDefined();
    const page = await platform.auditLog.range('2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z', { first: 1000 });
    expect(page.entries.find((e) => e.requestId === event.requestContext.requestId)).toMatchObject({ outcome: 'ERROR', errorCodes: ['TIMEOUT'] });
  });
});

describe('no input of any shape makes the server fail', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const month = fc.tuple(fc.integer({ min: 1995, max: 2030 }), fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
  const code = fc.oneof(fc.constantFrom('35', '35.09', '35.10', '3509', '35.09.01', '35.99', '36', '35.09.00'), fc.string({ maxLength: 20 }));
  const listOf = <T>(a: fc.Arbitrary<T>) => fc.oneof(fc.array(a, { maxLength: 6 }), json);
  const statsVariables = fc.record(
    {
      m: listOf(fc.constantFrom(...MEASURES.map((m) => m.name), 'BOGUS')),
      d: listOf(fc.constantFrom('REGION', 'SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND', 'NOPE')),
      l: fc.oneof(fc.constantFrom('PROVINCE', 'REGENCY', 'DISTRICT'), json),
      f: fc.oneof(
        fc.record({ region: listOf(code), sector: listOf(fc.constantFrom('FISHER', 'TOBACCO_FARMER', 'x')), gender: listOf(fc.constantFrom('L', 'P', 'X')), program: listOf(fc.constantFrom('JKK', 'JHT', 'JKK+JKM')) }, { requiredKeys: [] }),
        json,
      ),
      from: fc.oneof(month, json),
      to: fc.oneof(month, json),
      g: fc.oneof(fc.constantFrom('MONTH', 'QUARTER', 'SEMESTER', 'YEAR'), json),
    },
    { requiredKeys: [] },
  );
  const STATS = `query($m: [Measure!]!, $d: [Dimension!], $l: RegionLevel, $f: StatsFilter, $from: Month!, $to: Month!, $g: Granularity) {
    stats(measures: $m, dimensions: $d, regionLevel: $l, filter: $f, from: $from, to: $to, granularity: $g) { rows { regionCode values { value suppressed } } totals { value } } }`;

  const neverFails = async (query: string, variables: unknown, who: TestIdentity) => {
    const res = await platform.api(authorized(graphqlEvent({ query, variables }), claimsFor(who)));
    expect(res.statusCode).toBeLessThan(500);
    const body = JSON.parse(res.body!) as GraphqlResponse<unknown>;
    for (const e of body.errors ?? []) {
      expect(typeof e.extensions?.code).toBe('string');
      expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    }
  };

  it.each<[string, TestIdentity]>([
    ['ministry', { role: 'MINISTRY' }],
    ['a regency', { role: 'REGENCY', region: '35.09' }],
    ['the public', { role: 'PUBLIC' }],
  ])('stats variables as %s', async (_, who) => {
    await fc.assert(fc.asyncProperty(statsVariables, (v) => neverFails(STATS, v, who)), { numRuns: 120 });
  });

  it('participant drill-down and audit log variables', async () => {
    const participants = fc.record(
      { f: fc.oneof(fc.record({ region: code, sector: listOf(fc.constantFrom('FISHER', 'y')), month: fc.oneof(month, json), status: fc.oneof(fc.constantFrom('ACTIVE', 'ENDED'), json) }, { requiredKeys: [] }), json), n: fc.oneof(fc.integer({ min: -5, max: 500 }), json), a: fc.oneof(fc.base64String({ maxLength: 80 }), json) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(participants, (v) =>
        neverFails('query($f: ParticipantFilter!, $n: Int, $a: String) { participants(filter: $f, first: $n, after: $a) { nodes { participantId } pageInfo { endCursor } } }', v, { role: 'AUDITOR' }),
      ),
      { numRuns: 120 },
    );
    const instant = fc.oneof(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), json);
    const audit = fc.record({ from: instant, to: instant, s: fc.oneof(fc.string({ maxLength: 200 }), json), n: fc.oneof(fc.integer({ min: -5, max: 500 }), json), a: fc.oneof(fc.base64String({ maxLength: 80 }), json) }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(audit, (v) =>
        neverFails('query($from: DateTime!, $to: DateTime!, $s: String, $n: Int, $a: String) { auditLog(from: $from, to: $to, subject: $s, first: $n, after: $a) { nodes { seq } } }', v, { role: 'AUDITOR' }),
      ),
      { numRuns: 80 },
    );
  });
});
