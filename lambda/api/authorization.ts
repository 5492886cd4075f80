/**
 * Which role may call which root field, in one table per root type. Region scope is not decided here:
 * it is enforced where every query passes (plan/scope.ts). A root field missing from the tables does not
 * compile, so no query or mutation can ship without a decision about who may use it.
 */
import { DomainError } from '../domain/errors.js';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/graphql.js';
import { ROLES, type Role } from '../plan/scope.js';
import type { ApiContext } from './context.js';

export const QUERY_FIELD_ROLES: Record<keyof Required<QueryResolvers<ApiContext>>, readonly Role[]> = {
  viewer: ROLES,
  // Reference data (codes and names of regions): public, not personal, and needed to build any query.
  regions: ROLES,
  region: ROLES,
  // Aggregates for every role, narrowed to the caller's scope; small cells withheld for PUBLIC.
  stats: ROLES,
  coverageRanking: ROLES,
  dbhchtRealization: ROLES,
  // National views: every role, but only without a region scope (plan/scope.ts requireNationalScope).
  nationalDbhchtRealization: ROLES,
  // Individuals and the record of who looked at what: auditors only.
  participants: ['AUDITOR'],
  auditLog: ['AUDITOR'],
  // Who imported which file, and the changed fields of individuals' records (masked): auditors only.
  imports: ['AUDITOR'],
  // Auditor tools. Anomaly evidence names participants (ids, masked NIKs): auditors only. Reconciliation
  // is aggregate money and headcounts, scoped by runStats. An export re-runs a query with the caller's
  // own context, so the exported query's fields are checked again, and exporting is open to every role.
  anomalies: ['AUDITOR'],
  reconciliation: ['MINISTRY', 'PROVINCE', 'REGENCY', 'AUDITOR'],
  export: ROLES,
  exportCsv: ROLES,
  // Published figures of a closed period are not suppressed: the governments and auditors who publish them.
  closedPeriod: ['MINISTRY', 'PROVINCE', 'REGENCY', 'AUDITOR'],
  // Dashboard uploads: the governments that bring their own data (the key records role and scope, and the
  // import rejects rows outside the scope). The status is the caller's own upload only (upload-resolvers.ts).
  importTemplate: ['MINISTRY', 'PROVINCE', 'REGENCY'],
  upload: ['MINISTRY', 'PROVINCE', 'REGENCY'],
};

export const MUTATION_FIELD_ROLES: Record<keyof Required<MutationResolvers<ApiContext>>, readonly Role[]> = {
  // Closing a period publishes a province's or regency's figures: the governments that report them.
  closePeriod: ['MINISTRY', 'PROVINCE'],
  // A presigned PUT under the caller's own upload key (role, scope and subject from the token).
  requestUpload: ['MINISTRY', 'PROVINCE', 'REGENCY'],
};

const TABLES: Record<'Query' | 'Mutation', Record<string, readonly Role[]>> = { Query: QUERY_FIELD_ROLES, Mutation: MUTATION_FIELD_ROLES };

/** The resolver maps with every Query and Mutation resolver wrapped by the role check. */
export function withRoleChecks(maps: ReadonlyArray<Resolvers<ApiContext>>): Array<Resolvers<ApiContext>> {
  return maps.map((map) => {
    const out: Record<string, unknown> = { ...map };
    for (const type of ['Query', 'Mutation'] as const) {
      const fields = map[type] as Record<string, unknown> | undefined;
      if (fields) out[type] = checked(type, fields);
    }
    return out as Resolvers<ApiContext>;
  });
}

/** Wraps each root resolver so it first checks the caller's role against the table. */
function checked(type: 'Query' | 'Mutation', resolvers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, resolver] of Object.entries(resolvers)) {
    const allowed = TABLES[type][field];
    if (!allowed) throw new Error(`${type}.${field} has no entry in the role tables of authorization.ts`);
    const resolve = resolver as (parent: unknown, args: unknown, ctx: ApiContext, info: unknown) => unknown;
    out[field] = (parent: unknown, args: unknown, ctx: ApiContext, info: unknown) => {
      if (!allowed.includes(ctx.principal.role)) {
        throw new DomainError('FORBIDDEN', `Role ${ctx.principal.role} may not use ${field}`, { field, role: ctx.principal.role });
      }
      return resolve(parent, args, ctx, info);
    };
  }
  return out;
}
