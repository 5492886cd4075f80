/**
 * Dashboard uploads end to end on the local stand-ins, as `npm start` runs them: `requestUpload` through
 * the real API handler (API Gateway events, DynamoDB Local), the PUT to the local upload route over HTTP
 * exactly as the browser sends it, the import the route runs (the S3 handler's per-object import), and
 * `upload(id)` reading the outcome back from the import ledger.
 *
 * The files are small enough to count by hand: every expected number below is worked out from the file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_UPLOADS_PATH } from '../../../lambda/api/upload-config.js';
import { loadSecurityConfig } from '../../../lambda/api/security-config.js';
import { requireNikHashKey } from '../../../lambda/config.js';
import { newUploadId } from '../../../lambda/domain/upload-id.js';
import { startHttpServer, type LocalHttpServer } from '../../../lambda/local/http-server.js';
import { uploadRoute, type UploadRoute } from '../../../lambda/local/upload-route.js';
import { ImportLedger } from '../../../lambda/store/import-ledger.js';
import { scanAll } from '../../../lambda/store/scan.js';
import { KEY } from '../../../lambda/store/table-schema.js';
import type { TestIdentity } from '../../support/identities.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

const MAX_BYTES = 4_096;
const DASHBOARD = 'http://localhost:5173';
const JEMBER: TestIdentity = { role: 'REGENCY', region: '35.09', sub: 'officer-jember' };
const OTHER_JEMBER: TestIdentity = { role: 'REGENCY', region: '35.09', sub: 'officer-two' };

let platform: TestPlatform;
let server: LocalHttpServer;
let uploads: UploadRoute;
let uploadsDir: string;
/** The route's clock, moved forward to expire a URL. */
let clockOffsetMs = 0;

beforeAll(async () => {
  uploadsDir = mkdtempSync(join(tmpdir(), 'jamrep-uploads-'));
  uploads = uploadRoute({
    path: LOCAL_UPLOADS_PATH,
    dir: uploadsDir,
    maxBytes: MAX_BYTES,
    allowedOrigins: [DASHBOARD],
    now: () => Date.now() + clockOffsetMs,
    importDeps: () => ({
      ddb: platform.runtime.ddb,
      recordsTable: platform.runtime.config.recordsTable,
      regions: platform.runtime.reference.regions,
      nikHashKey: requireNikHashKey(platform.runtime.config),
      ledger: new ImportLedger(platform.runtime.ddb, loadSecurityConfig().auditTable),
    }),
    onError: (key, error) => console.error(`upload ${key} failed`, error),
  });
  server = await startHttpServer({ handler: async () => ({ statusCode: 404, body: '' }), cors: { allowedOrigins: [DASHBOARD] }, extraRoutes: uploads.routes });
  // Read by the API handler when startTestPlatform imports it.
  process.env.UPLOADS_BASE_URL = `${server.url}${LOCAL_UPLOADS_PATH}`;
  platform = await startTestPlatform();
});
afterAll(async () => {
  await uploads?.idle();
  await platform?.stop();
  await server?.close();
  if (uploadsDir) rmSync(uploadsDir, { recursive: true, force: true });
});

interface Ticket {
  uploadId: string;
  url: string;
  headers: Array<{ name: string; value: string }>;
  expiresAt: string;
  key: string;
}
interface Status {
  uploadId: string;
  state: string;
  kind: string;
  fileName: string;
  entry: null | { importId: string; subject: string; outcome: string; rowsRead: number; written: number; unchanged: number; rejected: number; errorCount: number; rowErrors: Array<{ line: number; column: string | null; reason: string }> };
}

const REQUEST = `mutation($k: ImportKind!, $f: String!) { requestUpload(kind: $k, fileName: $f) { uploadId url headers { name value } expiresAt key } }`;
const STATUS = `query($id: ID!) { upload(id: $id) { uploadId state kind fileName entry { importId subject fileName outcome rowsRead written unchanged rejected errorCount rowErrors { line column reason } } } }`;

async function ticket(as: TestIdentity, kind = 'BUDGETS', fileName = 'anggaran jember.csv'): Promise<Ticket> {
  const res = await platform.graphql<{ requestUpload: Ticket }>(REQUEST, { k: kind, f: fileName }, as);
  expect(res.errors).toBeUndefined();
  return res.data!.requestUpload;
}

async function status(id: string, as: TestIdentity = JEMBER) {
  return platform.graphql<{ upload: Status }>(STATUS, { id }, as);
}

/** The PUT as the dashboard sends it: the ticket's URL and headers, the file as the body. */
function put(t: Pick<Ticket, 'url' | 'headers'>, body: string, extra: RequestInit = {}) {
  return fetch(t.url, { method: 'PUT', headers: Object.fromEntries(t.headers.map((h) => [h.name, h.value])), body, ...extra });
}

async function budgetRecords(): Promise<number> {
  const items = await scanAll(platform.runtime.ddb, platform.runtime.config.recordsTable);
  return items.filter((i) => String(i[KEY.pk] ?? '').startsWith('BUDGET#')).length;
}

const budgets = (...rows: string[]) => `regency_code,fiscal_year,allocation_idr\n${rows.join('\n')}\n`;
const codeOf = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => res.errors?.[0]?.extensions?.code;

describe('requestUpload', () => {
  it('gives a regency officer a key naming their role, regency and subject, and a URL of the upload route', async () => {
    const before = Date.now();
    const t = await ticket(JEMBER);
    const after = Date.now();
    expect(t.key).toBe(`budgets/uploads/REGENCY/35.09/officer-jember/${t.uploadId}/anggaran_jember.csv`);
    expect(t.url.startsWith(`${server.url}${LOCAL_UPLOADS_PATH}/budgets/uploads/REGENCY/35.09/officer-jember/`)).toBe(true);
    expect(t.headers).toEqual([{ name: 'Content-Type', value: 'text/csv' }]);
    // 15 minutes from the request (the local URL carries whole seconds).
    const expires = Date.parse(t.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 900_000 - 1_000);
    expect(expires).toBeLessThanOrEqual(after + 900_000);
    // Nothing arrived yet: the fresh ticket's upload is pending, with the kind and name it was asked for.
    expect((await status(t.uploadId)).data!.upload).toEqual({ uploadId: t.uploadId, state: 'PENDING', kind: 'BUDGETS', fileName: 'anggaran_jember.csv', entry: null });
  });

  it('takes the scope from the token: a ministry user uploads under ALL, a province officer under the province', async () => {
    expect((await ticket({ role: 'MINISTRY', sub: 'kemenkeu' }, 'TARGETS', 't.csv')).key).toMatch(/^targets\/uploads\/MINISTRY\/ALL\/kemenkeu\/[^/]+\/t\.csv$/);
    expect((await ticket({ role: 'PROVINCE', region: '35', sub: 'jatim' }, 'CLAIMS', 'c.csv')).key).toMatch(/^claims\/uploads\/PROVINCE\/35\/jatim\/[^/]+\/c\.csv$/);
  });

  it('is refused to PUBLIC and AUDITOR callers, as are the templates and upload status', async () => {
    for (const as of [{ role: 'PUBLIC' }, { role: 'AUDITOR', sub: 'bpk' }] as TestIdentity[]) {
      expect(codeOf(await platform.graphql(REQUEST, { k: 'BUDGETS', f: 'b.csv' }, as))).toBe('FORBIDDEN');
      expect(codeOf(await platform.graphql('{ importTemplate(kind: BUDGETS) { csv } }', {}, as))).toBe('FORBIDDEN');
      expect(codeOf(await status('x', as))).toBe('FORBIDDEN');
    }
  });

  it('takes CSV file names of at most 100 characters only', async () => {
    expect(codeOf(await platform.graphql(REQUEST, { k: 'BUDGETS', f: 'anggaran.xlsx' }, JEMBER))).toBe('INVALID_INPUT');
    expect(codeOf(await platform.graphql(REQUEST, { k: 'BUDGETS', f: `${'a'.repeat(97)}.csv` }, JEMBER))).toBe('INVALID_INPUT');
    expect(codeOf(await platform.graphql(REQUEST, { k: 'BUDGETS', f: `${'a'.repeat(96)}.csv` }, JEMBER))).toBeUndefined();
  });
});

describe('the upload route', () => {
  it('imports a good file and upload(id) reports ACCEPTED with the counts of the file; its records reach the figures', async () => {
    const before = await budgetRecords();
    const t = await ticket(JEMBER);
    // Two budgets of Jember, fiscal years 2031 and 2032: two new records.
    const res = await put(t, budgets('35.09,2031,1500000000', '35.09,2032,2500000000'));
    expect(res.status).toBe(200);
    await uploads.idle();
    const s = (await status(t.uploadId)).data!.upload;
    expect(s.state).toBe('ACCEPTED');
    // The ledger names the file as the officer named it (in its safe form), not by its storage key.
    expect(s.entry).toMatchObject({ importId: t.uploadId, subject: 'officer-jember', fileName: 'anggaran_jember.csv', outcome: 'ACCEPTED', rowsRead: 2, written: 2, unchanged: 0, rejected: 0, errorCount: 0, rowErrors: [] });
    expect(await budgetRecords()).toBe(before + 2);
    // The file is kept at its key, as in the bucket.
    expect(readdirSync(join(uploadsDir, ...t.key.split('/').slice(0, -1)))).toEqual(['anggaran_jember.csv']);
    // Through the stream into the rollups like any import: Jember's 2031 budget.
    await platform.drain();
    const figures = await platform.graphql<{ stats: { totals: Array<{ value: number }> } }>(
      '{ stats(measures: [BUDGET_IDR], filter: { region: ["35.09"] }, from: "2031-01", to: "2031-12", granularity: YEAR) { totals { value } } }',
      {},
      JEMBER,
    );
    expect(figures.errors).toBeUndefined();
    expect(figures.data!.stats.totals[0]!.value).toBe(1_500_000_000);
  });

  it('records a second PUT of the same URL as an import of its own; the first stays the upload\'s status', async () => {
    const before = await budgetRecords();
    const t = await ticket(JEMBER);
    expect((await put(t, budgets('35.09,2039,1000'))).status).toBe(200);
    await uploads.idle();
    // The URL is still valid: S3 would take the PUT again and notify the importer again.
    expect((await put(t, budgets('35.09,2040,2000', '35.09,2041,3000'))).status).toBe(200);
    await uploads.idle();
    expect((await status(t.uploadId)).data!.upload.entry).toMatchObject({ importId: t.uploadId, rowsRead: 1, written: 1 });
    // Both imports wrote (1 + 2 records), and the ledger has both: the second under an id of its own.
    expect(await budgetRecords()).toBe(before + 3);
    const ledger = await platform.graphql<{ imports: { entries: Array<{ importId: string; rowsRead: number; written: number }> } }>(
      'query($f: DateTime!, $t: DateTime!) { imports(from: $f, to: $t, first: 100) { entries { importId rowsRead written } } }',
      { f: new Date(Date.now() - 3_600_000).toISOString(), t: new Date(Date.now() + 60_000).toISOString() },
    );
    const mine = ledger.data!.imports.entries.filter((e) => e.importId.startsWith(t.uploadId));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toEqual({ importId: t.uploadId, rowsRead: 1, written: 1 });
    expect(mine[1]!.importId.startsWith(`${t.uploadId}.again-`)).toBe(true);
    expect(mine[1]).toMatchObject({ rowsRead: 2, written: 2 });
  });

  it('rejects a file with one bad row: REJECTED with its line and column, nothing written', async () => {
    const before = await budgetRecords();
    const t = await ticket(JEMBER);
    // Line 3 (header = line 1) has no valid allocation.
    expect((await put(t, budgets('35.09,2033,1000', '35.09,2034,banyak'))).status).toBe(200);
    await uploads.idle();
    const s = (await status(t.uploadId)).data!.upload;
    expect(s.state).toBe('REJECTED');
    expect(s.entry).toMatchObject({ outcome: 'REJECTED', rowsRead: 2, written: 0, rejected: 1, errorCount: 1 });
    expect(s.entry!.rowErrors.map((e) => [e.line, e.column])).toEqual([[3, 'allocation_idr']]);
    // The value itself is never repeated.
    expect(JSON.stringify(s.entry)).not.toContain('banyak');
    expect(await budgetRecords()).toBe(before);
  });

  it('rejects a file with a row outside the regency with OUT_OF_SCOPE', async () => {
    const before = await budgetRecords();
    const t = await ticket(JEMBER);
    // Line 3 is Banyuwangi (35.10), outside the officer's Jember.
    expect((await put(t, budgets('35.09,2035,1000', '35.10,2035,2000'))).status).toBe(200);
    await uploads.idle();
    const s = (await status(t.uploadId)).data!.upload;
    expect(s.state).toBe('REJECTED');
    expect(s.entry!.rowErrors).toHaveLength(1);
    expect(s.entry!.rowErrors[0]).toMatchObject({ line: 3, column: 'regency_code' });
    expect(s.entry!.rowErrors[0]!.reason).toMatch(/^OUT_OF_SCOPE/);
    expect(await budgetRecords()).toBe(before);
  });

  it('refuses with 403 a URL whose key, signature or Content-Type was changed, or that has expired, and stores nothing', async () => {
    const t = await ticket(JEMBER);
    const file = budgets('35.09,2036,1000');
    // Another regency in the key: the signature does not cover it.
    expect((await put({ ...t, url: t.url.replace('/35.09/', '/35.10/') }, file)).status).toBe(403);
    // Another uploader in the key.
    expect((await put({ ...t, url: t.url.replace('/officer-jember/', '/officer-two/') }, file)).status).toBe(403);
    const signature = new URL(t.url).searchParams.get('signature')!;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    expect((await put({ ...t, url: t.url.replace(signature, flipped) }, file)).status).toBe(403);
    // A later expiry than the one signed.
    const expires = new URL(t.url).searchParams.get('expires')!;
    expect((await put({ ...t, url: t.url.replace(`expires=${expires}`, `expires=${Number(expires) + 3600}`) }, file)).status).toBe(403);
    expect((await put({ ...t, headers: [{ name: 'Content-Type', value: 'text/plain' }] }, file)).status).toBe(403);
    clockOffsetMs = 16 * 60_000;
    try {
      expect((await put(t, file)).status).toBe(403);
    } finally {
      clockOffsetMs = 0;
    }
    await uploads.idle();
    expect(existsSync(join(uploadsDir, ...t.key.split('/')))).toBe(false);
    expect(existsSync(join(uploadsDir, ...t.key.replace('/35.09/', '/35.10/').split('/')))).toBe(false);
    expect((await status(t.uploadId)).data!.upload.state).toBe('PENDING');
  });

  it('refuses a file over the size limit with 413', async () => {
    const t = await ticket(JEMBER);
    const big = budgets(...Array.from({ length: 400 }, (_, i) => `35.09,${2100 + i},1000`));
    expect(Buffer.byteLength(big)).toBeGreaterThan(MAX_BYTES);
    expect((await put(t, big)).status).toBe(413);
    expect((await status(t.uploadId)).data!.upload.state).toBe('PENDING');
  });

  it('answers the dashboard origin\'s preflight for a PUT with Content-Type, and no other origin', async () => {
    const t = await ticket(JEMBER);
    const preflight = (origin: string) =>
      fetch(t.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } });
    const ok = await preflight(DASHBOARD);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(ok.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(ok.headers.get('access-control-allow-headers')).toContain('content-type');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const res = await put(t, budgets('35.09,2037,1000'), { headers: { 'Content-Type': 'text/csv', origin: DASHBOARD } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    await uploads.idle();
  });
});

describe('upload(id)', () => {
  it("refuses someone else's upload, pending or imported", async () => {
    const t = await ticket(JEMBER);
    expect(codeOf(await status(t.uploadId, OTHER_JEMBER))).toBe('FORBIDDEN');
    expect((await put(t, budgets('35.09,2038,1000'))).status).toBe(200);
    await uploads.idle();
    expect((await status(t.uploadId)).data!.upload.state).toBe('ACCEPTED');
    expect(codeOf(await status(t.uploadId, OTHER_JEMBER))).toBe('FORBIDDEN');
    expect(codeOf(await status(t.uploadId, { role: 'MINISTRY', sub: 'kemenkeu' }))).toBe('FORBIDDEN');
  });

  it('reports EXPIRED for an upload whose ticket and grace have passed without a file', async () => {
    // Issued an hour and one second ago: 15 minutes of ticket and 45 of grace are over.
    const id = newUploadId({ issuedAt: new Date(Date.now() - 3_601_000), kind: 'targets', fileName: 'target.csv' }, 'officer-jember', randomBytes(8));
    expect((await status(id)).data!.upload).toEqual({ uploadId: id, state: 'EXPIRED', kind: 'TARGETS', fileName: 'target.csv', entry: null });
    // Fifty minutes ago: within the grace.
    const recent = newUploadId({ issuedAt: new Date(Date.now() - 50 * 60_000), kind: 'targets', fileName: 'target.csv' }, 'officer-jember', randomBytes(8));
    expect((await status(recent)).data!.upload.state).toBe('PENDING');
  });

  it('refuses a text that is no upload id with INVALID_INPUT', async () => {
    expect(codeOf(await status('../../etc/passwd'))).toBe('INVALID_INPUT');
  });
});

describe('ImportEntry.rowErrors', () => {
  it('is empty for an entry recorded before row errors were kept', async () => {
    const old = {
      importId: 'legacy-entry-0001', at: '2024-03-01T00:00:00.000Z', subject: 'cli', kind: 'budgets', fileName: 'b.csv', sha256: '0'.repeat(64),
      rowsRead: 1, written: 0, unchanged: 0, rejected: 1, errorCount: 1, outcome: 'REJECTED', periodsAdded: 0, periodsChanged: 0, periodsRemoved: 0,
      changesTotal: 0, changes: [], regions: [],
    };
    await new ImportLedger(platform.runtime.ddb, loadSecurityConfig().auditTable).append(old as never);
    const res = await platform.graphql<{ imports: { entries: Array<{ importId: string; rowErrors: unknown[] }> } }>(
      '{ imports(from: "2024-03-01T00:00:00Z", to: "2024-03-01T00:00:01Z") { entries { importId rowErrors { line } } } }',
    );
    expect(res.data!.imports.entries).toEqual([{ importId: 'legacy-entry-0001', rowErrors: [] }]);
  });
});

describe('importTemplate', () => {
  it("gives the importer's exact header and an example row", async () => {
    const res = await platform.graphql<{ importTemplate: { kind: string; fileName: string; csv: string } }>('{ importTemplate(kind: BUDGETS) { kind fileName csv } }', {}, JEMBER);
    expect(res.data!.importTemplate).toEqual({ kind: 'BUDGETS', fileName: 'budgets-template.csv', csv: 'regency_code,fiscal_year,allocation_idr\n35.09,2024,1000000000\n' });
  });
});
