/**
 * The first start's seeding path (lambda/local/seed-store.ts, what `npm start` does with the demo):
 * records imported with no aggregator reading, the rollups counted in one pass, the aggregator started
 * at LATEST. A corrected file imported afterwards goes through the stream, as every later import does.
 * The figures must equal the independent reference, and equal what the plain stream path gives for the
 * same imports: nothing seeded is lost or counted twice, and a correction subtracts exactly what the
 * recount added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuild } from '../../../lambda/aggregate/rebuild.js';
import { ROLLUP_KEY_PREFIX, isCellName } from '../../../lambda/store/keys.js';
import { scanAll } from '../../../lambda/store/scan.js';
import { datasetFromRows, type RefQuery } from '../../support/reference/reference-stats.js';
import { startTestPlatform, type GraphqlResponse, type TestPlatform } from '../../support/platform.js';
import { randomDataset, toCsv, type RandomDataset } from '../../support/random-dataset.js';
import { compareWithReference, FILTER_FIELDS, STATS_QUERY } from '../../support/stats-compare.js';

const KINDS = ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const;
const SECTORS = ['TOBACCO_FARM_WORKER', 'FOOD_CROP_FARMER', 'FISHER', 'RELIGIOUS_SOCIAL_WORKER', 'STREET_VENDOR'];
const FUNDING = ['DBHCHT', 'APBD', 'DBH_PAJAK'];

const original = randomDataset(21, 250);
// The corrected files: every kind changes some rows in place (same identity, other values), and the
// roster gains participants; rows are never removed (re-import keeps rows not in the file).
const corrected: RandomDataset = {
  participants: [
    ...original.participants.map((row, i) =>
      i % 4 === 0
        ? { ...row, sector: SECTORS[(SECTORS.indexOf(row.sector!) + 1) % SECTORS.length]!, funding_source: FUNDING[(FUNDING.indexOf(row.funding_source!) + 1) % FUNDING.length]! }
        : i % 9 === 0
          ? { ...row, programs: row.programs === 'JKK+JKM' ? 'JKK+JKM+JHT' : 'JKK+JKM' }
          : row,
    ),
    ...randomDataset(22, 30).participants,
  ],
  contributions: original.contributions.map((row, i) => (i % 5 === 0 ? { ...row, amount_idr: String(Number(row.amount_idr) + 16_800) } : row)),
  claims: original.claims.map((row, i) => (i % 3 === 0 && row.program === 'JKK' ? { ...row, amount_idr: String(Number(row.amount_idr) + 250_000) } : row)),
  budgets: original.budgets.map((row, i) => (i % 2 === 0 ? { ...row, allocation_idr: String(Number(row.allocation_idr) + 1_000_000) } : row)),
  targets: original.targets.map((row, i) => (i % 3 === 0 ? { ...row, target_workers: String(Number(row.target_workers) + 7) } : row)),
};
const originalReference = datasetFromRows(original);
const correctedReference = datasetFromRows(corrected);
const records = (d: RandomDataset) => new Set(d.participants.map((r) => r.participant_id)).size + d.contributions.length + d.claims.length + d.budgets.length + d.targets.length;

const PARTICIPANT = ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS', 'NEW_ENROLLMENTS', 'TERMINATIONS', 'EXPECTED_CONTRIBUTIONS_IDR'];
const CASES: Array<[string, RefQuery]> = [
  ['every measure by regency and month', { measures: [...PARTICIPANT, 'CONTRIBUTIONS_IDR', 'BILLED_PARTICIPANTS', 'CONTRIBUTION_GAP_IDR', 'CLAIMS', 'CLAIMS_PAID_IDR', 'TARGET_WORKERS', 'COVERAGE_RATE', 'BUDGET_IDR'], dimensions: ['REGION'], regionLevel: 'REGENCY', from: '2024-01', to: '2025-12', granularity: 'MONTH' }],
  ['participant measures by sector, funding source and gender per quarter', { measures: PARTICIPANT, dimensions: ['SECTOR', 'FUNDING_SOURCE', 'GENDER'], from: '2024-01', to: '2025-12', granularity: 'QUARTER' }],
  ['participant measures by program per year', { measures: PARTICIPANT, dimensions: ['PROGRAM'], from: '2024-01', to: '2025-12', granularity: 'YEAR' }],
  ['districts by funding source', { measures: PARTICIPANT, dimensions: ['REGION', 'FUNDING_SOURCE'], regionLevel: 'DISTRICT', filter: { REGION: ['35.09'] }, from: '2024-01', to: '2025-12', granularity: 'SEMESTER' }],
  ['payments and gap by funding source', { measures: ['CONTRIBUTIONS_IDR', 'BILLED_PARTICIPANTS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CONTRIBUTION_GAP_IDR'], dimensions: ['FUNDING_SOURCE', 'REGION'], regionLevel: 'REGENCY', from: '2024-01', to: '2025-12', granularity: 'QUARTER' }],
  ['claims by sector, program, gender, age band', { measures: ['CLAIMS', 'CLAIMS_PAID_IDR'], dimensions: ['SECTOR', 'PROGRAM', 'GENDER', 'AGE_BAND'], from: '2024-01', to: '2025-12', granularity: 'YEAR' }],
  ['targets and coverage by sector', { measures: ['TARGET_WORKERS', 'COVERAGE_RATE', 'ACTIVE_PARTICIPANTS'], dimensions: ['SECTOR', 'REGION'], regionLevel: 'REGENCY', from: '2024-01', to: '2025-12', granularity: 'YEAR' }],
];

type Answers = Map<string, GraphqlResponse<unknown>['data']>;
let platform: TestPlatform;
const stream: { answers: Answers; cells: Map<string, Record<string, number>> } = { answers: new Map(), cells: new Map() };

async function importAll(data: RandomDataset): Promise<number> {
  let written = 0;
  for (const kind of KINDS) {
    const report = await platform.importCsv(kind, toCsv(data[kind]));
    expect(report.errors).toEqual([]);
    written += report.written;
  }
  return written;
}

async function answers(): Promise<Answers> {
  const out: Answers = new Map();
  for (const [name, query] of CASES) {
    const filter = Object.fromEntries(Object.entries(query.filter ?? {}).map(([k, v]) => [FILTER_FIELDS[k]!, v]));
    const res = await platform.graphql(STATS_QUERY, { ...query, filter });
    expect(res.errors).toBeUndefined();
    out.set(name, res.data);
  }
  return out;
}

/** Every rollup cell stored, by item: what every figure is read from (the markers left out). */
async function rollupCells(): Promise<Map<string, Record<string, number>>> {
  const items = await scanAll(platform.runtime.ddb, platform.runtime.config.statsTable, { prefix: ROLLUP_KEY_PREFIX });
  const out = new Map<string, Record<string, number>>();
  for (const item of items) {
    const cells = Object.fromEntries(Object.entries(item).filter(([name, value]) => isCellName(name) && value !== 0)) as Record<string, number>;
    if (Object.keys(cells).length > 0) out.set(`${item.pk as string}|${item.sk as string}`, cells);
  }
  return out;
}

beforeAll(async () => {
  platform = await startTestPlatform();
  // The plain stream path first: the original files, then the corrected ones, each through the aggregator.
  await importAll(original);
  await platform.drain();
  await importAll(corrected);
  await platform.drain();
  stream.answers = await answers();
  stream.cells = await rollupCells();
  await platform.recreateTables();
});
afterAll(() => platform?.stop());

describe('a store seeded in one pass, then corrected through the stream', () => {
  it('counts every seeded record once, by the recount, and none through the aggregator', async () => {
    const deliveredBefore = platform.delivered.length;
    const seeded = await platform.seed(Object.fromEntries(KINDS.map((kind) => [kind, toCsv(original[kind])])));
    expect(seeded.rebuilt.records).toBe(records(original));
    expect(seeded.reports.reduce((n, r) => n + r.written, 0)).toBe(records(original));
    await platform.drain();
    expect(platform.delivered.length).toBe(deliveredBefore);
    for (const [name, query] of CASES) {
      await compareWithReference(platform, originalReference, query).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
    }
  });

  it('answers with an asOf once seeded: the recount reflects every record written before it', async () => {
    const res = await platform.graphql(`{ stats(measures: [ACTIVE_PARTICIPANTS], from: "2025-12", to: "2025-12") { totals { value } } }`);
    expect(res.errors).toBeUndefined();
    const asOf = res.extensions?.asOf as string;
    expect(Number.isNaN(Date.parse(asOf))).toBe(false);
    expect(Date.parse(asOf)).toBeLessThanOrEqual(Date.now());
  });

  it('applies a corrected import through the stream exactly: the figures equal the reference', async () => {
    const deliveredBefore = platform.delivered.length;
    const written = await importAll(corrected);
    await platform.drain();
    // Only the corrected import's records reached the aggregator, each once.
    const delivered = platform.delivered.slice(deliveredBefore).reduce((n, e) => n + e.Records.length, 0);
    expect(written).toBeGreaterThan(0);
    expect(delivered).toBe(written);
    for (const [name, query] of CASES) {
      await compareWithReference(platform, correctedReference, query).catch((e: Error) => {
        throw new Error(`${name}: ${e.message}`);
      });
    }
  });

  it('gives the same answers and the same rollup cells as the plain stream path', async () => {
    expect(Object.fromEntries(await answers())).toEqual(Object.fromEntries(stream.answers));
    expect(Object.fromEntries(await rollupCells())).toEqual(Object.fromEntries(stream.cells));
  });

  it('leaves no drift for a later recount (npm run rebuild -- --check)', async () => {
    const { config, ddb, reference } = platform.runtime;
    const check = await rebuild({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, rates: reference.rates }, 'check');
    expect(check.records).toBe(records(corrected));
    expect(check.drift).toEqual([]);
  });
});
