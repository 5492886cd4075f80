/**
 * While `npm start` seeds an empty store in one pass (lambda/local/seed-store.ts), a write from elsewhere
 * could be counted twice or not at all, so writes are refused until it is done: `npm run import` exits
 * with a message and writes nothing, and the local server's write routes answer 503 with Retry-After.
 * Reads go on being served.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAuditTable } from '../../../lambda/local/audit-table.js';
import { ensureTables } from '../../../lambda/local/create-tables.js';
import { startHttpServer } from '../../../lambda/local/http-server.js';
import { uploadRoute } from '../../../lambda/local/upload-route.js';
import { SeedState } from '../../../lambda/store/seed-state.js';
import { toCsv } from '../../support/random-dataset.js';
import { silentLogger, START_TIMEOUT_MS, startLocalDatabase, uniqueTableNames, type LocalDatabase } from './support.js';

let db: LocalDatabase;
beforeAll(async () => {
  db = await startLocalDatabase();
}, START_TIMEOUT_MS);
afterAll(() => db?.close());

const row = { participant_id: '20000000001', nik: '3509014101900001', name: 'Ani', gender: 'P', birth_date: '1990-01-01', regency_code: '35.09', district_code: '', sector: 'FISHER', programs: 'JKK+JKM', funding_source: 'DBHCHT', start_month: '2025-01', end_month: '' };

describe('writes while the local platform seeds its demo', () => {
  it('npm run import refuses and writes nothing until the seed is done, then imports', async () => {
    const tables = uniqueTableNames();
    const prefix = tables.recordsTable.replace(/-records$/, '');
    await ensureTables(db.ddb, tables);
    await ensureAuditTable(db.ddb, `${prefix}-audit`);
    const seed = new SeedState(db.ddb, tables.statsTable);
    await seed.begin();
    const dir = mkdtempSync(join(tmpdir(), 'jamrep-seeding-'));
    try {
      writeFileSync(join(dir, 'participants.csv'), toCsv([row]));
      const run = () =>
        spawnSync(process.execPath, ['--import', 'tsx', 'lambda/ingest/cli.ts', 'participants', join(dir, 'participants.csv')], {
          encoding: 'utf8',
          env: { ...process.env, DYNAMODB_ENDPOINT: db.dynamo.endpoint, TABLE_NAME: prefix },
        });
      const refused = run();
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('The local platform is loading its demo (npm start): nothing was written.');
      const stored = await db.ddb.send(new ScanCommand({ TableName: tables.recordsTable }));
      expect(stored.Count).toBe(0);

      await seed.end();
      const imported = run();
      expect(imported.status, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('participants.csv: 1 rows (1 participants: 1 written, 0 unchanged)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the local server answers 503 on write routes while seeding, and keeps serving reads', async () => {
    let seeding = true;
    let writes = 0;
    const server = await startHttpServer({
      handler: async () => ({ statusCode: 200, body: '{}' }),
      cors: { allowedOrigins: [] },
      logger: silentLogger,
      refuseWrites: () => (seeding ? 'the demo is loading' : undefined),
      extraRoutes: [
        { method: 'PUT', path: '/uploads/', prefix: true, writes: true, handle: (_req, res) => void (writes++, res.end('stored')) },
        { method: 'GET', path: '/config.json', handle: (_req, res) => void res.end('{}') },
      ],
    });
    try {
      const refused = await fetch(`${server.url}/uploads/a.csv`, { method: 'PUT', body: 'x' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('10');
      expect(await refused.json()).toEqual({ message: 'Service Unavailable', reason: 'the demo is loading' });
      expect(writes).toBe(0);
      expect((await fetch(`${server.url}/config.json`)).status).toBe(200);

      seeding = false;
      const stored = await fetch(`${server.url}/uploads/a.csv`, { method: 'PUT', body: 'x' });
      expect(stored.status).toBe(200);
      expect(writes).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("the dashboard's upload route is such a write route: its PUT is refused while seeding, before any signature check", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jamrep-seed-upload-'));
    let imports = 0;
    const uploads = uploadRoute({
      path: '/local/uploads',
      dir,
      maxBytes: 1024,
      allowedOrigins: [],
      importDeps: () => {
        imports++;
        throw new Error('no import may start while seeding');
      },
    });
    const server = await startHttpServer({
      handler: async () => ({ statusCode: 200, body: '{}' }),
      cors: { allowedOrigins: [] },
      logger: silentLogger,
      refuseWrites: () => 'the demo is loading',
      extraRoutes: uploads.routes,
    });
    try {
      const refused = await fetch(`${server.url}/local/uploads/participants/uploads/REGENCY/35.09/u/1-p/a.csv?expires=1&signature=x`, {
        method: 'PUT',
        headers: { 'content-type': 'text/csv' },
        body: 'x',
      });
      expect(refused.status).toBe(503);
      await uploads.idle();
      expect(imports).toBe(0);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
