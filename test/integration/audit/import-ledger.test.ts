/**
 * The import ledger (issue 15): every import through the import path appends one entry, read back by an
 * auditor through the API handler. A roster, a corrected roster and a rejected file; counts worked out by
 * hand from the files below, SHA-256 computed here from the bytes, changed fields masked.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAll } from '../../../lambda/store/scan.js';
import type { TestIdentity } from '../../support/identities.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { rosterRow } from '../../support/roster-row.js';

type Row = Record<string, string>;
const person = (id: string, nik: string, name: string, gender: string, birth: string, over: Row = {}): Row =>
  rosterRow({ participant_id: id, nik, name, gender, birth_date: birth, ...over });

const NIK = { a: '3509015508900001', b: '3509011508900002', c: '3510014101850003', d: '3509014202950004', e: '3509011212800005' };
const NAMES = ['Siti Aminah', 'Budi Santoso', 'Budi Santosa', 'Dewi Lestari', 'Rahmat Hidayat', 'Eko Prasetyo'];
const a1 = person('10000000001', NIK.a, 'Siti Aminah', 'P', '1990-08-15', { end_month: '2025-06' });
const a2 = person('10000000001', NIK.a, 'Siti Aminah', 'P', '1990-08-15', { start_month: '2025-07', sector: 'FISHER' });
const b = person('10000000002', NIK.b, 'Budi Santoso', 'L', '1990-08-15');
const c = person('10000000003', NIK.c, 'Dewi Lestari', 'P', '1985-01-01', { regency_code: '35.10', end_month: '2025-12' });
const e = person('10000000005', NIK.e, 'Eko Prasetyo', 'L', '1980-12-12');
const d = person('10000000004', NIK.d, 'Rahmat Hidayat', 'L', '1995-02-02', { funding_source: 'APBD' });

// 5 rows, 4 participants, all new: 4 written, 5 periods added.
const roster = Buffer.from(toCsv([a1, a2, b, c, e]));
// The correction: Siti's first period moves to TOBACCO_FARMER (a changed period), Budi's name is corrected
// (a changed personal field, masked alike), Rahmat is new (an added period), Eko is repeated as stored
// (unchanged). Dewi's and Siti's second period are not in the file: re-import keeps rows not in the file,
// so no period is removed.
const corrected = Buffer.from(toCsv([{ ...a1, sector: 'TOBACCO_FARMER' }, { ...b, name: 'Budi Santosa' }, d, e]));
// Line 2: a NIK of 11 digits (1 error); line 3 valid; line 4: unknown sector and an impossible birth date (2 errors).
const bad = Buffer.from(
  toCsv([
    person('10000000006', '35090155089', 'Siti Aminah', 'P', '1990-08-15'),
    person('10000000007', '3509011508900007', 'Budi Santoso', 'L', '1990-08-15'),
    person('10000000008', '3509011508900008', 'Dewi Lestari', 'P', '1990-02-30', { sector: 'MINER' }),
  ]),
);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const ENTRY_FIELDS = `importId at subject role scope kind fileName sha256 rowsRead written unchanged rejected errorCount outcome
  periodsAdded periodsChanged periodsRemoved changesTotal changes { record change fields { field old new } } regions`;
const IMPORTS = `query($from: DateTime!, $to: DateTime!, $region: String, $first: Int, $after: String) {
  imports(from: $from, to: $to, region: $region, first: $first, after: $after) { entries { ${ENTRY_FIELDS} } pageInfo { hasNextPage endCursor } } }`;

interface Entry {
  importId: string;
  at: string;
  subject: string;
  role: string | null;
  kind: string;
  fileName: string;
  sha256: string;
  rowsRead: number;
  written: number;
  unchanged: number;
  rejected: number;
  errorCount: number;
  outcome: string;
  periodsAdded: number;
  periodsChanged: number;
  periodsRemoved: number;
  changesTotal: number;
  changes: Array<{ record: string; change: string; fields: Array<{ field: string; old: string | null; new: string | null }> }>;
  regions: string[];
}
interface Page {
  imports: { entries: Entry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

let platform: TestPlatform;
let from: string;
let to: string;
const list = (vars: Record<string, unknown> = {}, as?: TestIdentity) => platform.graphql<Page>(IMPORTS, { from, to, ...vars }, as);

beforeAll(async () => {
  platform = await startTestPlatform();
  from = new Date(Date.now() - 1000).toISOString();
  expect((await platform.importCsv('participants', roster, 'roster-2025.csv', { subject: 'officer-jember', role: 'REGENCY', scope: '35.09' })).errors).toEqual([]);
  await platform.drain();
  expect((await platform.importCsv('participants', corrected, 'roster-2025-corrected.csv')).errors).toEqual([]);
  const rejected = await platform.importCsv('participants', bad, 'roster-bad.csv');
  expect(rejected.errors.map((x) => [x.line, x.column])).toEqual([
    [2, 'nik'],
    [4, 'birth_date'],
    [4, 'sector'],
  ]);
  to = new Date(Date.now() + 1000).toISOString();
});
afterAll(() => platform?.stop());

describe('imports (import ledger)', () => {
  it('returns one entry per import, oldest first, with the hashes of the bytes and the counts of each file', async () => {
    const res = await list();
    expect(res.errors).toBeUndefined();
    const entries = res.data!.imports.entries;
    expect(entries.map((x) => x.fileName)).toEqual(['roster-2025.csv', 'roster-2025-corrected.csv', 'roster-bad.csv']);
    expect(entries.map((x) => x.sha256)).toEqual([sha(roster), sha(corrected), sha(bad)]);
    const counts = entries.map(({ rowsRead, written, unchanged, rejected, errorCount, outcome, periodsAdded, periodsChanged, periodsRemoved, changesTotal }) => ({
      rowsRead, written, unchanged, rejected, errorCount, outcome, periodsAdded, periodsChanged, periodsRemoved, changesTotal,
    }));
    expect(counts).toEqual([
      { rowsRead: 5, written: 4, unchanged: 0, rejected: 0, errorCount: 0, outcome: 'ACCEPTED', periodsAdded: 5, periodsChanged: 0, periodsRemoved: 0, changesTotal: 4 },
      { rowsRead: 4, written: 3, unchanged: 1, rejected: 0, errorCount: 0, outcome: 'ACCEPTED', periodsAdded: 1, periodsChanged: 1, periodsRemoved: 0, changesTotal: 3 },
      { rowsRead: 3, written: 0, unchanged: 0, rejected: 2, errorCount: 3, outcome: 'REJECTED', periodsAdded: 0, periodsChanged: 0, periodsRemoved: 0, changesTotal: 0 },
    ]);
    expect(entries[0]).toMatchObject({ subject: 'officer-jember', role: 'REGENCY', kind: 'participants', regions: ['35.09', '35.10'] });
    expect(entries[1]).toMatchObject({ subject: 'test', role: null, regions: ['35.09'] });
    expect(entries[2]!.changes).toEqual([]);
    expect(entries[0]!.at <= entries[1]!.at && entries[1]!.at <= entries[2]!.at).toBe(true);
  });

  it('shows the old and new values of the changed fields of a corrected roster, personal data masked', async () => {
    const corrected = (await list()).data!.imports.entries[1]!;
    const byRecord = Object.fromEntries(corrected.changes.map((ch) => [ch.record, ch]));
    expect(Object.keys(byRecord).sort()).toEqual(['10000000001', '10000000002', '10000000004']);
    expect(byRecord['10000000001']).toEqual({
      record: '10000000001',
      change: 'CHANGED',
      fields: [{ field: 'periods[2025-01].sector', old: 'TOBACCO_FARM_WORKER', new: 'TOBACCO_FARMER' }],
    });
    // The same initials and lengths: masked alike, still listed as changed.
    expect(byRecord['10000000002']).toEqual({ record: '10000000002', change: 'CHANGED', fields: [{ field: 'name', old: 'B*** S******', new: 'B*** S******' }] });
    const added = byRecord['10000000004']!;
    expect(added.change).toBe('ADDED');
    const fields = Object.fromEntries(added.fields.map((f) => [f.field, f]));
    expect(fields.nikMasked).toEqual({ field: 'nikMasked', old: null, new: '3509********0004' });
    expect(fields.name).toEqual({ field: 'name', old: null, new: 'R***** H******' });
    expect(fields.birthDate).toEqual({ field: 'birthDate', old: null, new: '1995-**-**' });
    expect(fields['periods[2025-01].funding']).toEqual({ field: 'periods[2025-01].funding', old: null, new: 'APBD' });
  });

  it('never returns or stores a NIK, a name or a birth date in clear', async () => {
    const body = JSON.stringify((await list()).data);
    const stored = JSON.stringify(await scanAll(platform.runtime.ddb, `${process.env.TABLE_NAME}-audit`, { prefix: 'IMPORT#' }));
    expect(stored).toContain('roster-2025.csv');
    for (const text of [body, stored]) {
      for (const nik of [...Object.values(NIK), '35090155089', '3509011508900007', '3509011508900008']) expect(text).not.toContain(nik);
      for (const word of NAMES.flatMap((n) => n.split(' '))) expect(text).not.toContain(word);
      for (const birth of ['1990-08-15', '1985-01-01', '1995-02-02', '1980-12-12']) expect(text).not.toContain(birth);
    }
  });

  it('pages with a cursor bound to its range, and filters by region', async () => {
    const first = await list({ first: 2 });
    expect(first.data!.imports.entries.map((x) => x.fileName)).toEqual(['roster-2025.csv', 'roster-2025-corrected.csv']);
    expect(first.data!.imports.pageInfo.hasNextPage).toBe(true);
    const after = first.data!.imports.pageInfo.endCursor!;
    const second = await list({ first: 2, after });
    expect(second.data!.imports.entries.map((x) => x.fileName)).toEqual(['roster-bad.csv']);
    expect(second.data!.imports.pageInfo).toEqual({ hasNextPage: false, endCursor: null });

    const otherRange = await list({ first: 2, after, region: '35' });
    expect(otherRange.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'after' });
    const garbage = await list({ after: 'not-a-cursor' });
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'after' });
    expect((await list({ first: 0 })).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', argument: 'first' });

    // Dewi (35.10) is only in the first roster.
    expect((await list({ region: '35.10' })).data!.imports.entries.map((x) => x.fileName)).toEqual(['roster-2025.csv']);
    expect((await list({ region: '35' })).data!.imports.entries).toHaveLength(3);
    expect((await list({ region: '52' })).data!.imports.entries).toEqual([]);
    expect((await list({ region: '35.99' })).errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_REGION' });
  });

  it('exports as CSV through export(), one line per import with its hash, and nothing personal in clear', async () => {
    const res = await platform.graphql<{ export: { delivery: string; content: string; rows: number } }>(
      `query($q: String!, $v: String) { export(query: $q, variables: $v, format: CSV) { delivery content rows } }`,
      { q: `query($from: DateTime!, $to: DateTime!) { imports(from: $from, to: $to) { entries { at fileName sha256 outcome written changes { record fields { field old new } } } } }`, v: JSON.stringify({ from, to }) },
    );
    expect(res.errors).toBeUndefined();
    const { delivery, content, rows } = res.data!.export;
    expect([delivery, rows]).toEqual(['INLINE', 3]);
    for (const bytes of [roster, corrected, bad]) expect(content).toContain(sha(bytes));
    for (const nik of Object.values(NIK)) expect(content).not.toContain(nik);
    for (const word of NAMES.flatMap((n) => n.split(' '))) expect(content).not.toContain(word);
  });

  it('is FORBIDDEN to every other role and to auditors with a region scope', async () => {
    const others: TestIdentity[] = [
      { role: 'MINISTRY' },
      { role: 'PROVINCE', region: '35' },
      { role: 'REGENCY', region: '35.09' },
      { role: 'PUBLIC' },
      { role: 'AUDITOR', region: '35.09' },
    ];
    for (const who of others) {
      const res = await list({}, who);
      expect(res.data ?? null, who.role).toBeNull();
      expect(res.errors?.[0]?.extensions?.code, `${who.role} ${who.region ?? ''}`).toBe('FORBIDDEN');
      expect(JSON.stringify(res)).not.toContain('roster-2025');
    }
  });
});
