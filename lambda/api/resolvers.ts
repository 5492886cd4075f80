/** Resolvers: thin adapters from GraphQL arguments to the semantic layer. */
import type { Dimension } from '../domain/dimensions.js';
import { DomainError } from '../domain/errors.js';
import { requireMeasure } from '../domain/measures.js';
import type { Region } from '../domain/regions.js';
import type { RegionLevel as DomainRegionLevel } from '../domain/regions.js';
import type { Resolvers, StatsFilter } from '../generated/graphql.js';
import { coverageRanking } from '../plan/coverage-ranking.js';
import { dbhchtRealization } from '../plan/dbhcht-realization.js';
import { runStats, type StatsResult } from '../plan/stats-engine.js';
import type { StatsQuery } from '../plan/stats-query.js';
import type { ApiContext } from './context.js';
import { DateTimeScalar, MoneyScalar, MonthScalar } from './scalars.js';

const FILTER_FIELDS: Record<keyof StatsFilter, Dimension> = {
  region: 'REGION',
  sector: 'SECTOR',
  program: 'PROGRAM',
  fundingSource: 'FUNDING_SOURCE',
  gender: 'GENDER',
  ageBand: 'AGE_BAND',
};

function toFilter(filter: StatsFilter | null | undefined): StatsQuery['filter'] {
  const out: StatsQuery['filter'] = {};
  for (const [field, dim] of Object.entries(FILTER_FIELDS) as Array<[keyof StatsFilter, Dimension]>) {
    const values = filter?.[field];
    if (values) out[dim] = values;
  }
  return out;
}

function measureValues(values: Record<string, number | null>) {
  return Object.entries(values).map(([measure, value]) => {
    const unit = requireMeasure(measure).unit;
    return { measure: measure as never, unit, value, money: unit === 'IDR' && value !== null ? value : null };
  });
}

const run = (ctx: ApiContext) => (q: StatsQuery): Promise<StatsResult> =>
  runStats(q, { regions: ctx.regions, rollups: ctx.rollups, counter: ctx.reads });

function requireRegion(ctx: ApiContext, code: string): Region {
  return ctx.regions.require(code.trim());
}

export const resolvers: Resolvers<ApiContext> = {
  Money: MoneyScalar,
  Month: MonthScalar,
  DateTime: DateTimeScalar,
  Query: {
    regions: (_, { parent, level }, ctx) => {
      if (parent) requireRegion(ctx, parent);
      return ctx.regions.children(parent ?? undefined, level ?? undefined);
    },
    region: (_, { code }, ctx) => ctx.regions.get(code.trim()) ?? null,
    stats: async (_, args, ctx) => {
      const result = await run(ctx)({
        measures: args.measures,
        dimensions: (args.dimensions ?? []) as Dimension[],
        regionLevel: (args.regionLevel ?? 'REGENCY') as DomainRegionLevel,
        filter: toFilter(args.filter),
        from: args.from,
        to: args.to,
        granularity: args.granularity ?? 'MONTH',
      });
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
          sector: r.dims.SECTOR ?? null,
          program: r.dims.PROGRAM ?? null,
          fundingSource: r.dims.FUNDING_SOURCE ?? null,
          gender: r.dims.GENDER ?? null,
          ageBand: r.dims.AGE_BAND ?? null,
          values: measureValues(r.values),
        })),
        totals: measureValues(result.totals),
        rollups: result.plans.map((p) => `${p.rollup.id}/${p.granularity}`),
      };
    },
    coverageRanking: async (_, args, ctx) => {
      const province = requireRegion(ctx, args.province);
      const ranking = await coverageRanking(
        { province, period: args.period, fundingSource: args.fundingSource ?? undefined, sector: args.sector ?? undefined },
        ctx.regions.children(province.code, 'REGENCY'),
        run(ctx),
      );
      return { province, ...ranking };
    },
    dbhchtRealization: async (_, args, ctx) => {
      if (Boolean(args.province) === Boolean(args.regency)) {
        throw new DomainError('INVALID_INPUT', 'Give exactly one of province or regency');
      }
      const region = requireRegion(ctx, (args.province ?? args.regency)!);
      const granularity = args.granularity ?? 'SEMESTER';
      const result = await dbhchtRealization({ region: region.code, fiscalYear: args.fiscalYear, granularity }, run(ctx));
      return { region, fiscalYear: args.fiscalYear, granularity, ...result };
    },
  },
  Region: {
    parent: (r, _, ctx) => (r.parent ? (ctx.regions.get(r.parent) ?? null) : null),
    children: (r, { level }, ctx) => ctx.regions.children(r.code, level ?? undefined),
  },
};
