/**
 * Every class of bad input is reported with file, line, column and reason, and leaves the stored data
 * exactly as it was (nothing of a rejected file is written).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportKind } from '../../../lambda/domain/validation.js';
import { scanAll } from '../../../lambda/store/scan.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { toCsv, type Rows } from '../../support/random-dataset.js';

const person = (id: string, over: Record<string, string> = {}) => ({
  participant_id: id,
  nik: '3509015508900001',
  name: 'Siti Aminah',
  gender: 'P',
  birth_date: '1990-08-15',
  regency_code: '35.09',
  district_code: '35.09.01',
  sector: 'TOBACCO_FARM_WORKER',
  programs: 'JKK+JKM',
  funding_source: 'DBHCHT',
  start_month: '2025-01',
  end_month: '2025-12',
  ...over,
});
const good = [person('10000000001'), person('10000000002', { nik: '3509011508900002', name: 'Budi', gender: 'L', birth_date: '1990-08-15' })];

let platform: TestPlatform;
let snapshot: string;

async function storedState(): Promise<string> {
  const { ddb, config } = platform.runtime;
  const items = [...(await scanAll(ddb, config.recordsTable)), ...(await scanAll(ddb, config.statsTable, { prefix: 'ROLLUP#' }))];
  return JSON.stringify(items.map((i) => JSON.stringify(i)).sort());
}

beforeAll(async () => {
  platform = await startTestPlatform();
  expect((await platform.importCsv('participants', toCsv(good))).errors).toEqual([]);
  await platform.drain();
  snapshot = await storedState();
});
afterAll(() => platform?.stop());

const CASES: Array<{ name: string; kind: ImportKind; csv: string; line: number; column: string | undefined; reason: RegExp }> = [
  { name: 'malformed NIK', kind: 'participants', csv: toCsv([good[0]!, person('10000000003', { nik: '35090155089' })]), line: 3, column: 'nik', reason: /16 digits/ },
  { name: 'unknown region', kind: 'participants', csv: toCsv([person('10000000003', { regency_code: '35.99', district_code: '' })]), line: 2, column: 'regency_code', reason: /known regency/ },
  { name: 'district outside its regency', kind: 'participants', csv: toCsv([person('10000000003', { district_code: '35.10.01' })]), line: 2, column: 'district_code', reason: /must lie in regency 35.09/ },
  { name: 'unknown regency of another province', kind: 'participants', csv: toCsv([person('10000000003', { regency_code: '52.99', district_code: '' })]), line: 2, column: 'regency_code', reason: /known regency/ },
  { name: 'unknown regency in a budget', kind: 'budgets', csv: 'regency_code,fiscal_year,allocation_idr\n33.23,2025,1000\n3399,2025,1000\n', line: 3, column: 'regency_code', reason: /known regency/ },
  // Jember has 31 districts (35.09.01-35.09.31): 35.09.32 has the right form and regency but does not exist.
  { name: 'unknown district of a known regency', kind: 'participants', csv: toCsv([person('10000000003', { district_code: '35.09.32' })]), line: 2, column: 'district_code', reason: /is not a known district of regency 35.09/ },
  { name: 'district of a regency of another province', kind: 'participants', csv: toCsv([person('10000000003', { district_code: '33.23.01' })]), line: 2, column: 'district_code', reason: /must lie in regency 35.09/ },
  { name: 'unknown sector code', kind: 'participants', csv: toCsv([person('10000000003', { sector: 'MINER' })]), line: 2, column: 'sector', reason: /must be one of/ },
  { name: 'unknown funding code', kind: 'contributions', csv: 'payment_id,regency_code,month,funding_source,participants,amount_idr,paid_on\nP1,35.09,2025-01,DANA_DESA,10,168000,2025-01-10\n', line: 2, column: 'funding_source', reason: /must be one of/ },
  { name: 'impossible date', kind: 'participants', csv: toCsv([person('10000000003', { birth_date: '1990-02-30' })]), line: 2, column: 'birth_date', reason: /real date/ },
  { name: 'impossible month', kind: 'participants', csv: toCsv([person('10000000003', { start_month: '2025-13' })]), line: 2, column: 'start_month', reason: /YYYY-MM/ },
  { name: 'end before start', kind: 'participants', csv: toCsv([person('10000000003', { start_month: '2025-06', end_month: '2025-05' })]), line: 2, column: 'end_month', reason: /before start_month/ },
  { name: 'overlapping periods in the file', kind: 'participants', csv: toCsv([person('10000000003', { start_month: '2025-01', end_month: '2025-06' }), person('10000000003', { start_month: '2025-06', end_month: '' })]), line: 3, column: 'start_month', reason: /overlaps line 2/ },
  { name: 'period overlapping a stored period', kind: 'participants', csv: toCsv([person('10000000001', { start_month: '2025-07', end_month: '' })]), line: 2, column: 'start_month', reason: /overlaps a stored period/ },
  { name: 'missing column', kind: 'budgets', csv: 'regency_code,fiscal_year\n35.09,2025\n', line: 1, column: 'allocation_idr', reason: /required column is missing/ },
  { name: 'unknown column', kind: 'budgets', csv: 'regency_code,fiscal_year,allocation_idr,notes\n35.09,2025,1000,x\n', line: 1, column: 'notes', reason: /unknown column/ },
  { name: 'negative amount', kind: 'contributions', csv: 'payment_id,regency_code,month,funding_source,participants,amount_idr,paid_on\nP1,35.09,2025-01,DBHCHT,10,-168000,2025-01-10\n', line: 2, column: 'amount_idr', reason: /negative amounts are not allowed/ },
  { name: 'claim for an unknown participant', kind: 'claims', csv: 'claim_id,participant_id,program,event_date,paid_on,amount_idr\nC1,19999999999,JKM,2025-03-01,2025-03-20,42000000\n', line: 2, column: 'participant_id', reason: /no participant with this id/ },
  { name: 'a row repeating another', kind: 'targets', csv: 'regency_code,year,sector,target_workers\n35.09,2025,,1000\n35.09,2025,,1200\n', line: 3, column: 'sector', reason: /repeats the row of line 2/ },
  { name: 'broken CSV quoting', kind: 'budgets', csv: 'regency_code,fiscal_year,allocation_idr\n35.09,2025,"1000\n', line: 2, column: undefined, reason: /not valid CSV/ },
];

describe('bad input is rejected whole, with file, line, column and reason', () => {
  it.each(CASES)('$name', async ({ kind, csv, line, column, reason }) => {
    const report = await platform.importCsv(kind, csv, `${kind}-bad.csv`);
    expect(report.written).toBe(0);
    expect(report.errors).toContainEqual({ file: `${kind}-bad.csv`, line, column, reason: expect.stringMatching(reason) });
    await platform.drain();
    expect(await storedState()).toBe(snapshot);
  });

  it('reports every bad row of a file, not just the first, and never echoes personal data', async () => {
    const rows: Rows = [good[0]!, person('10000000004', { nik: '12345', gender: 'X' }), person('1234', { name: '' }), person('10000000005', { regency_code: '99.99', district_code: '' })];
    const report = await platform.importCsv('participants', toCsv(rows), 'roster.csv');
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'nik'],
      [3, 'gender'],
      [4, 'participant_id'],
      [4, 'name'],
      [5, 'regency_code'],
    ]);
    expect(JSON.stringify(report.errors)).not.toMatch(/12345|Siti/);
    expect(await storedState()).toBe(snapshot);
  });
});

describe('regencies and districts of the whole country', () => {
  // Kemendagri codes and names, as idn-area-data 4.0.1 lists them (data/districts.csv).
  const places = [
    { regency_code: '35.09', district_code: '35.09.02', district: 'Kencong' },
    { regency_code: '33.23', district_code: '33.23.01', district: 'Bulu' },
    { regency_code: '52.03', district_code: '52.03.05', district: 'Masbagik' },
  ];

  it('imports a roster with regencies of three provinces and names their districts in answers', async () => {
    const rows: Rows = places.map((place, i) =>
      person(`2000000000${i}`, { nik: `${place.regency_code.replace('.', '')}${place.district_code.slice(6)}5508900001`, regency_code: place.regency_code, district_code: place.district_code }),
    );
    const report = await platform.importCsv('participants', toCsv(rows), 'national.csv');
    expect(report.errors).toEqual([]);
    expect(report.written).toBe(3);
    await platform.drain();

    const res = await platform.graphql<{ stats: { rows: Array<{ region: { code: string; name: string; level: string } | null; values: Array<{ value: number }> }> } }>(
      `{ stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [REGION], regionLevel: DISTRICT, filter: { region: ["35.09.02", "33.23", "52.03"] },
               from: "2025-06", to: "2025-06") { rows { region { code name level } values { value } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const rowsOut = res.data!.stats.rows.map((r) => [r.region?.code, r.region?.name, r.region?.level, r.values[0]!.value]);
    expect(rowsOut).toEqual(places.map((p) => [p.district_code, p.district, 'DISTRICT', 1]).sort());

    // An export of the same rows carries the district names too.
    const exported = await platform.graphql<{ export: { content: string } }>(
      `query ($q: String!) { export(query: $q, format: CSV) { content } }`,
      { q: `{ stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [REGION], regionLevel: DISTRICT, filter: { region: ["33.23", "52.03"] }, from: "2025-06", to: "2025-06") { rows { region { code name } } } }` },
    );
    expect(exported.errors).toBeUndefined();
    expect(exported.data!.export.content).toContain('33.23.01,Bulu');
    expect(exported.data!.export.content).toContain('52.03.05,Masbagik');
  });
});
