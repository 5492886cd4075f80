/**
 * The deployed artifact exports an XLSX: the API bundle built by cdk/bundling.ts, loaded by a fresh Node
 * process (as Lambda loads it: index.mjs with exceljs resolved from its own node_modules, not from this
 * repository), answers an API Gateway v2 event for `export(format: XLSX)` against DynamoDB Local, and
 * the workbook it writes reads back to the same rows as the query itself.
 */
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, LAMBDA_ENTRIES } from '../../../cdk/bundling.js';
import { LOCAL_EXPORTS_PATH } from '../../../lambda/api/export-config.js';
import { ensureAuditTable } from '../../../lambda/local/audit-table.js';
import { ensureTables } from '../../../lambda/local/create-tables.js';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../lambda/local/dynamodb-local.js';
import { createLocalDynamoDbClient } from '../../../lambda/local/local-clients.js';
import { graphqlEvent, lambdaContext } from '../../support/api-event.js';
import { AUDITOR, authorized, claimsFor } from '../../support/identities.js';

const RUNNER = `import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [bundle, eventFile] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const { event, context } = JSON.parse(readFileSync(eventFile, 'utf8'));
const responses = [];
for (const e of event) responses.push(await handler(e, { ...context, getRemainingTimeInMillis: () => 30000 }));
process.stdout.write(JSON.stringify(responses));
`;

let ddb: DynamoDbLocal | undefined;
let work: string;
let bundle: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'jamrep-export-bundle-'));
  [bundle, ddb] = await Promise.all([buildBundle(LAMBDA_ENTRIES.api, join(work, 'asset')), startDynamoDbLocal({ quiet: true })]);
  const client = createLocalDynamoDbClient(ddb.endpoint);
  await ensureTables(client, { recordsTable: 'xb-records', statsTable: 'xb-stats' });
  await ensureAuditTable(client, 'xb-audit');
  writeFileSync(join(work, 'runner.mjs'), RUNNER);
});
afterAll(() => ddb?.stop());

type Response = { statusCode: number; body: string };

/** Calls the bundle's handler in a child process with the given GraphQL requests, in order. */
async function invoke(requests: Array<{ query: string; variables?: Record<string, unknown> }>): Promise<Array<{ data?: Record<string, any>; errors?: unknown[] }>> {
  const { getRemainingTimeInMillis: _, done: __, fail: ___, succeed: ____, ...context } = lambdaContext();
  const eventFile = join(work, 'events.json');
  writeFileSync(eventFile, JSON.stringify({ event: requests.map((r) => authorized(graphqlEvent(r), claimsFor(AUDITOR))), context }));
  const { stdout } = await promisify(execFile)(process.execPath, [join(work, 'runner.mjs'), bundle, eventFile], {
    cwd: work,
    env: {
      PATH: process.env.PATH,
      DYNAMODB_ENDPOINT: ddb!.endpoint,
      TABLE_NAME: 'xb',
      NIK_HASH_KEY: 'bundle-test',
      AWS_REGION: 'ap-southeast-3',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      EXPORTS_DIR: join(work, 'exports'),
      EXPORTS_BASE_URL: `http://exports.test${LOCAL_EXPORTS_PATH}`,
    },
  });
  return (JSON.parse(stdout) as Response[]).map((r) => {
    expect(r.statusCode).toBe(200);
    return JSON.parse(r.body);
  });
}

describe('the deployed API bundle', () => {
  it('exports an XLSX with the exceljs it ships', async () => {
    const query = '{ region(code: "35") { children(level: REGENCY) { code name level } } }';
    const [direct, exported] = await invoke([
      { query },
      { query: 'query($q: String!) { export(query: $q, format: XLSX) { delivery url bytes rows sha256 } }', variables: { q: query } },
    ]);
    expect(exported!.errors).toBeUndefined();
    const regencies = direct!.data!.region.children as Array<{ code: string; name: string; level: string }>;
    expect(regencies).toHaveLength(38);
    const out = exported!.data!.export as { delivery: string; url: string; bytes: number; rows: number };
    expect(out).toMatchObject({ delivery: 'URL', rows: 38 });

    // The local storage wrote it where the link points.
    const path = new URL(out.url).pathname.slice(`${LOCAL_EXPORTS_PATH}/`.length);
    const file = readFileSync(join(work, 'exports', path));
    expect(file.length).toBe(out.bytes);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Data')!;
    const rows = Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1));
    expect(rows).toEqual([['code', 'name', 'level'], ...regencies.map((r) => [r.code, r.name, r.level])]);
    expect(workbook.getWorksheet('About')).toBeDefined();
  });
});
