/**
 * A dashboard upload by a regency or province officer may only bring rows of their own regions: one row
 * outside rejects the whole file, naming every such row, writes nothing, and the ledger entry is
 * attributed to the uploader. The S3 handler derives uploader and scope from the object key.
 */
import type { S3EventRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadKey } from '../../../lambda/domain/upload-key.js';
import { attributionOf } from '../../../lambda/ingest/import-object.js';
import { s3Subject } from '../../../lambda/ingest/s3-handler.js';
import { scanAll } from '../../../lambda/store/scan.js';
import { KEY } from '../../../lambda/store/table-schema.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.stop());

const budgets = (...rows: string[]) => `regency_code,fiscal_year,allocation_idr\n${rows.join('\n')}\n`;
const officer = { subject: 'officer-jember', role: 'REGENCY', scope: '35.09' };

async function budgetRecords(): Promise<number> {
  const items = await scanAll(platform.runtime.ddb, platform.runtime.config.recordsTable);
  return items.filter((i) => String(i[KEY.pk] ?? '').startsWith('BUDGET#')).length;
}

describe('upload scope', () => {
  it('rejects a whole file with rows outside the regency, naming each row, and writes nothing', async () => {
    const before = await budgetRecords();
    const report = await platform.importCsv('budgets', budgets('35.09,2031,1000', '35.10,2031,2000', '52.03,2031,3000'), 'b.csv', officer, '35.09');
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([[3, 'regency_code'], [4, 'regency_code']]);
    expect(report.errors.every((e) => e.reason.startsWith('OUT_OF_SCOPE'))).toBe(true);
    expect(report.written).toBe(0);
    expect(await budgetRecords()).toBe(before);
    expect(report.ledgerEntry).toMatchObject({ subject: 'officer-jember', role: 'REGENCY', scope: '35.09', outcome: 'REJECTED', rejected: 2, written: 0 });
    // The entry keeps the row errors (line, column, reason) for the uploader's page, never the values.
    expect(report.ledgerEntry!.rowErrors.map((e) => [e.line, e.column])).toEqual([[3, 'regency_code'], [4, 'regency_code']]);
    expect(JSON.stringify(report.ledgerEntry!.rowErrors)).not.toMatch(/35\.10|52\.03/);
  });

  it('accepts a file inside the scope, attributed to the uploader', async () => {
    const before = await budgetRecords();
    const report = await platform.importCsv('budgets', budgets('35.09,2032,1000'), 'b.csv', officer, '35.09');
    expect(report.errors).toEqual([]);
    expect(report.written).toBe(1);
    expect(await budgetRecords()).toBe(before + 1);
    expect(report.ledgerEntry).toMatchObject({ subject: 'officer-jember', role: 'REGENCY', scope: '35.09', outcome: 'ACCEPTED' });
  });

  it('lets a province officer bring every regency of the province and nothing else', async () => {
    const ok = await platform.importCsv('budgets', budgets('35.09,2033,1', '35.10,2033,2'), 'b.csv', { subject: 'p', role: 'PROVINCE', scope: '35' }, '35');
    expect(ok.errors).toEqual([]);
    const bad = await platform.importCsv('budgets', budgets('35.09,2034,1', '52.03,2034,2'), 'b.csv', { subject: 'p', role: 'PROVINCE', scope: '35' }, '35');
    expect(bad.errors.map((e) => e.line)).toEqual([3]);
  });
});

describe('S3 key attribution', () => {
  const record = { userIdentity: { principalId: 'AWS:AROAEXAMPLE' } } as unknown as S3EventRecord;

  it('attributes an upload key to the user and scope it names', () => {
    const key = uploadKey({ kind: 'budgets', role: 'REGENCY', scope: '35.09', subject: 'officer-jember', uploadId: 'u1', fileName: 'b.csv' });
    expect(attributionOf(key, s3Subject(record))).toEqual({ who: officer, scope: '35.09', importId: 'u1', fileName: 'b.csv' });
  });

  it('keeps operator drops attributed to the S3 principal without a scope', () => {
    expect(attributionOf('budgets/2031.csv', s3Subject(record))).toEqual({ who: { subject: 's3:AWS:AROAEXAMPLE' }, scope: undefined, fileName: 'budgets/2031.csv' });
  });
});
