/**
 * The one definition of the DynamoDB tables: names, key attributes, indexes, stream and TTL.
 * The CDK data construct and the local platform both build their tables from this module,
 * so there is no second hand-written copy of the key design.
 *
 * Two tables, not one: the records table's stream must carry raw-record changes only. Rollup and
 * journal writes in the same table would put as many records again on the stream (each one an
 * aggregator invocation to filter out) and would make per-function IAM impossible to narrow to
 * "importer writes records, aggregator writes statistics".
 */
export const KEY = { pk: 'pk', sk: 'sk' } as const;

export const INDEX = {
  /** Participant drill-down for auditors: all coverage periods of a regency, by participant id. */
  participantsByRegency: { name: 'participants-by-regency', pk: 'gsi1pk', sk: 'gsi1sk' },
} as const;

export const TTL_ATTRIBUTE = 'expiresAt';

export interface TableDefinition {
  /** Logical id used in CDK and in the default physical name. */
  id: 'records' | 'stats';
  description: string;
  stream: 'NEW_AND_OLD_IMAGES' | null;
  globalIndexes: ReadonlyArray<{ name: string; pk: string; sk: string }>;
  ttlAttribute: string | null;
}

export const RECORDS_TABLE: TableDefinition = {
  id: 'records',
  description: 'Raw records as imported: participants with their coverage periods, payments, claims, budgets, targets',
  stream: 'NEW_AND_OLD_IMAGES',
  globalIndexes: [INDEX.participantsByRegency],
  ttlAttribute: null,
};

export const STATS_TABLE: TableDefinition = {
  id: 'stats',
  description: 'Rollups maintained by the aggregator, its idempotency journal, and aggregation metadata',
  stream: null,
  globalIndexes: [],
  ttlAttribute: TTL_ATTRIBUTE,
};

export const TABLES = [RECORDS_TABLE, STATS_TABLE] as const;

/**
 * The query audit log (docs/security.md): hash-chained entries, appended by the API and never updated or
 * deleted. Its own table, not part of TABLES, so that its grants (append and read only, for the API
 * alone) and its resource policy (no update or delete for anyone) cannot be widened by a grant meant for
 * statistics, and it never has a TTL or a stream.
 */
export const AUDIT_TABLE = {
  id: 'audit',
  description: 'Query audit log: one hash-chained entry per API request, append-only',
} as const;

/** Physical table name for a deployment prefix (TABLE_NAME), e.g. `jamrep` -> `jamrep-records`. */
export function physicalTableName(prefix: string, table: { readonly id: string }): string {
  return `${prefix}-${table.id}`;
}
