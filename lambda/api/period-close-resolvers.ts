/** Period close: PROVINCE and MINISTRY users seal a period's figures; everyone in scope can compare. */
import { DomainError } from '../domain/errors.js';
import type { Resolvers } from '../generated/graphql.js';
import type { ClosedPeriod } from '../domain/closed-period.js';
import { compareFigures, currentFigures, seal, verifySeal } from '../plan/period-close.js';
import { runStats } from '../plan/stats-engine.js';
import type { StatsQuery } from '../plan/stats-query.js';
import type { ApiContext } from './context.js';

const CLOSERS = new Set(['PROVINCE', 'MINISTRY']);

function run(ctx: ApiContext) {
  // Through the same scope check as every statistics query: closing or reading a region outside one's
  // scope is FORBIDDEN like any other figure.
  return (q: StatsQuery) => runStats(q, { regions: ctx.regions, rollups: ctx.rollups, access: ctx.access, counter: ctx.reads });
}

async function view(ctx: ApiContext, closed: ClosedPeriod) {
  const current = await currentFigures(closed.region, closed.period, run(ctx));
  return {
    region: ctx.regions.require(closed.region),
    period: closed.period,
    closedAt: closed.closedAt,
    closedBy: closed.closedBy,
    asOf: closed.asOf,
    sha256: closed.sha256,
    sealVerified: verifySeal(closed),
    figures: compareFigures(closed.figures, current),
  };
}

export const periodCloseResolvers: Resolvers<ApiContext> = {
  Query: {
    closedPeriod: async (_, { region, period }, ctx) => {
      const code = ctx.regions.require(region.trim()).code;
      // Read the current figures first: this is where an out-of-scope region is refused.
      await currentFigures(code, period, run(ctx));
      const closed = await ctx.closes.get(code, period);
      return closed ? view(ctx, closed) : null;
    },
  },
  Mutation: {
    closePeriod: async (_, { region, period }, ctx) => {
      if (!CLOSERS.has(ctx.principal.role)) {
        throw new DomainError('FORBIDDEN', `Only PROVINCE and MINISTRY users close periods (you are ${ctx.principal.role})`);
      }
      const target = ctx.regions.require(region.trim());
      if (target.level === 'DISTRICT') throw new DomainError('INVALID_INPUT', 'Periods are closed for a province or a regency');
      const figures = await currentFigures(target.code, period, run(ctx));
      const closed = seal({
        region: target.code,
        period,
        closedAt: new Date().toISOString(),
        closedBy: `${ctx.principal.subject} (${ctx.principal.role}${ctx.principal.scope ? ` ${ctx.principal.scope}` : ''})`,
        asOf: (await ctx.journal.asOf()) ?? null,
        figures,
      });
      await ctx.closes.close(closed);
      return view(ctx, closed);
    },
  },
};
