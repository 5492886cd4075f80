/**
 * The auditors' participant drill-down: filters, cursor pagination from the participants-by-regency
 * index, and cursors that cannot be bent to another filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type GraphqlResponse, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { PEOPLE, securityDataset } from '../../support/security-dataset.js';

// Beside the 12 ongoing participants of Jember (security-dataset.ts): two whose coverage ended, and one
// who moved from Banyuwangi (2024) to Jember (2025-).
const person = (id: string, serial: string) => ({ participant_id: id, nik: `350901010190${serial}`, name: `Extra ${id}`, gender: 'L', birth_date: '1990-01-01', district_code: '', programs: 'JKK+JKM' });
const EXTRA = [
  { ...person('31000000001', '0901'), regency_code: '35.09', sector: 'FISHER', funding_source: 'DBHCHT', start_month: '2024-01', end_month: '2024-12' },
  { ...person('31000000002', '0902'), regency_code: '35.09', sector: 'FISHER', funding_source: 'APBD', start_month: '2024-06', end_month: '2025-03' },
  { ...person('31000000003', '0903'), regency_code: '35.10', sector: 'TOBACCO_FARMER', funding_source: 'DBHCHT', start_month: '2024-01', end_month: '2024-12' },
  { ...person('31000000003', '0903'), regency_code: '35.09', sector: 'TOBACCO_FARMER', funding_source: 'DBHCHT', start_month: '2025-01', end_month: '' },
];
const JEMBER = PEOPLE.filter((p) => p.regency === '35.09').map((p) => p.participantId);

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  expect((await platform.importCsv('participants', toCsv([...securityDataset().participants, ...EXTRA]))).errors).toEqual([]);
  await platform.drain();
});
afterAll(() => platform?.stop());

type Page = { participants: { nodes: Array<{ participantId: string; periods: Array<{ start: string; regencyCode: string }> }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
const QUERY = `query($f: ParticipantFilter!, $n: Int, $a: String) { participants(filter: $f, first: $n, after: $a) {
  nodes { participantId periods { start regencyCode } } pageInfo { hasNextPage endCursor } } }`;

async function all(filter: Record<string, unknown>, first = 4): Promise<Page['participants']['nodes']> {
  const out: Page['participants']['nodes'] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res: GraphqlResponse<Page> = await platform.graphql(QUERY, { f: filter, n: first, a: after });
    expect(res.errors).toBeUndefined();
    expect(res.data!.participants.nodes.length).toBeLessThanOrEqual(first);
    out.push(...res.data!.participants.nodes);
    if (!res.data!.participants.pageInfo.hasNextPage) return out;
    after = res.data!.participants.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}
const ids = (nodes: Page['participants']['nodes']) => nodes.map((n) => n.participantId);

describe('participant drill-down', () => {
  it('pages through a regency in participant-id order, each participant once', async () => {
    const nodes = await all({ region: '35.09' });
    expect(ids(nodes)).toEqual([...JEMBER, '31000000001', '31000000002', '31000000003'].sort());
  });

  it('pages through a province regency by regency', async () => {
    expect(ids(await all({ region: '35' }, 10))).toHaveLength(26 + 3);
  });

  it('shows only the coverage periods inside the requested region', async () => {
    const moved = (await all({ region: '35.09' })).find((n) => n.participantId === '31000000003')!;
    expect(moved.periods).toEqual([{ start: '2025-01', regencyCode: '35.09' }]);
    const province = (await all({ region: '35' }, 30)).find((n) => n.participantId === '31000000003')!;
    expect(province.periods.map((p) => p.regencyCode)).toEqual(['35.10', '35.09']);
  });

  it('drills into the participants without a district as district <regency>.00, and refuses a district that does not exist', async () => {
    // Every participant here was imported without a district, so Jember's no-district cell holds them all.
    expect(ids(await all({ region: '35.09.00' }))).toEqual([...JEMBER, '31000000001', '31000000002', '31000000003'].sort());
    for (const region of ['35.09.99', '35.99.00']) {
      const res = await platform.graphql(QUERY, { f: { region }, n: 2 });
      expect(res.errors?.[0]?.extensions, region).toMatchObject({ code: 'UNKNOWN_REGION' });
    }
  });

  it.each([
    ['ongoing coverage', { status: 'ACTIVE' }, [...JEMBER, '31000000003']],
    ['ended coverage', { status: 'ENDED' }, ['31000000001', '31000000002']],
    ['covered in 2025-02', { month: '2025-02' }, [...JEMBER, '31000000002', '31000000003']],
    ['covered in 2024-07 (inside Jember)', { month: '2024-07' }, ['31000000001', '31000000002']],
    ['ended before 2025-06', { month: '2025-06', status: 'ENDED' }, ['31000000001', '31000000002']],
    ['fishers', { sector: ['FISHER'] }, [...PEOPLE.filter((p) => p.regency === '35.09' && p.sector === 'FISHER').map((p) => p.participantId), '31000000001', '31000000002']],
    ['paid from APBD in 2025-02', { fundingSource: ['APBD'], month: '2025-02' }, [...PEOPLE.filter((p) => p.funding === 'APBD').map((p) => p.participantId), '31000000002']],
  ])('filters by %s', async (_, filter, expected) => {
    expect(ids(await all({ region: '35.09', ...filter }))).toEqual([...expected].sort());
  });

  it('refuses a cursor from another filter, a forged cursor and a page size beyond 100', async () => {
    const first: GraphqlResponse<Page> = await platform.graphql(QUERY, { f: { region: '35.09' }, n: 2 });
    const cursor = first.data!.participants.pageInfo.endCursor!;
    const other = await platform.graphql(QUERY, { f: { region: '35.09', sector: ['FISHER'] }, n: 2, a: cursor });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'after' });
    const forged = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, string>;
    const elsewhere = Buffer.from(JSON.stringify({ ...forged, r: '35.10' })).toString('base64url');
    expect((await platform.graphql(QUERY, { f: { region: '35.09' }, n: 2, a: elsewhere })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'after' });
    expect((await platform.graphql(QUERY, { f: { region: '35.09' }, n: 101 })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'first' });
    expect((await platform.graphql(QUERY, { f: { region: '35.09' }, n: 0 })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'first' });
  });
});
