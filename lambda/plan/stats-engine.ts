/**
 * Answers a statistics query from rollups: scope it to the caller, validate, plan one read per fact
 * source, read the items, then filter, group and combine cells into rows and totals following each
 * measure's definition, and finally withhold small cells for callers who see aggregates only.
 */
import { PROGRAMS } from '../domain/codes.js';
import type { AttributeDimension, Dimension } from '../domain/dimensions.js';
import { baseOperands, requireMeasure, type Source } from '../domain/measures.js';
import { bucketsBetween, monthIndex, parseBucket, type Bucket, type Granularity } from '../domain/period.js';
import { compareOrdinal } from '../domain/ordinal.js';
import { ancestorAt, isWithin, type RegionCatalog } from '../domain/regions.js';
import { ALL_SECTORS } from '../domain/rollups.js';
import type { ReadCounter, RollupItemAt, RollupStore } from '../store/rollup-store.js';
import { decodeCells, type Cell } from './cells.js';
import { planSource, type ReadPlan } from './rollup-planner.js';
import { scopeStatsQuery, type Access } from './scope.js';
import { validateQuery, type StatsQuery, type ValidQuery } from './stats-query.js';
import {
  frequencyOperands,
  operandKey,
  planSuppression,
  populationOf,
  populationSize,
  type Operand,
  type PopulationCell,
  type SuppressibleRow,
} from './suppression.js';

export interface StatsRow {
  bucket: Bucket;
  dims: Partial<Record<Dimension, string>>;
  /** null for a ratio over zero, and for a measure withheld from the caller (listed in `suppressed`). */
  values: Record<string, number | null>;
  suppressed: string[];
}

export interface StatsResult {
  query: ValidQuery;
  rows: StatsRow[];
  totals: Record<string, number | null>;
  totalsSuppressed: string[];
  plans: ReadPlan[];
}

export interface StatsDeps {
  regions: RegionCatalog;
  rollups: RollupStore;
  /** Who asks: the query is narrowed to this scope and small cells are withheld as it says. Required. */
  access: Access;
  counter?: ReadCounter;
}

export async function runStats(query: StatsQuery, deps: StatsDeps): Promise<StatsResult> {
  const q = resolveRequest(query, deps);
  const k = deps.access.minimumCellCount;
  const { requested, operands } = operandsFor(q, k);
  const plans = planReads(q, operands, deps.regions);
  const cellsBySource = await readCells(plans, deps);
  const aggregates = aggregateOperands(q, operands, plans, cellsBySource);
  const rows = shapeRows(q, requested, aggregates);
  const totalOf = totalOfOperand(q, aggregates.perBucket);
  const totals = Object.fromEntries(q.measures.map((m) => [m, combine(m, totalOf)]));
  const result: StatsResult = { query: q, rows: rows.map(({ base: _, ...row }) => row), totals, totalsSuppressed: [], plans: [...plans.values()] };
  if (k !== undefined) withholdSmallCells(result, rows, totalOf, [...requested.values()], k);
  return result;
}

/** A row before suppression, still carrying the operand values it was combined from. */
type BaseRow = StatsRow & { base: (o: Operand) => number };

interface OperandAggregates {
  /** group key (bucket id + dims) -> the bucket and dims of that group, in the order groups were first seen. */
  groups: Map<string, { bucket: Bucket; dims: Partial<Record<Dimension, string>> }>;
  /** operand key -> group key -> value. */
  values: Map<string, Map<string, number>>;
  /** operand key -> bucket id -> value of the query without its dimensions. */
  perBucket: Map<string, Map<string, number>>;
}

/** Narrows the query to the caller's scope, validates it, and records which provinces the caller touched. */
function resolveRequest(query: StatsQuery, deps: StatsDeps): ValidQuery {
  const q = validateQuery(scopeStatsQuery(query, deps.access), deps.regions);
  for (const code of q.filter.REGION ?? deps.regions.provinces().map((p) => p.code)) deps.access.touched.add(code);
  return q;
}

/** The operands the requested measures rest on, plus (when small cells are withheld) the headcounts suppression needs. */
function operandsFor(q: ValidQuery, k: number | undefined): { requested: Map<string, Operand>; operands: Map<string, Operand> } {
  const requested = new Map<string, Operand>();
  for (const m of q.measures) for (const o of baseOperands(m)) requested.set(operandKey(o), o);
  // Suppression needs each population's headcount; its operands come from the same rollups (no extra reads).
  const operands = new Map(requested);
  if (k !== undefined) for (const o of requested.values()) for (const f of frequencyOperands(o)) operands.set(operandKey(f), f);
  return { requested, operands };
}

/** One read plan per fact source, covering every dimension its operands group or filter by. */
function planReads(q: ValidQuery, operands: Map<string, Operand>, regions: RegionCatalog): Map<Source, ReadPlan> {
  const sources = new Map<Source, Set<AttributeDimension>>();
  for (const o of operands.values()) {
    const dims = sources.get(o.measure.source) ?? new Set<AttributeDimension>();
    for (const d of q.attributeDims) dims.add(d);
    for (const d of Object.keys(o.filter ?? {}) as AttributeDimension[]) dims.add(d);
    // Targets must be read by sector to apply the all-sectors-or-sum rule per regency.
    if (o.measure.source === 'targets') dims.add('SECTOR');
    sources.set(o.measure.source, dims);
  }
  const plans = new Map<Source, ReadPlan>();
  for (const [source, dims] of sources) {
    plans.set(
      source,
      planSource(
        {
          source,
          dims: [...dims],
          cellLevel: source === 'targets' && q.cellLevel === 'PROVINCE' ? 'REGENCY' : q.cellLevel,
          scope: q.filter.REGION,
          granularity: q.granularity,
          buckets: q.buckets,
          stocksOnly: [...operands.values()].every((o) => o.measure.source !== source || o.measure.temporal === 'stock'),
        },
        regions,
      ),
    );
  }
  return plans;
}

/** Reads every plan concurrently and indexes its cells by bucket. */
async function readCells(plans: Map<Source, ReadPlan>, deps: StatsDeps): Promise<Map<Source, CellsByBucket>> {
  const cellsBySource = new Map<Source, CellsByBucket>();
  await Promise.all([...plans].map(async ([source, plan]) => cellsBySource.set(source, byBucket(await readPlan(plan, deps)))));
  return cellsBySource;
}

/** Each operand's value per group (bucket + dims) and per bucket for the totals. */
function aggregateOperands(
  q: ValidQuery,
  operands: Map<string, Operand>,
  plans: Map<Source, ReadPlan>,
  cellsBySource: Map<Source, CellsByBucket>,
): OperandAggregates {
  const groups: OperandAggregates['groups'] = new Map();
  const values = new Map<string, Map<string, number>>();
  const perBucket = new Map<string, Map<string, number>>();
  const totalsQuery: ValidQuery = {
    ...q,
    dimensions: [],
    attributeDims: q.attributeDims.filter((d) => q.filter[d] !== undefined),
  };
  for (const [key, o] of operands) {
    const cells = cellsBySource.get(o.measure.source)!;
    const stored = plans.get(o.measure.source)!.granularity;
    const v = new Map<string, number>();
    const t = new Map<string, number>();
    for (const bucket of q.buckets) {
      for (const contribution of contributions(o, cells, bucket, q, stored)) {
        const gk = groupKey(bucket, contribution.dims);
        if (!groups.has(gk)) groups.set(gk, { bucket, dims: contribution.dims });
        v.set(gk, (v.get(gk) ?? 0) + contribution.value);
      }
      // Totals are the query without its dimensions: summing rows would count a JKK+JKM participant
      // twice under PROGRAM and would add sector targets where a regency has an all-sectors target.
      for (const contribution of contributions(o, cells, bucket, totalsQuery, stored)) {
        t.set(bucket.id, (t.get(bucket.id) ?? 0) + contribution.value);
      }
    }
    values.set(key, v);
    perBucket.set(key, t);
  }
  return { groups, values, perBucket };
}

/** One row per group where a requested operand is non-zero, measures combined, in bucket then dims order. */
function shapeRows(q: ValidQuery, requested: Map<string, Operand>, { groups, values }: OperandAggregates): BaseRow[] {
  const rows: BaseRow[] = [];
  for (const [gk, g] of groups) {
    const base = (o: Operand) => values.get(operandKey(o))!.get(gk) ?? 0;
    if (![...requested.values()].some((o) => base(o) !== 0)) continue;
    rows.push({ bucket: g.bucket, dims: g.dims, values: Object.fromEntries(q.measures.map((m) => [m, combine(m, base)])), suppressed: [], base });
  }
  rows.sort((a, b) => compareOrdinal(a.bucket.first, b.bucket.first) || compareDims(a.dims, b.dims));
  return rows;
}

/** An operand's value over the whole range, following its temporal rule (flows sum, stocks take the last bucket). */
function totalOfOperand(q: ValidQuery, perBucket: Map<string, Map<string, number>>): (o: Operand) => number {
  return (o) => {
    const t = perBucket.get(operandKey(o))!;
    const ids = q.buckets.map((b) => b.id);
    switch (o.measure.temporal) {
      case 'flow':
        return ids.reduce((s, id) => s + (t.get(id) ?? 0), 0);
      case 'stock':
      case 'yearOfEnd':
        return t.get(ids[ids.length - 1]!) ?? 0;
      case 'perYear': {
        const byYear = new Map<string, number>();
        for (const b of q.buckets) byYear.set(b.first.slice(0, 4), t.get(b.id) ?? 0);
        return [...byYear.values()].reduce((s, x) => s + x, 0);
      }
    }
  };
}

/** Nulls (and lists as suppressed) each measure resting on a population smaller than k, in rows and totals. */
function withholdSmallCells(result: StatsResult, rows: BaseRow[], totalOf: (o: Operand) => number, requested: Operand[], k: number): void {
  const q = result.query;
  const first = q.buckets[0]!;
  const last = q.buckets[q.buckets.length - 1]!;
  const populationCells = (base: (o: Operand) => number, months: number) => populationsOf(requested, base, months);
  const plan = planSuppression(
    rows.map((r): SuppressibleRow => ({ bucket: r.bucket.id, dims: r.dims, populations: populationCells(r.base, monthsOf(r.bucket)) })),
    populationCells(totalOf, monthIndex(last.last) - monthIndex(first.first) + 1),
    q.dimensions,
    k,
  );
  const withheld = (measure: string, suppressed: Set<string>) =>
    baseOperands(measure).some((o) => {
      const p = populationOf(o);
      return p !== undefined && suppressed.has(p);
    });
  result.rows.forEach((row, i) => {
    for (const m of q.measures) {
      if (!withheld(m, plan.rows[i]!)) continue;
      row.values[m] = null;
      row.suppressed.push(m);
    }
  });
  for (const m of q.measures) {
    if (!withheld(m, plan.totals)) continue;
    result.totals[m] = null;
    result.totalsSuppressed.push(m);
  }
}

const monthsOf = (b: Bucket) => monthIndex(b.last) - monthIndex(b.first) + 1;

/** Size and presence of each population the requested operands rest on, from the operand values of one row or the totals. */
function populationsOf(operands: Operand[], base: (o: Operand) => number, months: number): Record<string, PopulationCell> {
  const out: Record<string, PopulationCell> = {};
  for (const o of operands) {
    const population = populationOf(o);
    if (population === undefined) continue;
    const frequency = frequencyOperands(o);
    const size = populationSize(o.measure.source, (name) => base(frequency.find((f) => f.measure.name === name)!), months);
    const present = size > 0 || base(o) !== 0 || frequency.some((f) => base(f) !== 0) || (out[population]?.present ?? false);
    out[population] = { size, present };
  }
  return out;
}

/**
 * The cells a plan reads. Items whose keys are known (some blocks of a region-blocked rollup; every item of
 * an unsplit rollup read across partitions or for some months only) are fetched together, 100 keys a
 * request, whatever the partition: a national view of 38 provinces is then one or a few requests instead
 * of one Query per province. A partition read whole otherwise is one Query (per stored bucket when only
 * some months are needed), which within one partition costs fewer read units than keys would.
 */
async function readPlan(plan: ReadPlan, deps: StatsDeps): Promise<Cell[]> {
  const stored = plan.storedBuckets ?? bucketsBetween(parseBucket(plan.fromBucket).first, parseBucket(plan.toBucket).last, plan.granularity).map((b) => b.id);
  const unsplitByKey = plan.rollup.blockBy.length === 0 && (plan.storedBuckets !== undefined || plan.partitions.length > 1);
  const byKey: RollupItemAt[] = [];
  const ranges: Array<{ partition: string; from: string; to: string }> = [];
  for (const partition of plan.partitions) {
    const blocks = plan.blocks[partition] ?? (unsplitByKey ? [''] : undefined);
    if (blocks) for (const bucket of stored) for (const block of blocks) byKey.push({ partition, bucket, block });
    else if (plan.storedBuckets) for (const bucket of plan.storedBuckets) ranges.push({ partition, from: bucket, to: bucket });
    else ranges.push({ partition, from: plan.fromBucket, to: plan.toBucket });
  }
  const [keyed, ...ranged] = await Promise.all([
    byKey.length > 0 ? deps.rollups.readItems(plan.rollup.id, plan.granularity, byKey, deps.counter) : Promise.resolve([]),
    ...ranges.map(async (r) =>
      (await deps.rollups.readRange(plan.rollup.id, plan.granularity, r.partition, r.from, r.to, deps.counter)).map((it) => ({ partition: r.partition, ...it })),
    ),
  ]);
  return [...keyed!, ...ranged.flat()].flatMap((it) => decodeCells(plan.rollup, it.partition, it.bucket, it.attributes));
}

function combine(measure: string, base: (o: Operand) => number): number | null {
  const def = requireMeasure(measure);
  const [left, right] = baseOperands(measure);
  switch (def.kind) {
    case 'base':
    case 'filtered':
      return base(left!);
    case 'difference':
      return base(left!) - base(right!);
    case 'ratio': {
      const r = base(right!);
      return r === 0 ? null : base(left!) / r;
    }
  }
}

function groupKey(bucket: Bucket, dims: Partial<Record<Dimension, string>>): string {
  return `${bucket.id}|${Object.entries(dims)
    .map(([k, v]) => `${k}=${v}`)
    .join('|')}`;
}

function compareDims(a: Partial<Record<Dimension, string>>, b: Partial<Record<Dimension, string>>): number {
  for (const k of Object.keys(a) as Dimension[]) {
    // Region codes are digits and dots; attribute values (DBH_PAJAK, DBHCHT) keep the locale order.
    const c = k === 'REGION' ? compareOrdinal(a[k] ?? '', b[k] ?? '') : (a[k] ?? '').localeCompare(b[k] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Whether a stored cell's bucket answers a query bucket: yearly sources are stored per year; a rollup
 * kept per month answers a coarser bucket with all its months (flows) or its last month (stocks).
 */
function storedBucketMatcher(o: Operand, bucket: Bucket, stored: Granularity): (cellBucket: string) => boolean {
  switch (o.measure.temporal) {
    case 'yearOfEnd': {
      const year = bucket.last.slice(0, 4);
      return (b) => b === year;
    }
    case 'perYear': {
      const year = bucket.first.slice(0, 4);
      return (b) => b === year;
    }
    case 'stock':
      return stored === bucket.granularity ? (b) => b === bucket.id : (b) => b === bucket.last;
    case 'flow':
      return stored === bucket.granularity ? (b) => b === bucket.id : (b) => bucket.first <= b && b <= bucket.last;
  }
}

interface Contribution {
  dims: Partial<Record<Dimension, string>>;
  value: number;
}

/** A source's cells by stored bucket: each query bucket then visits only the cells of its own buckets. */
type CellsByBucket = ReadonlyMap<string, readonly Cell[]>;

function byBucket(cells: readonly Cell[]): CellsByBucket {
  const out = new Map<string, Cell[]>();
  for (const c of cells) {
    const list = out.get(c.bucket);
    if (list) list.push(c);
    else out.set(c.bucket, [c]);
  }
  return out;
}

function* contributions(o: Operand, stored: CellsByBucket, bucket: Bucket, q: ValidQuery, storedGranularity: Granularity): Generator<Contribution> {
  const inBucket = storedBucketMatcher(o, bucket, storedGranularity);
  const cells: Cell[] = [];
  for (const [b, list] of stored) if (inBucket(b)) cells.push(...list);
  const filter = q.filter;
  const targets = 'target' in o.measure.value;
  const bySector = q.attributeDims.includes('SECTOR');
  // Targets without SECTOR: per regency, the all-sectors row when present, else the sum of sector rows.
  const regenciesWithAll = new Set<string>();
  if (targets && !bySector) {
    for (const c of cells) if (c.dims.SECTOR === ALL_SECTORS && (c.fields.n ?? 0) > 0) regenciesWithAll.add(c.region);
  }
  for (const c of cells) {
    if (filter.REGION && !filter.REGION.some((f) => isWithin(c.region, f))) continue;
    if (targets) {
      const isAll = c.dims.SECTOR === ALL_SECTORS;
      if (bySector ? isAll : regenciesWithAll.has(c.region) !== isAll) continue;
    }
    let programs: string[] | undefined;
    let ok = true;
    for (const d of q.attributeDims.concat(Object.keys(o.filter ?? {}) as AttributeDimension[])) {
      const value = c.dims[d];
      if (value === undefined || (targets && d === 'SECTOR' && value === ALL_SECTORS)) continue;
      const wanted = [filter[d], o.filter?.[d]].filter((x): x is string[] => x !== undefined);
      if (d === 'PROGRAM') {
        // A cell's program may be a package (JKK+JKM): it belongs to each of its programs.
        programs = value.split('+').filter((p) => wanted.every((w) => w.includes(p)));
        if (programs.length === 0) ok = false;
      } else if (!wanted.every((w) => w.includes(value))) ok = false;
    }
    if (!ok) continue;
    const base: Partial<Record<Dimension, string>> = {};
    if (q.dimensions.includes('REGION')) base.REGION = ancestorAt(c.region, q.regionLevel);
    for (const d of q.attributeDims) if (q.dimensions.includes(d) && d !== 'PROGRAM') base[d] = c.dims[d];
    const cellPrograms = programs ?? c.dims.PROGRAM?.split('+');
    if (q.dimensions.includes('PROGRAM')) {
      for (const p of cellPrograms ?? []) yield { dims: { ...base, PROGRAM: p }, value: valueOf(o, c, [p]) };
    } else {
      yield { dims: base, value: valueOf(o, c, cellPrograms) };
    }
  }
}

function valueOf(o: Operand, c: Cell, programs: string[] | undefined): number {
  const ref = o.measure.value;
  if ('field' in ref) return c.fields[ref.field] ?? 0;
  if ('target' in ref) return c.fields.t ?? 0;
  // Rollups without PROGRAM keep per-program fields too: no program selection means all of them.
  return (programs ?? PROGRAMS).reduce((s, p) => s + (c.fields[`${ref.perProgram}${p}`] ?? 0), 0);
}
