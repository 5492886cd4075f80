/**
 * An export of any query of this API: the query is checked and run as the caller (exported-query.ts), its
 * first list becomes a table (table-flattening.ts), the table a CSV or XLSX file with its provenance, and
 * the file goes back inline (a CSV up to the inline size) or as a download link (ExportStorage).
 */
import type { GraphQLSchema } from 'graphql';
import { DomainError } from '../domain/errors.js';
import type { Export, ExportFormat } from '../generated/graphql.js';
import { dataCsv, sha256Hex, withProvenance, type ExportMeta, type ExportTable } from '../plan/csv-export.js';
import { exportXlsx, XLSX_CONTENT_TYPE } from '../plan/xlsx-export.js';
import { redactVariables } from './audit-entry.js';
import type { ApiContext } from './context.js';
import type { ExportServices } from './export-services.js';
import { parseVariables, runExportedQuery } from './exported-query.js';
import { firstList, toTable } from './table-flattening.js';


export interface ExportRequest {
  query: string;
  variables?: string | null;
  operationName?: string | null;
}

export interface PreparedExport {
  table: ExportTable;
  meta: ExportMeta;
  /** The table as CSV data lines (header row and rows), what the content hash covers. */
  data: string;
  /** e.g. `jamrep-stats-rows` */
  basename: string;
  sha256: string;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
/** A NIK or any other long identifier a client wrote into the query: not copied into a file. */
const LONG_NUMBER = /\d{12,}/g;

/** Runs the query and turns its first list into a table with provenance; refuses more rows than the limit. */
export async function prepareExport(request: ExportRequest, schema: GraphQLSchema, ctx: ApiContext): Promise<PreparedExport> {
  const variables = parseVariables(request.variables);
  const result = await runExportedQuery(schema, { source: request.query, variables, operationName: request.operationName ?? undefined }, ctx);
  const list = firstList((result ?? null) as never);
  if (!list) throw new DomainError('INVALID_INPUT', 'The exported query returns no list to export', { argument: 'query' });
  const { maxRows } = ctx.exports.config;
  if (list.items.length > maxRows) {
    throw new DomainError('EXPORT_TOO_LARGE', `The export has ${list.items.length} rows; at most ${maxRows}. Narrow the query (regions, periods, dimensions).`, {
      rows: list.items.length,
      maxRows,
    });
  }
  const table = toTable(list.items as never);
  const asOf = (await ctx.journal.asOf()) ?? null;
  const meta: ExportMeta = {
    title: `jamrep export: ${list.path.join('.')}`,
    query: request.query.replace(/\s+/g, ' ').trim().replace(LONG_NUMBER, '[REDACTED]'),
    variables: variables ? JSON.stringify(redactVariables(variables)) : undefined,
    scope: ctx.scopeLabel,
    asOf,
  };
  const data = dataCsv(table);
  return { table, meta, data, basename: `jamrep-${list.path.join('-')}`, sha256: sha256Hex(data) };
}

/** The file in the requested format, delivered inline when it is a CSV within the inline size, else by URL. */
export async function deliverExport(prepared: PreparedExport, format: ExportFormat, services: ExportServices, now = new Date()): Promise<Export> {
  const { table, meta, data, basename, sha256 } = prepared;
  const common = { format, rows: table.rows.length, sha256, asOf: meta.asOf, query: meta.query, scope: meta.scope };
  if (format === 'CSV') {
    const csv = withProvenance(data, meta);
    const bytes = Buffer.byteLength(csv, 'utf8');
    const filename = `${basename}.csv`;
    if (bytes <= services.config.inlineMaxBytes) {
      return { ...common, delivery: 'INLINE', filename, contentType: CSV_CONTENT_TYPE, content: csv, url: null, expiresAt: null, bytes };
    }
    const stored = await services.storage.store({ filename, extension: 'csv', contentType: CSV_CONTENT_TYPE, body: Buffer.from(csv, 'utf8') }, now);
    return { ...common, delivery: 'URL', filename, contentType: CSV_CONTENT_TYPE, content: null, url: stored.url, expiresAt: stored.expiresAt.toISOString(), bytes };
  }
  const body = await exportXlsx(table, meta, sha256, now);
  const filename = `${basename}.xlsx`;
  const stored = await services.storage.store({ filename, extension: 'xlsx', contentType: XLSX_CONTENT_TYPE, body }, now);
  return { ...common, delivery: 'URL', filename, contentType: XLSX_CONTENT_TYPE, content: null, url: stored.url, expiresAt: stored.expiresAt.toISOString(), bytes: body.length };
}
