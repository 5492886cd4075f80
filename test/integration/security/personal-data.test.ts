/**
 * Personal data: no full NIK in any response, log line, audit entry or stored rollup, whatever callers
 * ask and however they get it wrong; names and birth dates reach auditors only, with the NIK masked.
 * Every line the functions log (at DEBUG) and everything written to stdout/stderr while this file runs
 * is captured and scanned.
 */
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlEvent } from '../../support/api-event.js';
import { authorized, claimsFor, type TestIdentity } from '../../support/identities.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { PEOPLE, securityDataset } from '../../support/security-dataset.js';

const NIKS = PEOPLE.map((p) => p.nik);
const NAMES = PEOPLE.map((p) => p.name);
/** Sixteen digits standing alone, the shape of any NIK (not only this dataset's); digits inside hex hashes and ids are not. */
const NIK_SHAPED = /(?<![0-9A-Za-z])\d{16}(?![0-9A-Za-z])/;

const captured: string[] = [];
const restore: Array<() => void> = [];

function capture(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      // Keep the test output readable: DEBUG logs are examined, not printed.
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      callback?.();
      return true;
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => void captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, replacer))).join(' '));
    restore.push(() => (console[level] = original));
  }
}

function replacer(_: string, value: unknown) {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

let platform: TestPlatform;
const responses: Array<{ who: string; body: string }> = [];
let importReports = '';

beforeAll(async () => {
  capture();
  platform = await startTestPlatform({ logLevel: 'DEBUG' });
  const data = securityDataset();
  // A file with a bad birth date and an overlapping period is refused as a whole; its report names the
  // file, line and column, never the NIK.
  const bad = [
    ...data.participants.slice(0, 2),
    { ...data.participants[0]!, participant_id: '39999999901', birth_date: '1990-02-31' },
    { ...data.participants[1]!, start_month: '2025-03' },
  ];
  const refused = await platform.importCsv('participants', toCsv(bad), 'bad-participants.csv');
  expect(refused.errors).toHaveLength(2);
  importReports += JSON.stringify(refused);
  for (const kind of ['participants', 'claims', 'contributions', 'budgets', 'targets'] as const) {
    const report = await platform.importCsv(kind, toCsv(data[kind]));
    expect(report.errors).toEqual([]);
    importReports += JSON.stringify(report);
  }
  await platform.drain();
});

afterAll(async () => {
  await platform?.stop();
  for (const r of restore.reverse()) r();
});

async function ask(who: TestIdentity | null, query: string, variables?: Record<string, unknown>): Promise<string> {
  const res = await platform.api(authorized(graphqlEvent({ query, variables }), who ? claimsFor(who) : undefined));
  responses.push({ who: who ? `${who.role}${who.region ?? ''}` : 'anonymous', body: res.body ?? '' });
  return res.body ?? '';
}

const EVERYONE: TestIdentity[] = [
  { role: 'MINISTRY' },
  { role: 'PROVINCE', region: '35' },
  { role: 'REGENCY', region: '35.09' },
  { role: 'AUDITOR' },
  { role: 'AUDITOR', region: '35.10' },
  { role: 'PUBLIC' },
];

const QUERIES: Array<[string, Record<string, unknown>?]> = [
  ['{ viewer { subject role } }'],
  ['{ stats(measures: [ACTIVE_PARTICIPANTS, NEW_ENROLLMENTS, CLAIMS, CLAIMS_PAID_IDR], dimensions: [REGION, SECTOR, GENDER], from: "2025-01", to: "2025-12", granularity: QUARTER) { rows { regionCode sector gender values { measure value } } totals { value } } }'],
  ['{ stats(measures: [CLAIMS, CLAIMS_PAID_IDR], dimensions: [AGE_BAND, PROGRAM], from: "2025-01", to: "2025-12", granularity: YEAR) { rows { ageBand program values { value } } } }'],
  ['{ coverageRanking(province: "35", period: "2025") { entries { region { code } activeParticipants } } }'],
  ['{ dbhchtRealization(fiscalYear: 2025, regency: "35.09") { rows { period paid } } }'],
  ['{ participants(filter: { region: "35" }, first: 100) { nodes { participantId nikMasked name gender birthDate periods { regencyCode sector } } } }'],
  ['{ auditLog(from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", first: 200) { nodes { subject variables operationName errorCodes } } }'],
  ['{ anomalies { id evidence { nikMasked participantIds } } }'],
  // Callers getting it wrong, with a NIK in every place a NIK could go.
  ['query($r: [String!]) { stats(measures: [ACTIVE_PARTICIPANTS], filter: { region: $r }, from: "2025-01", to: "2025-01") { totals { value } } }', { r: [NIKS[0]] }],
  ['query($c: String!) { region(code: $c) { name } }', { c: NIKS[1] }],
  ['query($n: Int) { participants(filter: { region: "35.09" }, first: $n) { nodes { name } } }', { n: NIKS[2] }],
  ['query($f: ParticipantFilter!) { participants(filter: $f) { nodes { name } } }', { f: { region: NIKS[3], nik: NIKS[3] } }],
  ['query Lookup($nik: String, $name: String) { viewer { role } }', { nik: NIKS[4], name: NAMES[4], note: `peserta ${NIKS[4]}` }],
  [`{ region(code: "${NIKS[5]}") { name } }`],
  [`{ stats(measures: [ACTIVE_PARTICIPANTS], filter: { region: ["${NIKS[6]}"] }, from: "2025-01", to: "2025-01") { totals { value } } }`],
];

describe('personal data', () => {
  it('never returns a full NIK, and returns names and birth dates to auditors only', async () => {
    for (const who of [...EVERYONE, null]) for (const [query, variables] of QUERIES) await ask(who, query, variables);
    expect(responses.length).toBe((EVERYONE.length + 1) * QUERIES.length);
    for (const { who, body } of responses) {
      expect(body, who).not.toMatch(NIK_SHAPED);
      for (const nik of NIKS) expect(body, who).not.toContain(nik);
      expect(body, who).not.toContain('nikHash');
      if (!who.startsWith('AUDITOR')) {
        for (const name of NAMES) expect(body, who).not.toContain(name);
        expect(body, who).not.toContain('1990-01-01');
      }
    }
    // The auditor did see individuals: masked NIK, name and birth date.
    const drill = responses.find((r) => r.who === 'AUDITOR' && r.body.includes('"nikMasked"'))!;
    const nodes = JSON.parse(drill.body).data.participants.nodes as Array<{ nikMasked: string; name: string; birthDate: string }>;
    expect(nodes).toHaveLength(26);
    for (const n of nodes) {
      expect(n.nikMasked).toMatch(/^35(09|10|11)\*{8}\d{4}$/);
      expect(NAMES).toContain(n.name);
      expect(n.birthDate).toBe('1990-01-01');
    }
  });

  it('never logs a full NIK (every captured line, functions at DEBUG level)', () => {
    const text = captured.join('\n');
    // The API's own log lines were among those captured.
    expect(text).toContain('audit entry appended');
    expect(text).not.toMatch(NIK_SHAPED);
    for (const nik of NIKS) expect(text).not.toContain(nik);
    expect(importReports).not.toMatch(NIK_SHAPED);
  });

  it('never records a full NIK or a name in the audit log', async () => {
    const page = await platform.auditLog.range('2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z', { first: 10_000 });
    expect(page.entries.length).toBeGreaterThanOrEqual(responses.length);
    const text = JSON.stringify(page.entries);
    expect(text).not.toMatch(NIK_SHAPED);
    for (const name of NAMES) expect(text).not.toContain(name);
    expect(text).toContain('[REDACTED]');
  });

  it('stores NIKs only as a keyed hash and a masked form; rollups hold no personal data at all', async () => {
    const scan = async (table: string) => {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out = await platform.runtime.ddb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
        items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
        start = out.LastEvaluatedKey;
      } while (start);
      return JSON.stringify(items, (_, v: unknown) => (v instanceof Uint8Array || v instanceof Set ? [...v].map(String) : v));
    };
    const records = await scan(platform.runtime.config.recordsTable);
    for (const nik of NIKS) expect(records).not.toContain(nik);
    expect(records).toContain('"nikMasked":"3509********');
    const stats = await scan(platform.runtime.config.statsTable);
    expect(stats).not.toMatch(NIK_SHAPED);
    for (const name of NAMES) expect(stats).not.toContain(name);
    expect(stats).not.toContain('1990-01-01');
  });
});
