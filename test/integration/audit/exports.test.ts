/**
 * Exports through the real API handler against DynamoDB Local: CSV inline and by URL (downloaded from the
 * local exports route as `npm start` serves it), XLSX read back with exceljs, the row limit, the query
 * limits and access rules applied to the exported query, and expired links.
 *
 * The inline size is lowered to 2,048 bytes for this file (EXPORT_INLINE_MAX_BYTES), so that a
 * hand-countable dataset has results on both sides of it.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportStorage, loadExportConfig, LOCAL_EXPORTS_PATH } from '../../../lambda/api/export-config.js';
import { exportFilesRoute } from '../../../lambda/local/export-files-route.js';
import { startHttpServer, type LocalHttpServer } from '../../../lambda/local/http-server.js';
import { contentHash, parseExport } from '../../../lambda/plan/csv-export.js';
import { graphqlEvent, lambdaContext } from '../../support/api-event.js';
import { buildApiHandler } from '../../support/api-handler.js';
import { authorized, claimsFor, type TestIdentity } from '../../support/identities.js';
import { startTestPlatform, type GraphqlResponse, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { ACTIVE_2025_06, securityDataset } from '../../support/security-dataset.js';

const INLINE_MAX_BYTES = 2_048;
const TTL_SECONDS = 900;
const JKK_JKM = 10_000 + 6_800; // monthly rate of every participant of the dataset

let platform: TestPlatform;
let server: LocalHttpServer;
let exportsDir: string;
/** The local route's clock, moved forward to expire links. */
let clockOffsetMs = 0;

beforeAll(async () => {
  exportsDir = mkdtempSync(join(tmpdir(), 'jamrep-exports-'));
  server = await startHttpServer({
    handler: async () => ({ statusCode: 404, body: '' }),
    cors: { allowedOrigins: [] },
    extraRoutes: [exportFilesRoute({ path: LOCAL_EXPORTS_PATH, dir: exportsDir, urlTtlSeconds: TTL_SECONDS, now: () => Date.now() + clockOffsetMs })],
  });
  // Read by the API handler when startTestPlatform imports it.
  Object.assign(process.env, {
    EXPORTS_DIR: exportsDir,
    EXPORTS_BASE_URL: `${server.url}${LOCAL_EXPORTS_PATH}`,
    EXPORT_INLINE_MAX_BYTES: String(INLINE_MAX_BYTES),
    EXPORT_URL_TTL_SECONDS: String(TTL_SECONDS),
  });
  platform = await startTestPlatform();
  const data = securityDataset();
  for (const kind of ['participants', 'targets', 'budgets', 'contributions', 'claims'] as const) {
    expect((await platform.importCsv(kind, toCsv(data[kind]))).errors).toEqual([]);
  }
  await platform.drain();
});
afterAll(async () => {
  await platform?.stop();
  await server?.close();
  if (exportsDir) rmSync(exportsDir, { recursive: true, force: true });
});

interface ExportResult {
  format: 'CSV' | 'XLSX';
  delivery: 'INLINE' | 'URL';
  filename: string;
  contentType: string;
  content: string | null;
  url: string | null;
  expiresAt: string | null;
  bytes: number;
  rows: number;
  sha256: string;
  asOf: string | null;
  query: string;
  scope: string;
}
const EXPORT = `query($q: String!, $v: String, $f: ExportFormat) {
  export(query: $q, variables: $v, format: $f) { format delivery filename contentType content url expiresAt bytes rows sha256 asOf query scope }
}`;

const exportOf = (query: string, format: 'CSV' | 'XLSX', variables?: Record<string, unknown>, as?: TestIdentity) =>
  platform.graphql<{ export: ExportResult }>(EXPORT, { q: query, f: format, v: variables ? JSON.stringify(variables) : undefined }, as);
const codeOf = (res: GraphqlResponse<unknown>) => res.errors?.[0]?.extensions?.code;

type StatsRow = { period: string; regionCode: string; sector: string | null; fundingSource: string | null; values: Array<{ measure: string; value: number | null }> };
const direct = async (query: string, variables?: Record<string, unknown>, as?: TestIdentity) => {
  const res = await platform.graphql<{ stats: { rows: StatsRow[] } }>(query, variables, as);
  expect(res.errors).toBeUndefined();
  return res.data!.stats.rows;
};

/** Regencies of province 35 in 2025-06: a few hundred bytes of CSV. */
const SMALL = `query($month: Month!) { stats(measures: [ACTIVE_PARTICIPANTS, EXPECTED_CONTRIBUTIONS_IDR], dimensions: [REGION], filter: { region: ["35"] }, from: $month, to: $month) {
  rows { period regionCode values { measure value } } } }`;
/** Every regency × sector × funding source, month by month over 2025: several kilobytes. */
const LARGE = `{ stats(measures: [ACTIVE_PARTICIPANTS, PARTICIPANT_MONTHS, EXPECTED_CONTRIBUTIONS_IDR], dimensions: [REGION, SECTOR, FUNDING_SOURCE], filter: { region: ["35"] }, from: "2025-01", to: "2025-12") {
  rows { period regionCode sector fundingSource values { measure value } } } }`;

/** The table a result should export to, built from the direct GraphQL answer (not from the export code). */
function expectedTable(rows: StatsRow[], fields: Array<'period' | 'regionCode' | 'sector' | 'fundingSource'>) {
  const measures = rows[0]!.values.map((v) => v.measure);
  return {
    columns: [...fields, ...measures.map((m) => `values.${m}`)],
    rows: rows.map((r) => [...fields.map((f) => r[f]), ...r.values.map((v) => v.value)]),
  };
}

async function download(url: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

describe('CSV exports', () => {
  it('returns a small result inline, reading back to the GraphQL answer with its provenance', async () => {
    const variables = { month: '2025-06' };
    const [rows, res] = await Promise.all([direct(SMALL, variables), exportOf(SMALL, 'CSV', variables)]);
    expect(res.errors).toBeUndefined();
    const out = res.data!.export;
    expect(out).toMatchObject({ format: 'CSV', delivery: 'INLINE', url: null, expiresAt: null, rows: 3, filename: 'jamrep-stats-rows.csv', contentType: 'text/csv; charset=utf-8', scope: 'AUDITOR (all regions)' });
    expect(out.bytes).toBe(Buffer.byteLength(out.content!, 'utf8'));
    expect(out.bytes).toBeLessThanOrEqual(INLINE_MAX_BYTES);
    const { meta, data } = parseExport(out.content!);
    expect(meta).toMatchObject({ query: out.query, scope: out.scope, asOf: out.asOf, variables: '{"month":"2025-06"}', 'sha256 of the data below': out.sha256 });
    const parsed = parse(data) as string[][];
    expect(createHash('sha256').update(data).digest('hex')).toBe(out.sha256);
    const expected = expectedTable(rows, ['period', 'regionCode']);
    expect(parsed[0]).toEqual(expected.columns);
    expect(parsed.slice(1)).toEqual(expected.rows.map((r) => r.map((v) => String(v))));
    // The figures themselves, counted from the dataset.
    expect(parsed.slice(1).map((r) => [r[1], Number(r[2]), Number(r[3])])).toEqual(
      (['35.09', '35.10', '35.11'] as const).map((code) => [code, ACTIVE_2025_06[code], ACTIVE_2025_06[code] * JKK_JKM]),
    );
  });

  it('delivers a result above the inline size by a link that downloads the same file until it expires', async () => {
    const before = Date.now();
    const [rows, res] = await Promise.all([direct(LARGE), exportOf(LARGE, 'CSV')]);
    expect(res.errors).toBeUndefined();
    const out = res.data!.export;
    expect(out).toMatchObject({ format: 'CSV', delivery: 'URL', content: null });
    expect(out.bytes).toBeGreaterThan(INLINE_MAX_BYTES);
    expect(Date.parse(out.expiresAt!)).toBeGreaterThanOrEqual(before + TTL_SECONDS * 1000);
    expect(Date.parse(out.expiresAt!)).toBeLessThanOrEqual(Date.now() + TTL_SECONDS * 1000);

    const file = await download(out.url!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="jamrep-stats-rows.csv"');
    expect(file.body.length).toBe(out.bytes);
    // Stored under exports/<date>/<sha256 of the file>.csv, as in the S3 bucket.
    const fileHash = createHash('sha256').update(file.body).digest('hex');
    expect(new URL(out.url!).pathname).toBe(`${LOCAL_EXPORTS_PATH}/${new Date().toISOString().slice(0, 10)}/${fileHash}.csv`);

    const { meta, data } = parseExport(file.body.toString('utf8'));
    expect(meta['sha256 of the data below']).toBe(out.sha256);
    expect(createHash('sha256').update(data).digest('hex')).toBe(out.sha256);
    const parsed = parse(data) as string[][];
    const expected = expectedTable(rows, ['period', 'regionCode', 'sector', 'fundingSource']);
    expect(parsed[0]).toEqual(expected.columns);
    expect(parsed.slice(1)).toEqual(expected.rows.map((r) => r.map((v) => (v === null ? '' : String(v)))));
    expect(out.rows).toBe(rows.length);

    clockOffsetMs = (TTL_SECONDS + 1) * 1000;
    try {
      expect((await download(out.url!)).status).toBe(410);
    } finally {
      clockOffsetMs = 0;
    }
    // Only names of the export form are served from the folder.
    expect((await download(`${server.url}${LOCAL_EXPORTS_PATH}/../package.json`)).status).toBe(404);
  });

  it('keeps exportCsv (deprecated) working: the same file, always inline', async () => {
    const [legacy, current] = await Promise.all([
      platform.graphql<{ exportCsv: { csv: string; rows: number; sha256: string } }>('query($q: String!) { exportCsv(query: $q) { csv rows sha256 } }', { q: LARGE }),
      exportOf(LARGE, 'CSV'),
    ]);
    expect(legacy.errors).toBeUndefined();
    const file = await download(current.data!.export.url!);
    expect(legacy.data!.exportCsv.csv).toBe(file.body.toString('utf8'));
    expect(legacy.data!.exportCsv.sha256).toBe(current.data!.export.sha256);
  });
});

describe('XLSX exports', () => {
  it('writes typed cells under a frozen header row, with the provenance on an About sheet', async () => {
    const [rows, res, csv] = await Promise.all([direct(LARGE), exportOf(LARGE, 'XLSX'), exportOf(LARGE, 'CSV')]);
    expect(res.errors).toBeUndefined();
    const out = res.data!.export;
    expect(out).toMatchObject({ format: 'XLSX', delivery: 'URL', content: null, filename: 'jamrep-stats-rows.xlsx', rows: rows.length });
    expect(out.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // The content hash is the data's, whatever the format.
    expect(out.sha256).toBe(csv.data!.export.sha256);

    const file = await download(out.url!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="jamrep-stats-rows.xlsx"');
    expect(file.body.length).toBe(out.bytes);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);

    const sheet = workbook.getWorksheet('Data')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const cells = (r: number) => Array.from({ length: sheet.columnCount }, (_, c) => sheet.getRow(r).getCell(c + 1).value ?? null);
    const expected = expectedTable(rows, ['period', 'regionCode', 'sector', 'fundingSource']);
    expect(cells(1)).toEqual(expected.columns);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    // Cell for cell, with types: numbers as numbers (money included), codes and periods as text.
    expect(Array.from({ length: sheet.rowCount - 1 }, (_, i) => cells(i + 2))).toEqual(expected.rows);
    const june = expected.rows.find((r) => r[0] === '2025-06' && r[1] === '35.09' && r[2] === 'TOBACCO_FARM_WORKER')!;
    expect(june.slice(4)).toEqual([10, 10, 10 * JKK_JKM]);
    expect(sheet.getRow(2).getCell(5).type).toBe(ExcelJS.ValueType.Number);

    const about = workbook.getWorksheet('About')!;
    const facts = Object.fromEntries(Array.from({ length: about.rowCount }, (_, i) => [about.getRow(i + 1).getCell(1).value, about.getRow(i + 1).getCell(2).value]));
    expect(facts).toMatchObject({ title: 'jamrep export: stats.rows', query: out.query, scope: 'AUDITOR (all regions)', asOf: out.asOf, sha256: out.sha256, rows: rows.length });
    expect(out.query).toContain('stats(measures: [ACTIVE_PARTICIPANTS, PARTICIPANT_MONTHS, EXPECTED_CONTRIBUTIONS_IDR]');
    // The hash recomputed from the sheet's cells, written as the CSV export writes its data.
    const table = { columns: cells(1) as string[], rows: Array.from({ length: sheet.rowCount - 1 }, (_, i) => cells(i + 2) as Array<string | number | null>) };
    expect(contentHash(table)).toBe(out.sha256);
  });
});

describe('what an export may not do', () => {
  it('holds the exported query to the query limits, with their codes', async () => {
    const page = (alias: string) =>
      `${alias}: participants(filter: { region: "35" }, first: 100) { nodes { participantId nikMasked name gender birthDate periods { start end regencyCode districtCode sector programs fundingSource } } }`;
    const costly = await exportOf(`{ ${page('a')} ${page('b')} ${page('c')} }`, 'CSV');
    expect(codeOf(costly)).toBe('QUERY_TOO_COSTLY');
    // The same query as a request of its own is refused with the same code; one page is within the limit.
    expect(codeOf(await platform.graphql(`{ ${page('a')} ${page('b')} ${page('c')} }`))).toBe('QUERY_TOO_COSTLY');
    expect((await exportOf(`{ ${page('a')} }`, 'CSV')).errors).toBeUndefined();

    const deep = '{ regions { children { children { children { children { children { children { children { code } } } } } } } } }';
    expect(codeOf(await exportOf(deep, 'CSV'))).toBe('QUERY_TOO_DEEP');
    const aliases = Array.from({ length: 11 }, (_, i) => `a${i}: regions { code }`).join(' ');
    expect(codeOf(await exportOf(`{ ${aliases} }`, 'XLSX'))).toBe('TOO_MANY_ALIASES');
    expect(codeOf(await exportOf(`{ regions { ${'code '.repeat(1_200)} } }`, 'CSV'))).toBe('TOO_MANY_TOKENS');
    const literalPage = await exportOf('{ participants(filter: { region: "35.09" }, first: 100000) { nodes { participantId } } }', 'CSV');
    expect(codeOf(literalPage)).toBe('QUERY_TOO_COSTLY');
  });

  it('refuses mutations, introspection and exports of exports', async () => {
    // A province may close its regencies' periods, but not through an export: nothing is closed.
    const PROVINCE: TestIdentity = { role: 'PROVINCE', region: '35' };
    expect(codeOf(await exportOf('mutation { closePeriod(region: "35.09", period: "2025-S1") { sha256 } }', 'CSV', undefined, PROVINCE))).toBe('INVALID_INPUT');
    expect((await platform.graphql('{ closedPeriod(region: "35.09", period: "2025-S1") { sha256 } }')).data).toEqual({ closedPeriod: null });
    expect(codeOf(await exportOf('{ __schema { types { name } } }', 'CSV'))).toBe('INVALID_INPUT');
    const nested = await exportOf('{ e: export(query: "{ regions { code } }") { content } }', 'CSV');
    expect(codeOf(nested)).toBe('INVALID_INPUT');
    expect(nested.errors![0]!.message).toMatch(/cannot export an export/);
    const suggestion = await exportOf('{ regionz { code } }', 'CSV');
    expect(codeOf(suggestion)).toBe('INVALID_INPUT');
    expect(suggestion.errors![0]!.message).not.toMatch(/did you mean|"regions"/i);
  });

  it('applies the caller\'s role and region scope to the exported query', async () => {
    const REGENCY: TestIdentity = { role: 'REGENCY', region: '35.09' };
    const other = await exportOf(SMALL.replace('["35"]', '["35.10"]'), 'CSV', { month: '2025-06' }, REGENCY);
    expect(codeOf(other)).toBe('FORBIDDEN');
    expect(other.errors![0]!.extensions).toMatchObject({ region: '35.10' });
    expect(codeOf(await exportOf(SMALL.replace('["35"]', '["35.10"]'), 'XLSX', { month: '2025-06' }, REGENCY))).toBe('FORBIDDEN');
    // Without a filter the scope is the filter: Jember only.
    const own = await exportOf(SMALL.replace('filter: { region: ["35"] }, ', ''), 'CSV', { month: '2025-06' }, REGENCY);
    expect(own.errors).toBeUndefined();
    expect(own.data!.export.scope).toBe('REGENCY 35.09');
    const parsed = parse(parseExport(own.data!.export.content!).data, { columns: true }) as Array<Record<string, string>>;
    expect(parsed.map((r) => [r.regionCode, Number(r['values.ACTIVE_PARTICIPANTS'])])).toEqual([['35.09', ACTIVE_2025_06['35.09']]]);
    // Participants are for auditors only, exported or not.
    const people = await exportOf('{ participants(filter: { region: "35.09" }) { nodes { participantId } } }', 'XLSX', undefined, REGENCY);
    expect(codeOf(people)).toBe('FORBIDDEN');
  });

  it('refuses more rows than the limit with EXPORT_TOO_LARGE', async () => {
    const config = { ...loadExportConfig(), maxRows: 10 };
    const { handler } = buildApiHandler(platform, { shared: { exports: { config, storage: createExportStorage(config) } } });
    const event = authorized(graphqlEvent({ query: EXPORT, variables: { q: LARGE, f: 'XLSX' } }), claimsFor({ role: 'AUDITOR' }));
    const body = JSON.parse((await handler(event, lambdaContext())).body!) as GraphqlResponse<unknown>;
    expect(codeOf(body)).toBe('EXPORT_TOO_LARGE');
    expect(body.errors![0]!.extensions).toMatchObject({ maxRows: 10 });
    expect((body.errors![0]!.extensions as { rows: number }).rows).toBe((await direct(LARGE)).length);
  });
});
