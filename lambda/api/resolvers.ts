/**
 * Resolvers: thin adapters from GraphQL arguments to the semantic layer. Who may call which field is
 * decided in authorization.ts, region scope in plan/scope.ts; resolvers add only edge validation and
 * count the rows they return for the audit log.
 */
import { ATTRIBUTE_DIMENSIONS, DIMENSIONS, fieldName, type AttributeDimension, type Dimension, type FieldName } from '../domain/dimensions.js';
import { DomainError } from '../domain/errors.js';
import { measureUnit } from '../domain/measures.js';
import type { Region } from '../domain/regions.js';
import type { Measure, Resolvers, Role, StatsFilter } from '../generated/graphql.js';
import { coverageRanking } from '../plan/coverage-ranking.js';
import { dbhchtRealization, nationalDbhchtRealization } from '../plan/dbhcht-realization.js';
import { requireNationalScope } from '../plan/scope.js';
import { findParticipants } from '../plan/participants.js';
import { runStats, type StatsResult } from '../plan/stats-engine.js';
import type { StatsQuery } from '../plan/stats-query.js';
import { readAuditLog } from './audit-log-query.js';
import { readImportLedger } from './import-ledger-query.js';
import type { ApiContext } from './context.js';
import { checkList, checkString, regionCodeArg } from './input-limits.js';
import { DateTimeScalar, MoneyScalar, MonthScalar } from './scalars.js';

function toFilter(filter: StatsFilter | null | undefined): StatsQuery['filter'] {
  const out: StatsQuery['filter'] = {};
  for (const dim of DIMENSIONS) {
    const values = filter?.[fieldName(dim)];
    if (values) out[dim] = values;
  }
  return out;
}

/** The dimension columns of a row, one field per attribute dimension (the schema's are generated from the same list). */
function dimensionFields(dims: Partial<Record<Dimension, string>>): { [D in AttributeDimension as FieldName<D>]: string | null } {
  const out = {} as { [D in AttributeDimension as FieldName<D>]: string | null };
  for (const d of ATTRIBUTE_DIMENSIONS) out[fieldName(d)] = dims[d] ?? null;
  return out;
}

function measureValues(measures: readonly Measure[], values: Record<string, number | null>, suppressed: readonly string[]) {
  return measures.map((measure) => {
    const unit = measureUnit(measure);
    const value = values[measure] ?? null;
    return { measure, unit, value, money: unit === 'IDR' && value !== null ? value : null, suppressed: suppressed.includes(measure) };
  });
}

/** Every statistics query of a request goes through here, with the caller's access: scope and suppression. */
const run = (ctx: ApiContext) => (q: StatsQuery): Promise<StatsResult> =>
  runStats(q, { regions: ctx.regions, rollups: ctx.rollups, access: ctx.access, counter: ctx.reads });

function requireRegion(ctx: ApiContext, argument: string, code: string): Region {
  return ctx.regions.require(regionCodeArg(argument, code));
}

/** The regions a ranking lists: a province's regencies, the country's provinces, or every regency of the country. */
function rankedRegions(ctx: ApiContext, province: Region | undefined, level: 'PROVINCE' | 'REGENCY'): Region[] {
  if (province) return ctx.regions.children(province.code, level);
  if (level === 'PROVINCE') return ctx.regions.provinces();
  // children(undefined, ...) lists provinces only: walk them.
  return ctx.regions.provinces().flatMap((p) => ctx.regions.children(p.code, 'REGENCY'));
}

function checkStatsFilter(filter: StatsFilter | null | undefined): void {
  for (const dim of DIMENSIONS) checkList(`filter.${fieldName(dim)}`, filter?.[fieldName(dim)]);
}

export const resolvers: Resolvers<ApiContext> = {
  Money: MoneyScalar,
  Month: MonthScalar,
  DateTime: DateTimeScalar,
  Query: {
    viewer: (_, __, ctx) => ({
      subject: ctx.principal.subject,
      role: ctx.principal.role,
      scope: ctx.principal.scope ? (ctx.regions.get(ctx.principal.scope) ?? null) : null,
      minimumCellCount: ctx.access.minimumCellCount ?? null,
    }),
    regions: (_, { parent, level }, ctx) => {
      const code = parent ? requireRegion(ctx, 'parent', parent).code : undefined;
      const regions = ctx.regions.children(code, level ?? undefined);
      ctx.trace.rows += regions.length;
      return regions;
    },
    region: (_, { code }, ctx) => {
      const region = ctx.regions.get(regionCodeArg('code', code)) ?? null;
      if (region) ctx.trace.rows += 1;
      return region;
    },
    stats: async (_, args, ctx) => {
      checkList('measures', args.measures);
      checkStatsFilter(args.filter);
      const measures = [...new Set(args.measures)];
      const result = await run(ctx)({
        measures,
        dimensions: args.dimensions ?? [],
        regionLevel: args.regionLevel ?? 'REGENCY',
        filter: toFilter(args.filter),
        from: args.from,
        to: args.to,
        granularity: args.granularity ?? 'MONTH',
      });
      ctx.trace.rows += result.rows.length;
      return {
        measures: args.measures,
        dimensions: args.dimensions ?? [],
        granularity: args.granularity ?? 'MONTH',
        from: args.from,
        to: args.to,
        rows: result.rows.map((r) => ({
          period: r.bucket.id,
          periodStart: r.bucket.first,
          periodEnd: r.bucket.last,
          region: r.dims.REGION ? (ctx.regions.get(r.dims.REGION) ?? null) : null,
          regionCode: r.dims.REGION ?? null,
          ...dimensionFields(r.dims),
          values: measureValues(measures, r.values, r.suppressed),
        })),
        totals: measureValues(measures, result.totals, result.totalsSuppressed),
        rollups: result.plans.map((p) => `${p.rollup.id}/${p.granularity}`),
      };
    },
    coverageRanking: async (_, args, ctx) => {
      checkString('period', args.period);
      checkList('fundingSource', args.fundingSource);
      checkList('sector', args.sector);
      const province = args.province ? requireRegion(ctx, 'province', args.province) : undefined;
      if (args.level === 'DISTRICT') throw new DomainError('INVALID_INPUT', 'Rankings are of provinces or regencies', { argument: 'level' });
      const level = args.level ?? (province ? 'REGENCY' : 'PROVINCE');
      // Regions outside the caller's scope are refused by runStats; a national ranking is refused as a whole.
      if (!province) requireNationalScope(ctx.access);
      const ranking = await coverageRanking(
        { province, level, period: args.period, first: args.first ?? undefined, fundingSource: args.fundingSource ?? undefined, sector: args.sector ?? undefined },
        rankedRegions(ctx, province, level),
        run(ctx),
      );
      ctx.trace.rows += ranking.entries.length;
      return { province: province ?? null, level, ...ranking };
    },
    dbhchtRealization: async (_, args, ctx) => {
      if (Boolean(args.province) === Boolean(args.regency)) {
        throw new DomainError('INVALID_INPUT', 'Give exactly one of province or regency', { argument: 'province' });
      }
      const region = args.province ? requireRegion(ctx, 'province', args.province) : requireRegion(ctx, 'regency', args.regency!);
      const granularity = args.granularity ?? 'SEMESTER';
      const result = await dbhchtRealization({ region: region.code, fiscalYear: args.fiscalYear, granularity }, run(ctx));
      ctx.trace.rows += result.rows.length;
      return { region, fiscalYear: args.fiscalYear, granularity, ...result };
    },
    nationalDbhchtRealization: async (_, args, ctx) => {
      requireNationalScope(ctx.access);
      const granularity = args.granularity ?? 'SEMESTER';
      const result = await nationalDbhchtRealization(
        { fiscalYear: args.fiscalYear, granularity },
        ctx.regions.provinces().map((p) => p.code),
        run(ctx),
      );
      ctx.trace.rows += result.rows.length + result.provinces.length;
      return {
        fiscalYear: args.fiscalYear,
        granularity,
        rows: result.rows,
        total: result.total,
        provinces: result.provinces.map((p) => ({ region: ctx.regions.require(p.region), fiscalYear: args.fiscalYear, granularity, rows: p.rows, total: p.total })),
      };
    },
    participants: async (_, { filter, first, after }, ctx) => {
      checkString('filter.region', filter.region);
      checkList('filter.sector', filter.sector);
      checkList('filter.fundingSource', filter.fundingSource);
      checkString('after', after, 512);
      const page = await findParticipants(filter, first ?? 25, after, {
        regions: ctx.regions,
        index: ctx.participants,
        access: ctx.access,
        counter: ctx.reads,
      });
      ctx.trace.rows += page.participants.length;
      return {
        // Field by field: the stored item also holds the NIK's keyed hash, which never leaves the API.
        nodes: page.participants.map((p) => ({
          participantId: p.participantId,
          nikMasked: p.nikMasked,
          name: p.name,
          gender: p.gender,
          birthDate: p.birthDate,
          periods: p.visiblePeriods.map((v) => ({
            start: v.start,
            end: v.end ?? null,
            regencyCode: v.regency,
            districtCode: v.district ?? null,
            sector: v.sector,
            programs: v.programs,
            fundingSource: v.funding,
          })),
        })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
    auditLog: async (_, args, ctx) => {
      // The log records every region's queries: a regional inspectorate's auditor may not read it whole.
      if (ctx.principal.scope) {
        throw new DomainError('FORBIDDEN', `The audit log covers every region; your scope is ${ctx.principal.scope}`, { scope: ctx.principal.scope });
      }
      checkString('after', args.after, 2048);
      const page = await readAuditLog(ctx.auditLog, args);
      ctx.trace.rows += page.entries.length;
      return {
        nodes: page.entries.map((e) => ({ ...e, role: e.role as Role | null })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
    imports: async (_, args, ctx) => {
      // An import file may span regions and every entry names its uploader: like the audit log, for
      // auditors without a region scope.
      if (ctx.principal.scope) {
        throw new DomainError('FORBIDDEN', `The import ledger covers every region; your scope is ${ctx.principal.scope}`, { scope: ctx.principal.scope });
      }
      const page = await readImportLedger(ctx.importLedger, ctx.regions, args);
      ctx.trace.rows += page.entries.length;
      if (args.region) ctx.access.touched.add(args.region);
      return {
        entries: page.entries.map((e) => ({ ...e, role: (e.role ?? null) as Role | null, scope: e.scope ?? null })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  },
  Region: {
    parent: (r, _, ctx) => (r.parent ? (ctx.regions.get(r.parent) ?? null) : null),
    children: (r, { level }, ctx) => ctx.regions.children(r.code, level ?? undefined),
  },
};
