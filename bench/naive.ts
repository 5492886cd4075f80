/**
 * The baseline the rollups are judged against: each dashboard query answered without rollups, by
 * reading the raw records, the way one would without a stats table. Province-wide queries scan the
 * records table (a parallel scan); the regency breakdown reads the regency's participants through the
 * participants-by-regency index, which is cheaper than a scan and so makes the comparison harder for
 * the rollups, not easier.
 *
 * What is timed is the reading (and turning items into records), not the arithmetic: the figures are
 * computed once per query, untimed, by the test reference (test/support/reference/), which is the one
 * independent statement of the measure rules the tests already hold the API to. So the baseline is a
 * lower bound of what answering without rollups costs (again harder for the rollups), and the bench's
 * comparison of figures is against the same reference as the tests', not a third copy of the rules.
 *
 * Every answer is normalised to the same shape as the GraphQL reply's (see `normalizeReply`).
 */
import { QueryCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { performance } from 'node:perf_hooks';
import type { RawRecord } from '../lambda/domain/records.js';
import { participantIndexKeys } from '../lambda/store/keys.js';
import { itemToRecord } from '../lambda/store/record-items.js';
import { INDEX } from '../lambda/store/table-schema.js';
import type { Dataset, Program, Rate, Region } from '../test/support/reference/dataset.js';
import { loadRates, loadRegions } from '../test/support/reference/dataset.js';
import { referenceRanking, referenceRealization, referenceStats, type RealizationRow } from '../test/support/reference/reference-stats.js';
import { PAGE_SIZE, PROVINCE, REGENCY, YEAR, type QueryId } from './dashboard-queries.js';
import type { DynamoMeter, DynamoUsage } from './dynamo-meter.js';

export type Item = Record<string, AttributeValue>;

export interface NaiveDeps {
  ddb: DynamoDBClient;
  meter: DynamoMeter;
  recordsTable: string;
  scanSegments: number;
}

export interface NaiveRun {
  ms: number;
  usage: DynamoUsage;
}

/** A normalised answer: plain JSON, numbers rounded so that float noise does not count as a difference. */
export type Answer = unknown;

/** `scan`: the whole records table; otherwise the participants of one regency through the index. */
type Read = 'scan' | 'regency-index';

const READS: Record<QueryId, Read> = {
  'coverage-ranking': 'scan',
  'stats-regency-month': 'scan',
  'dbhcht-realization': 'scan',
  'sector-age-regency': 'regency-index',
  'auditor-participants': 'scan',
};

// ---- reading ---------------------------------------------------------------------------------------

async function readAll(deps: NaiveDeps, read: Read, onItem: (item: Item) => void): Promise<void> {
  if (read === 'regency-index') {
    let startKey: Item | undefined;
    do {
      const page = await deps.ddb.send(
        new QueryCommand({
          TableName: deps.recordsTable,
          IndexName: INDEX.participantsByRegency.name,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': INDEX.participantsByRegency.pk },
          ExpressionAttributeValues: { ':pk': { S: participantIndexKeys(REGENCY, '').gsi1pk } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) onItem(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return;
  }
  await Promise.all(
    Array.from({ length: deps.scanSegments }, async (_, segment) => {
      let startKey: Item | undefined;
      do {
        const page = await deps.ddb.send(
          new ScanCommand({ TableName: deps.recordsTable, Segment: segment, TotalSegments: deps.scanSegments, ExclusiveStartKey: startKey }),
        );
        for (const item of page.Items ?? []) onItem(item);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }),
  );
}

/** The reads of one scale kept for the next query that needs the same read (see `runNaive`). */
export type SharedReads = Map<Read, { runs: NaiveRun[]; read: RecordsRead }>;

/**
 * Runs the naive version of a query `runs` times (each run reads every record it needs again); returns
 * every run's cost and the answer the reference gives on what the last run read.
 *
 * With `shared`, a query whose read (the whole table, or the regency's index partition) an earlier query
 * of the scale already made takes that read's runs instead of reading again: the four province-wide
 * queries read the same whole table, and what is timed is the reading, so their times are one read's.
 * For the largest scales, where one scan of DynamoDB Local takes minutes (bench/options.ts, scaleBudget);
 * each query's answer is still computed from the records and compared with its GraphQL reply.
 */
export async function runNaive(
  id: QueryId,
  deps: NaiveDeps,
  runs: number,
  progress: { run: number; items: number } = { run: 0, items: 0 },
  shared?: SharedReads,
): Promise<{ runs: NaiveRun[]; answer: Answer; sharedRead: boolean }> {
  const earlier = shared?.get(READS[id]);
  if (earlier) return { runs: earlier.runs, answer: referenceAnswer(id, earlier.read), sharedRead: true };
  const out: NaiveRun[] = [];
  let read = new RecordsRead();
  for (let i = 0; i < runs; i++) {
    read = new RecordsRead();
    progress.run = i + 1;
    progress.items = 0;
    deps.meter.start();
    const started = performance.now();
    await readAll(deps, READS[id], (item) => {
      progress.items++;
      const record = itemToRecord(unmarshall(item));
      if (record) read.add(record, item);
    });
    const ms = performance.now() - started;
    out.push({ ms, usage: deps.meter.stop() });
  }
  shared?.set(READS[id], { runs: out, read });
  return { runs: out, answer: referenceAnswer(id, read), sharedRead: false };
}

/** The records one run read, in the test reference's shapes. */
class RecordsRead {
  readonly data: Dataset = { periods: [], payments: [], claims: [], budgets: [], targets: [], rates: referenceRates() };
  /** Participant ids of Jember's roster, for the auditor's page (ordered there, not here). */
  readonly regencyParticipants: string[] = [];
  private readonly wanted = participantIndexKeys(REGENCY, '').gsi1pk;

  add(r: RawRecord, item: Item): void {
    switch (r.kind) {
      case 'participant':
        for (const p of r.periods) {
          this.data.periods.push({
            participantId: r.participantId,
            gender: r.gender,
            birthDate: r.birthDate,
            regencyCode: p.regency,
            districtCode: p.district ?? null,
            sector: p.sector,
            programs: p.programs.split('+') as Program[],
            fundingSource: p.funding,
            startMonth: p.start,
            endMonth: p.end ?? null,
          });
        }
        if (item[INDEX.participantsByRegency.pk]?.S === this.wanted) this.regencyParticipants.push(r.participantId);
        return;
      case 'payment':
        this.data.payments.push({ paymentId: r.paymentId, regencyCode: r.regency, month: r.month, fundingSource: r.funding, participants: r.participants, amountIdr: r.amountIdr });
        return;
      case 'claim':
        this.data.claims.push({ claimId: r.claimId, participantId: r.participantId, program: r.program, eventDate: r.eventDate, paidOn: r.paidOn, amountIdr: r.amountIdr });
        return;
      case 'budget':
        this.data.budgets.push({ regencyCode: r.regency, fiscalYear: r.fiscalYear, allocationIdr: r.allocationIdr });
        return;
      case 'target':
        this.data.targets.push({ regencyCode: r.regency, year: r.year, sector: r.sector ?? null, targetWorkers: r.targetWorkers });
        return;
    }
  }
}

let rates: Rate[] | undefined;
let regions: Region[] | undefined;
const referenceRates = () => (rates ??= loadRates());
/** The regencies as idn-area-data lists them (the reference reads the package's CSV itself). */
const referenceRegions = () => (regions ??= loadRegions());

// ---- the answers, from the test reference ----------------------------------------------------------

function referenceAnswer(id: QueryId, read: RecordsRead): Answer {
  const data = read.data;
  switch (id) {
    case 'coverage-ranking':
      return referenceRanking(data, referenceRegions(), PROVINCE, String(YEAR)).map((e) => [
        e.rank,
        e.regencyCode,
        e.activeParticipants,
        e.targetWorkers,
        round(e.coverageRate),
        e.previous.activeParticipants,
      ]);
    case 'stats-regency-month': {
      const result = referenceStats(data, {
        measures: ['ACTIVE_PARTICIPANTS', 'EXPECTED_CONTRIBUTIONS_IDR', 'CONTRIBUTIONS_IDR', 'CONTRIBUTION_GAP_IDR'],
        dimensions: ['REGION'],
        regionLevel: 'REGENCY',
        filter: { REGION: [PROVINCE] },
        from: `${YEAR}-01`,
        to: `${YEAR}-12`,
        granularity: 'MONTH',
      });
      return keyedRows(result.rows.map((r) => [`${r.period}|${r.dims.REGION}`, r.values]), result.totals);
    }
    case 'dbhcht-realization': {
      const rows = referenceRealization(data, [PROVINCE], YEAR, 'SEMESTER').map(realizationRow);
      // The year's total is the YEAR bucket of the same computation.
      const [year] = referenceRealization(data, [PROVINCE], YEAR, 'YEAR');
      return { rows, total: realizationRow(year!) };
    }
    case 'sector-age-regency': {
      const result = referenceStats(data, {
        measures: ['ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'],
        dimensions: ['SECTOR', 'AGE_BAND'],
        filter: { REGION: [REGENCY] },
        from: `${YEAR}-01`,
        to: `${YEAR}-12`,
        granularity: 'YEAR',
      });
      return keyedRows(result.rows.map((r) => [`${r.dims.SECTOR}|${r.dims.AGE_BAND}`, r.values]), result.totals);
    }
    case 'auditor-participants':
      return [...read.regencyParticipants].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, PAGE_SIZE);
  }
}

function keyedRows(rows: Array<[string, Record<string, number | null>]>, totals: Record<string, number | null>): Answer {
  return { rows: Object.fromEntries(rows.map(([key, v]) => [key, values(v)] as const).sort(([a], [b]) => a.localeCompare(b))), totals: values(totals) };
}

function realizationRow(r: RealizationRow): Record<string, unknown> {
  return {
    period: r.bucket,
    allocation: r.allocationIdr,
    paid: r.paidIdr,
    cumulativePaid: r.cumulativePaidIdr,
    expected: r.expectedIdr,
    gap: r.gapIdr,
    realizationRate: round(r.realizationRate),
    cumulativeRealizationRate: round(r.cumulativeRealizationRate),
    participantsCovered: r.participantsCovered,
    participantMonths: r.participantMonths,
    costPerParticipantMonth: round(r.costPerParticipantMonth),
  };
}

// ---- the GraphQL side, in the same shape ----------------------------------------------------------

/** Rounds to 12 significant digits: ratios computed in a different order differ in the last bits. */
function round(v: number | null): number | null {
  return v === null ? null : Number(v.toPrecision(12));
}

function values(v: Record<string, number | null>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, round(x)]));
}

type MeasureValues = Array<{ measure: string; value: number | null }>;
const valueMap = (list: MeasureValues) => values(Object.fromEntries(list.map((m) => [m.measure, m.value])));

/** The GraphQL reply of a query in the naive answer's shape; undefined when the shapes cannot be compared. */
export function normalizeReply(id: QueryId, data: Record<string, unknown>): Answer | undefined {
  switch (id) {
    case 'coverage-ranking': {
      const r = data.coverageRanking as {
        entries: Array<{ rank: number; region: { code: string }; activeParticipants: number; targetWorkers: number; coverageRate: number | null; previousActiveParticipants: number }>;
      };
      return r.entries.map((e) => [e.rank, e.region.code, e.activeParticipants, e.targetWorkers, round(e.coverageRate), e.previousActiveParticipants]);
    }
    case 'stats-regency-month': {
      const s = data.stats as { rows: Array<{ period: string; regionCode: string; values: MeasureValues }>; totals: MeasureValues };
      const rows = Object.fromEntries(
        s.rows.map((r) => [`${r.period}|${r.regionCode}`, valueMap(r.values)] as const).sort(([a], [b]) => a.localeCompare(b)),
      );
      return { rows, totals: valueMap(s.totals) };
    }
    case 'dbhcht-realization': {
      const d = data.dbhchtRealization as { rows: Array<Record<string, number | string | null>>; total: Record<string, number | string | null> };
      const norm = (row: Record<string, number | string | null>) => {
        const out: Record<string, unknown> = {};
        for (const key of ['period', 'allocation', 'paid', 'cumulativePaid', 'expected', 'gap', 'realizationRate', 'cumulativeRealizationRate', 'participantsCovered', 'participantMonths', 'costPerParticipantMonth']) {
          const v = row[key] ?? null;
          out[key] = typeof v === 'number' ? round(v) : v;
        }
        return out;
      };
      return { rows: d.rows.map(norm), total: norm(d.total) };
    }
    case 'sector-age-regency': {
      const s = data.stats as { rows: Array<{ sector: string; ageBand: string; values: MeasureValues }>; totals: MeasureValues };
      const rows = Object.fromEntries(
        s.rows.map((r) => [`${r.sector}|${r.ageBand}`, valueMap(r.values)] as const).sort(([a], [b]) => a.localeCompare(b)),
      );
      return { rows, totals: valueMap(s.totals) };
    }
    case 'auditor-participants': {
      // The page's shape is read from the schema at run time: compared when it lists participant ids.
      const nodes = (data.participants as { nodes?: Array<{ participantId?: string }> } | undefined)?.nodes;
      return nodes?.every((n) => typeof n.participantId === 'string') ? nodes.map((n) => n.participantId) : undefined;
    }
  }
}

/** Where two normalised answers first differ, or undefined when they are equal. */
export function firstDifference(a: Answer, b: Answer, path = ''): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${path || 'value'}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return undefined;
}
