/** Resolvers of the auditor tools: anomalies, reconciliation and exports (CSV, XLSX) of any query. */
import type { AnomalyType, Severity } from '../domain/anomaly-rules.js';
import { DomainError } from '../domain/errors.js';
import { ancestorAt, isWithin, normalizeRegionCode } from '../domain/regions.js';
import type { Resolvers } from '../generated/graphql.js';
import { withProvenance } from '../plan/csv-export.js';
import { reconciliation } from '../plan/reconciliation.js';
import { runStats } from '../plan/stats-engine.js';
import { scopeRegions } from '../plan/scope.js';
import type { ApiContext } from './context.js';
import { deliverExport, prepareExport } from './exports.js';

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
          asOf: a.asOf ?? null,
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
    export: async (_, args, ctx, info) => {
      const prepared = await prepareExport(args, info.schema, ctx);
      return deliverExport(prepared, args.format ?? 'CSV', ctx.exports);
    },
    // Deprecated: the CSV case of `export`, always inline (as before `export` existed), within the row limit.
    exportCsv: async (_, args, ctx, info) => {
      const prepared = await prepareExport(args, info.schema, ctx);
      const { table, meta, data, basename, sha256 } = prepared;
      return { filename: `${basename}.csv`, csv: withProvenance(data, meta), rows: table.rows.length, sha256, asOf: meta.asOf };
    },
  },
};
