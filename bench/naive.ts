/**
 * The baseline the rollups are judged against: each dashboard query answered without rollups, by
 * reading the raw records and aggregating them in memory, the way one would without a stats table.
 * Province-wide queries scan the records table (a parallel scan); the regency breakdown reads the
 * regency's participants through the participants-by-regency index, which is cheaper than a scan and
 * so makes the comparison harder for the rollups, not easier.
 *
 * Every answer is normalised to the same shape as the GraphQL reply's (see `normalizeReply`), so the
 * benchmark also checks that both paths give the same figures.
 */
import { QueryCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { performance } from 'node:perf_hooks';
import { ageBand, ageOn } from '../lambda/domain/age-band.js';
import { PROGRAM_SETS, type Program } from '../lambda/domain/codes.js';
import type { RateTable } from '../lambda/domain/rates.js';
import type { CoveragePeriod, ParticipantRecord, RawRecord } from '../lambda/domain/records.js';
import type { RegionCatalog } from '../lambda/domain/regions.js';
import { COVERAGE_HORIZON } from '../lambda/domain/rollups.js';
import { participantIndexKeys } from '../lambda/store/keys.js';
import { itemToRecord } from '../lambda/store/record-items.js';
import { INDEX } from '../lambda/store/table-schema.js';
import { PAGE_SIZE, PROVINCE, REGENCY, YEAR, type QueryId } from './dashboard-queries.js';
import type { DynamoMeter, DynamoUsage } from './dynamo-meter.js';

export type Item = Record<string, AttributeValue>;

export interface NaiveDeps {
  ddb: DynamoDBClient;
  meter: DynamoMeter;
  recordsTable: string;
  regions: RegionCatalog;
  rates: RateTable;
  scanSegments: number;
}

export interface NaiveRun {
  ms: number;
  usage: DynamoUsage;
}

/** A normalised answer: plain JSON, numbers rounded so that float noise does not count as a difference. */
export type Answer = unknown;

interface Plan {
  /** `scan`: the whole records table; otherwise the participants of one regency through the index. */
  read: 'scan' | 'regency-index';
  add(record: RawRecord, item: Item): void;
  answer(): Answer;
}

// ---- reading ---------------------------------------------------------------------------------------

async function readAll(deps: NaiveDeps, read: Plan['read'], onItem: (item: Item) => void): Promise<void> {
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

/** Runs the naive version of a query `runs` times; returns every run's cost and the last answer. */
export async function runNaive(
  id: QueryId,
  deps: NaiveDeps,
  runs: number,
  progress: { run: number; items: number } = { run: 0, items: 0 },
): Promise<{ runs: NaiveRun[]; answer: Answer }> {
  const out: NaiveRun[] = [];
  let answer: Answer;
  for (let i = 0; i < runs; i++) {
    const plan = planFor(id, deps);
    progress.run = i + 1;
    progress.items = 0;
    deps.meter.start();
    const started = performance.now();
    await readAll(deps, plan.read, (item) => {
      progress.items++;
      const record = itemToRecord(unmarshall(item));
      if (record) plan.add(record, item);
    });
    answer = plan.answer();
    const ms = performance.now() - started;
    out.push({ ms, usage: deps.meter.stop() });
  }
  return { runs: out, answer };
}

// ---- the queries -----------------------------------------------------------------------------------

const months = (year: number, first = 1, last = 12) =>
  Array.from({ length: last - first + 1 }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}`);

function covers(p: CoveragePeriod, month: string): boolean {
  return p.start <= month && (p.end === undefined || month <= p.end) && month <= COVERAGE_HORIZON;
}

/** Contribution rates per program and month, looked up once per query rather than per period. */
function rateCache(rates: RateTable): (program: Program, month: string) => number {
  const cache = new Map<string, number>();
  return (program, month) => {
    const key = `${program}|${month}`;
    let rate = cache.get(key);
    if (rate === undefined) cache.set(key, (rate = rates.monthlyRate(program, month)));
    return rate;
  };
}

function expectedFor(p: CoveragePeriod, month: string, rate: (program: Program, month: string) => number): number {
  return PROGRAM_SETS[p.programs].reduce((sum, program) => sum + rate(program, month), 0);
}

function inProvince(regency: string): boolean {
  return regency.startsWith(`${PROVINCE}.`);
}

function planFor(id: QueryId, deps: NaiveDeps): Plan {
  switch (id) {
    case 'coverage-ranking':
      return coverageRanking(deps);
    case 'stats-regency-month':
      return regencyMonths(deps);
    case 'dbhcht-realization':
      return realization(deps);
    case 'sector-age-regency':
      return sectorAge();
    case 'auditor-participants':
      return participantsPage();
  }
}

/** Targets of a regency and year: its all-sectors row when it has one, else the sum of its sector rows. */
class TargetBook {
  private readonly all = new Map<string, number>();
  private readonly sectors = new Map<string, number>();
  add(regency: string, year: number, sector: string | undefined, workers: number): void {
    const key = `${regency}|${year}`;
    const book = sector === undefined ? this.all : this.sectors;
    book.set(key, (book.get(key) ?? 0) + workers);
  }
  of(regency: string, year: number): number {
    const key = `${regency}|${year}`;
    return this.all.get(key) ?? this.sectors.get(key) ?? 0;
  }
}

function coverageRanking(deps: NaiveDeps): Plan {
  const last = `${YEAR}-12`;
  const previous = `${YEAR - 1}-12`;
  const active = new Map<string, number>();
  const activeBefore = new Map<string, number>();
  const targets = new TargetBook();
  return {
    read: 'scan',
    add(r) {
      if (r.kind === 'participant') {
        for (const p of r.periods) {
          if (!inProvince(p.regency)) continue;
          if (covers(p, last)) active.set(p.regency, (active.get(p.regency) ?? 0) + 1);
          if (covers(p, previous)) activeBefore.set(p.regency, (activeBefore.get(p.regency) ?? 0) + 1);
        }
      } else if (r.kind === 'target' && inProvince(r.regency)) {
        targets.add(r.regency, r.year, r.sector, r.targetWorkers);
      }
    },
    answer() {
      const rate = (a: number, t: number) => (t > 0 ? a / t : null);
      const entries = deps.regions.children(PROVINCE, 'REGENCY').map((region) => {
        const a = active.get(region.code) ?? 0;
        const t = targets.of(region.code, YEAR);
        return { code: region.code, active: a, target: t, rate: rate(a, t), previous: activeBefore.get(region.code) ?? 0 };
      });
      entries.sort((x, y) => {
        if (x.rate !== y.rate) {
          if (x.rate === null) return 1;
          if (y.rate === null) return -1;
          return y.rate - x.rate;
        }
        return x.code.localeCompare(y.code);
      });
      return entries.map((e, i) => [i + 1, e.code, e.active, e.target, round(e.rate), e.previous]);
    },
  };
}

function regencyMonths(deps: NaiveDeps): Plan {
  const rate = rateCache(deps.rates);
  const year = months(YEAR);
  const cells = new Map<string, { active: number; expected: number; paid: number }>();
  const cell = (month: string, regency: string) => {
    const key = `${month}|${regency}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { active: 0, expected: 0, paid: 0 }));
    return c;
  };
  return {
    read: 'scan',
    add(r) {
      if (r.kind === 'participant') {
        for (const p of r.periods) {
          if (!inProvince(p.regency)) continue;
          for (const month of year) {
            if (!covers(p, month)) continue;
            const c = cell(month, p.regency);
            c.active += 1;
            c.expected += expectedFor(p, month, rate);
          }
        }
      } else if (r.kind === 'payment' && inProvince(r.regency) && r.month.startsWith(`${YEAR}-`)) {
        cell(r.month, r.regency).paid += r.amountIdr;
      }
    },
    answer() {
      const rows: Record<string, unknown> = {};
      let expected = 0;
      let paid = 0;
      let activeAtEnd = 0;
      for (const [key, c] of [...cells].sort(([a], [b]) => a.localeCompare(b))) {
        if (c.active === 0 && c.expected === 0 && c.paid === 0) continue;
        rows[key] = values({ ACTIVE_PARTICIPANTS: c.active, EXPECTED_CONTRIBUTIONS_IDR: c.expected, CONTRIBUTIONS_IDR: c.paid, CONTRIBUTION_GAP_IDR: c.expected - c.paid });
        expected += c.expected;
        paid += c.paid;
        if (key.startsWith(`${YEAR}-12|`)) activeAtEnd += c.active;
      }
      const totals = values({ ACTIVE_PARTICIPANTS: activeAtEnd, EXPECTED_CONTRIBUTIONS_IDR: expected, CONTRIBUTIONS_IDR: paid, CONTRIBUTION_GAP_IDR: expected - paid });
      return { rows, totals };
    },
  };
}

function realization(deps: NaiveDeps): Plan {
  const rate = rateCache(deps.rates);
  const semesters = [
    { id: `${YEAR}-S1`, months: months(YEAR, 1, 6) },
    { id: `${YEAR}-S2`, months: months(YEAR, 7, 12) },
  ];
  let allocation = 0;
  const sums = semesters.map(() => ({ paid: 0, expected: 0, covered: 0, participantMonths: 0 }));
  return {
    read: 'scan',
    add(r) {
      if (r.kind === 'budget' && inProvince(r.regency) && r.fiscalYear === YEAR) allocation += r.allocationIdr;
      else if (r.kind === 'payment' && inProvince(r.regency) && r.funding === 'DBHCHT') {
        semesters.forEach((s, i) => {
          if (s.months.includes(r.month)) sums[i]!.paid += r.amountIdr;
        });
      } else if (r.kind === 'participant') {
        for (const p of r.periods) {
          if (!inProvince(p.regency) || p.funding !== 'DBHCHT') continue;
          semesters.forEach((s, i) => {
            const sum = sums[i]!;
            for (const month of s.months) {
              if (!covers(p, month)) continue;
              sum.participantMonths += 1;
              sum.expected += expectedFor(p, month, rate);
            }
            if (covers(p, s.months[s.months.length - 1]!)) sum.covered += 1;
          });
        }
      }
    },
    answer() {
      let cumulative = 0;
      const row = (period: string, paid: number, cumulativePaid: number, expected: number, covered: number, pm: number) => ({
        period,
        allocation,
        paid,
        cumulativePaid,
        expected,
        gap: expected - paid,
        realizationRate: round(allocation > 0 ? paid / allocation : null),
        cumulativeRealizationRate: round(allocation > 0 ? cumulativePaid / allocation : null),
        participantsCovered: covered,
        participantMonths: pm,
        costPerParticipantMonth: round(pm > 0 ? paid / pm : null),
      });
      const rows = semesters.map((s, i) => {
        const sum = sums[i]!;
        cumulative += sum.paid;
        return row(s.id, sum.paid, cumulative, sum.expected, sum.covered, sum.participantMonths);
      });
      const total = (f: 'paid' | 'expected' | 'participantMonths') => sums.reduce((t, s) => t + s[f], 0);
      return { rows, total: row(String(YEAR), total('paid'), cumulative, total('expected'), sums[sums.length - 1]!.covered, total('participantMonths')) };
    },
  };
}

function sectorAge(): Plan {
  const year = months(YEAR);
  const lastDay = `${YEAR}-12-31`;
  const cells = new Map<string, { active: number; pm: number }>();
  return {
    read: 'regency-index',
    add(r) {
      if (r.kind !== 'participant') return;
      // Age on the last day of the period asked for (the YEAR bucket), as the AGE_BAND dimension defines it.
      const band = ageBand(ageOn(r.birthDate, lastDay));
      for (const p of r.periods) {
        if (p.regency !== REGENCY) continue;
        const key = `${p.sector}|${band}`;
        let c = cells.get(key);
        if (!c) cells.set(key, (c = { active: 0, pm: 0 }));
        if (covers(p, `${YEAR}-12`)) c.active += 1;
        for (const month of year) if (covers(p, month)) c.pm += 1;
      }
    },
    answer() {
      const rows: Record<string, unknown> = {};
      let active = 0;
      let pm = 0;
      for (const [key, c] of [...cells].sort(([a], [b]) => a.localeCompare(b))) {
        if (c.active === 0 && c.pm === 0) continue;
        rows[key] = values({ ACTIVE_PARTICIPANTS: c.active, PARTICIPANT_MONTHS: c.pm });
        active += c.active;
        pm += c.pm;
      }
      return { rows, totals: values({ ACTIVE_PARTICIPANTS: active, PARTICIPANT_MONTHS: pm }) };
    },
  };
}

function participantsPage(): Plan {
  const found: ParticipantRecord[] = [];
  const wanted = participantIndexKeys(REGENCY, '').gsi1pk;
  return {
    read: 'scan',
    add(r, item) {
      if (r.kind === 'participant' && item[INDEX.participantsByRegency.pk]?.S === wanted) found.push(r);
    },
    answer() {
      found.sort((a, b) => a.participantId.localeCompare(b.participantId));
      return found.slice(0, PAGE_SIZE).map((p) => p.participantId);
    },
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
