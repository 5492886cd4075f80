/** Resolvers of the auditor tools: anomalies, reconciliation and CSV exports of any query. */
import { graphql } from 'graphql';
import type { AnomalyType, Severity } from '../domain/anomaly-rules.js';
import { DomainError } from '../domain/errors.js';
import { ancestorAt, isWithin, normalizeRegionCode } from '../domain/regions.js';
import type { Resolvers } from '../generated/graphql.js';
import { contentHash, exportCsv } from '../plan/csv-export.js';
import { reconciliation } from '../plan/reconciliation.js';
import { runStats } from '../plan/stats-engine.js';
import { scopeRegions } from '../plan/scope.js';
import type { ApiContext } from './context.js';
import { firstList, toTable } from './table-flattening.js';

/** Exports run inside the request: past this many rows a spreadsheet is the wrong tool anyway. */
const MAX_EXPORT_ROWS = 100_000;

export const auditResolvers: Resolvers<ApiContext> = {
  Query: {
    anomalies: async (_, { filter }, ctx) => {
      // Narrowed to the caller's scope like every other query (plan/scope.ts): FORBIDDEN outside it.
      const regions = (scopeRegions(filter?.region ?? undefined, ctx.access) ?? ctx.regions.provinces().map((p) => p.code)).map((code) => {
        const c = normalizeRegionCode(code);
        if (!c || !ctx.regions.get(c)) throw new DomainError('UNKNOWN_REGION', `Unknown region "${code}"`, { region: code });
        return c;
      });
      const provinces = [...new Set(regions.map((r) => ancestorAt(r, 'PROVINCE')))];
      const found = (await Promise.all(provinces.map((p) => ctx.anomalies.forProvince(p)))).flat();
      return found
        .filter((a) => regions.some((r) => isWithin(a.regency, r) || (a.type === 'DOUBLE_FUNDING' && (a.evidence.regencies ?? []).some((x) => isWithin(x, r)))))
        .filter((a) => !filter?.type || filter.type.includes(a.type as AnomalyType))
        .filter((a) => !filter?.severity || filter.severity.includes(a.severity as Severity))
        .filter((a) => (!filter?.from || a.period >= filter.from) && (!filter?.to || a.period <= filter.to))
        .map((a) => ({
          ...a,
          region: ctx.regions.get(a.regency) ?? null,
          regionCode: a.regency,
          evidence: {
            participantIds: a.evidence.participantIds ?? [],
            nikMasked: a.evidence.nikMasked ?? [],
            paymentIds: a.evidence.paymentIds ?? [],
            claimIds: a.evidence.claimIds ?? [],
            regencies: a.evidence.regencies ?? [],
          },
        }));
    },
    reconciliation: async (_, args, ctx) => {
      if (Boolean(args.province) === Boolean(args.regency)) throw new DomainError('INVALID_INPUT', 'Give exactly one of province or regency');
      const region = ctx.regions.require((args.province ?? args.regency)!.trim());
      const result = await reconciliation({ region: region.code, fiscalYear: args.fiscalYear }, ctx.thresholds.reconciliation, (q) =>
        runStats(q, { regions: ctx.regions, rollups: ctx.rollups, access: ctx.access, counter: ctx.reads }),
      );
      return { region, fiscalYear: args.fiscalYear, ...result };
    },
    exportCsv: async (_, args, ctx, info) => {
      if (/\bexportCsv\b/.test(args.query)) throw new DomainError('INVALID_INPUT', 'An export cannot export an export');
      let variables: Record<string, unknown> | undefined;
      try {
        variables = args.variables ? (JSON.parse(args.variables) as Record<string, unknown>) : undefined;
      } catch {
        throw new DomainError('INVALID_INPUT', 'variables must be a JSON object');
      }
      // The same schema and context: the exported figures obey the same access rules as the query itself.
      const result = await graphql({ schema: info.schema, source: args.query, variableValues: variables, contextValue: ctx });
      if (result.errors?.length) {
        const first = result.errors[0]!;
        const original = first.originalError;
        if (original instanceof DomainError) throw original;
        throw new DomainError('INVALID_INPUT', `The exported query failed: ${first.message}`);
      }
      const list = firstList((result.data ?? null) as never);
      if (!list) throw new DomainError('INVALID_INPUT', 'The exported query returns no list to export');
      if (list.items.length > MAX_EXPORT_ROWS) throw new DomainError('INVALID_INPUT', `The export has ${list.items.length} rows; at most ${MAX_EXPORT_ROWS}`);
      const table = toTable(list.items as never);
      const asOf = (await ctx.journal.asOf()) ?? null;
      const csv = exportCsv(table, { title: `jamrep export: ${list.path.join('.')}`, query: args.query.replace(/\s+/g, ' ').trim(), scope: ctx.scopeLabel, asOf });
      return { filename: `jamrep-${list.path.join('-')}.csv`, csv, rows: table.rows.length, sha256: contentHash(table), asOf };
    },
  },
};
