/**
 * The query audit log: one hash-chained entry per request whatever its outcome, appended without forks
 * by concurrent requests, readable by auditors page by page, verified (and tamper found) by
 * `npm run audit:verify`, and no data without an entry.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecurityConfig } from '../../../lambda/api/security-config.js';
import type { AuditEntry, AuditRecord } from '../../../lambda/store/audit-chain.js';
import { AuditLog } from '../../../lambda/store/audit-log.js';
import { verifyAuditLog } from '../../../lambda/store/audit-verify.js';
import { createDynamoClient } from '../../../lambda/store/client.js';
import { auditKeys } from '../../../lambda/store/keys.js';
import { graphqlEvent, lambdaContext } from '../../support/api-event.js';
import { buildApiHandler } from '../../support/api-handler.js';
import { authorized, claimsFor, type TestIdentity } from '../../support/identities.js';
import { startTestPlatform, type GraphqlResponse, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { PEOPLE, securityDataset } from '../../support/security-dataset.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startTestPlatform();
  const data = securityDataset();
  for (const kind of ['participants', 'targets'] as const) expect((await platform.importCsv(kind, toCsv(data[kind]))).errors).toEqual([]);
  await platform.drain();
});
afterAll(() => platform?.stop());

const ALL_TIME = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' };

async function allEntries(): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  await verifyAuditLog(platform.auditLog, { onEntry: (e) => entries.push(e) });
  return entries;
}

async function entryOf(requestId: string): Promise<AuditEntry> {
  const found = (await allEntries()).filter((e) => e.requestId === requestId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** An audit record as the API handler appends it, for tests that append directly. */
function auditRecord(requestId: string, subject = requestId): Omit<AuditRecord, 'at'> {
  return {
    requestId,
    subject,
    role: 'MINISTRY',
    scope: null,
    operationName: null,
    queryHash: null,
    variables: null,
    regions: [],
    rows: 0,
    outcome: 'OK',
    errorCodes: [],
    durationMs: 1,
  };
}

function request(body: unknown, who: TestIdentity | null, headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return authorized(graphqlEvent(body, headers), who ? claimsFor(who) : undefined);
}

describe('query audit log', () => {
  it('records who asked what, with personal data redacted, which regions were read and how many rows came back', async () => {
    const query = 'query Drill($f: ParticipantFilter!) { participants(filter: $f, first: 5) { nodes { participantId } } }';
    const event = request({ query, operationName: 'Drill', variables: { f: { region: '35.09' }, nik: PEOPLE[0]!.nik, name: PEOPLE[0]!.name } }, { role: 'AUDITOR', sub: 'bpk-17' });
    const res = await platform.api(event);
    expect(res.statusCode).toBe(200);
    const entry = await entryOf(event.requestContext.requestId);
    expect(entry).toMatchObject({
      subject: 'bpk-17',
      role: 'AUDITOR',
      scope: null,
      operationName: 'Drill',
      queryHash: createHash('sha256').update(query).digest('hex'),
      regions: ['35.09'],
      rows: 5,
      outcome: 'OK',
      errorCodes: [],
    });
    expect(JSON.parse(entry.variables!)).toEqual({ f: { region: '35.09' }, nik: '[REDACTED]', name: '[REDACTED]' });
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
  });

  it('appends exactly one entry for every request, refused or not, of every role', async () => {
    const before = (await allEntries()).length;
    const stats = '{ stats(measures: [ACTIVE_PARTICIPANTS], from: "2025-06", to: "2025-06") { totals { value } } }';
    const events = [
      request({ query: stats }, { role: 'MINISTRY' }),
      request({ query: stats }, { role: 'PROVINCE', region: '35' }),
      request({ query: stats }, { role: 'REGENCY', region: '35.09' }),
      request({ query: stats }, { role: 'PUBLIC' }),
      request({ query: stats }, { role: 'AUDITOR' }),
      request({ query: '{ participants(filter: { region: "35.09" }) { nodes { name } } }' }, { role: 'REGENCY', region: '35.09' }),
      request({ query: stats }, null),
      request({ query: `{ regions { code } } #${'x'.repeat(70_000)}` }, { role: 'MINISTRY' }),
      request({ query: '{ nope }' }, { role: 'MINISTRY' }),
    ];
    const statuses = [];
    for (const e of events) statuses.push((await platform.api(e)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 401, 413, 400]);
    const entries = await allEntries();
    expect(entries.length - before).toBe(events.length);
    const byRequest = new Map(entries.map((e) => [e.requestId, e]));
    const outcome = (i: number) => {
      const e = byRequest.get(events[i]!.requestContext.requestId)!;
      return [e.role, e.scope, e.outcome, e.errorCodes];
    };
    expect(events.map((_, i) => outcome(i))).toEqual([
      ['MINISTRY', null, 'OK', []],
      ['PROVINCE', '35', 'OK', []],
      ['REGENCY', '35.09', 'OK', []],
      ['PUBLIC', null, 'OK', []],
      ['AUDITOR', null, 'OK', []],
      ['REGENCY', '35.09', 'ERROR', ['FORBIDDEN']],
      [null, null, 'ERROR', ['UNAUTHENTICATED']],
      ['MINISTRY', null, 'ERROR', ['PAYLOAD_TOO_LARGE']],
      ['MINISTRY', null, 'ERROR', ['GRAPHQL_VALIDATION_FAILED']],
    ]);
    // The regency user's figures were read from its own regency only.
    expect(byRequest.get(events[2]!.requestContext.requestId)!.regions).toEqual(['35.09']);
  });

  it('keeps every chain whole when many requests append at once', async () => {
    const before = (await allEntries()).length;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => platform.api(request({ query: '{ viewer { role } }' }, { role: 'MINISTRY', sub: `concurrent-${i}` }))),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const report = await verifyAuditLog(platform.auditLog);
    expect(report.broken).toBeUndefined();
    expect(report.chains.reduce((s, c) => s + c.verified, 0) - before).toBe(40);
    for (const c of report.chains) expect(c.head.seq).toBe(c.verified);
  });

  it('keeps a chain whole when several instances, each queueing its own appends, race for it', async () => {
    // Five Lambda instances (five AuditLog objects), each with eight requests in flight, all on chain 0:
    // within an instance appends queue, across instances they race for the sequence numbers and retry.
    const table = loadSecurityConfig().auditTable;
    const instances = Array.from({ length: 5 }, () => new AuditLog(platform.runtime.ddb, table, { chains: platform.auditLog.chains }));
    const appended = await Promise.all(
      instances.flatMap((log, i) =>
        Array.from({ length: 8 }, (_, j) =>
          log.append(auditRecord(`race-${i}-${j}`, `instance-${i}-${j}`), 0),
        ),
      ),
    );
    const seqs = appended.map((e) => e.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(40);
    expect(seqs[seqs.length - 1]! - seqs[0]!).toBe(39);
    const report = await verifyAuditLog(platform.auditLog);
    expect(report.broken).toBeUndefined();
    for (const c of report.chains) expect(c.head.seq).toBe(c.verified);
  });

  it('appends in one round trip while an instance alone writes a chain, and at the next number once another has moved it on', async () => {
    const table = loadSecurityConfig().auditTable;
    const client = createDynamoClient(platform.runtime.config);
    const sent: string[] = [];
    client.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName ?? '?');
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    const chain = platform.auditLog.chains - 1;
    const a = new AuditLog(client, table, { chains: platform.auditLog.chains });
    const b = new AuditLog(platform.runtime.ddb, table, { chains: platform.auditLog.chains });
    const a1 = await a.append(auditRecord('head-a1'), chain);
    const a2 = await a.append(auditRecord('head-a2'), chain);
    expect(a2.seq).toBe(a1.seq + 1);
    expect(a2.prevHash).toBe(a1.hash);
    // The head is read once; the second append builds on the one the instance wrote itself.
    expect(sent).toEqual(['QueryCommand', 'TransactWriteItemsCommand', 'TransactWriteItemsCommand']);

    const b1 = await b.append(auditRecord('head-b1'), chain);
    const b2 = await b.append(auditRecord('head-b2'), chain);
    sent.length = 0;
    const a3 = await a.append(auditRecord('head-a3'), chain);
    // a's remembered head (a2) is stale: its transaction is cancelled, it reads b2 and appends after it.
    expect([b1.seq, b2.seq, a3.seq]).toEqual([a2.seq + 1, a2.seq + 2, a2.seq + 3]);
    expect(a3.prevHash).toBe(b2.hash);
    expect(sent).toEqual(['TransactWriteItemsCommand', 'QueryCommand', 'TransactWriteItemsCommand']);
    const report = await verifyAuditLog(platform.auditLog);
    expect(report.broken).toBeUndefined();
    for (const c of report.chains) expect(c.head.seq).toBe(c.verified);
    client.destroy();
  });

  it('lets auditors page through a time range, oldest first, optionally for one subject', async () => {
    const expected = (await allEntries()).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.chain - b.chain || a.seq - b.seq));
    const query = `query($from: DateTime!, $to: DateTime!, $subject: String, $after: String) {
      auditLog(from: $from, to: $to, subject: $subject, first: 7, after: $after) { nodes { chain seq subject hash } pageInfo { hasNextPage endCursor } } }`;
    const seen: Array<{ chain: number; seq: number; subject: string | null }> = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res: GraphqlResponse<{ auditLog: { nodes: typeof seen; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }> = await platform.graphql(query, { ...ALL_TIME, after });
      expect(res.errors).toBeUndefined();
      seen.push(...res.data!.auditLog.nodes);
      after = res.data!.auditLog.pageInfo.endCursor;
      if (!res.data!.auditLog.pageInfo.hasNextPage) break;
    }
    // Reading the log appends to it: compare with what existed before the first page.
    expect(seen.slice(0, expected.length).map((e) => `${e.chain}/${e.seq}`)).toEqual(expected.map((e) => `${e.chain}/${e.seq}`));

    const mine = await platform.graphql<{ auditLog: { nodes: typeof seen } }>(query, { ...ALL_TIME, subject: 'bpk-17' });
    expect(mine.data!.auditLog.nodes.map((n) => n.subject)).toEqual(['bpk-17']);
  });

  it('refuses a cursor issued for another range, and page sizes beyond the limit', async () => {
    const query = 'query($from: DateTime!, $to: DateTime!, $first: Int, $after: String) { auditLog(from: $from, to: $to, first: $first, after: $after) { pageInfo { endCursor } } }';
    const first = await platform.graphql<{ auditLog: { pageInfo: { endCursor: string } } }>(query, { ...ALL_TIME, first: 1 });
    const cursor = first.data!.auditLog.pageInfo.endCursor;
    const other = await platform.graphql(query, { ...ALL_TIME, from: '2001-01-01T00:00:00Z', first: 1, after: cursor });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'after' });
    // The fingerprint is public knowledge (a hash of the arguments): a forged position must still be refused.
    const fingerprint = createHash('sha256').update(JSON.stringify([ALL_TIME.from, ALL_TIME.to, null])).digest('hex').slice(0, 16);
    const forged = Buffer.from(JSON.stringify({ f: fingerprint, p: { 0: 'S#000000000000001' } })).toString('base64url');
    expect((await platform.graphql(query, { ...ALL_TIME, first: 1, after: forged })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'after' });
    const huge = await platform.graphql(query, { ...ALL_TIME, first: 100_000 });
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'first' });
  });

  it('withholds the data when the entry cannot be written', async () => {
    const { handler } = buildApiHandler(platform, { shared: { auditLog: new AuditLog(platform.runtime.ddb, 'no-such-audit-table', { maxAttempts: 1 }) } });
    const res = await handler(request({ query: '{ participants(filter: { region: "35.09" }) { nodes { name } } }' }, { role: 'AUDITOR' }), lambdaContext());
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body!)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
    expect(res.body).not.toContain(PEOPLE[0]!.name);
  });
});

describe('npm run audit:verify', () => {
  const verify = (...args: string[]) =>
    spawnSync('npx', ['tsx', 'lambda/api/audit-verify-cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } });

  it('walks every chain, exports the entries, and fails at the one entry that was altered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jamrep-audit-'));
    const intact = verify('--export', join(dir, 'audit.jsonl'));
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/verified/);
    const exported = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditEntry);
    expect(exported.length).toBeGreaterThan(50);

    // Alter the 3rd entry of a chain that has at least 5, as someone with write access to the table could.
    const chain = exported.filter((e) => e.seq === 5)[0]!.chain;
    const { ddb } = platform.runtime;
    const table = loadSecurityConfig().auditTable;
    const items = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :t)',
        ExpressionAttributeValues: marshall({ ':pk': auditKeys.chainPartition(chain), ':t': auditKeys.entryPrefix }),
      }),
    );
    const third = items.Items!.map((i) => unmarshall(i)).find((i) => i.seq === 3)!;
    await ddb.send(new PutItemCommand({ TableName: table, Item: marshall({ ...third, rows: (third.rows as number) + 1 }) }));

    const broken = verify();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`chain ${chain}, entry 3`);
    expect(broken.stderr).toMatch(/altered/);

    // Put back as it was: the chain verifies again (nothing else was touched).
    await ddb.send(new PutItemCommand({ TableName: table, Item: marshall(third) }));
    expect(verify().status).toBe(0);
  });

  it('fails when the table no longer matches an anchor copied from the API log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jamrep-anchor-'));
    const entry = (await allEntries()).find((e) => e.seq === 2)!;
    const anchors = join(dir, 'anchors.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(anchors, `${JSON.stringify({ message: 'audit entry appended', auditChain: entry.chain, auditSeq: 2, auditHash: entry.hash })}\n`);
    expect(verify('--anchors', anchors).status).toBe(0);
    writeFileSync(anchors, `${JSON.stringify({ auditChain: entry.chain, auditSeq: 2, auditHash: 'f'.repeat(64) })}\n`);
    const res = verify('--anchors', anchors);
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/anchor/);
  });
});
