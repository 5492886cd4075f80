/**
 * The query an export runs is held to the rules of a request of its own: the parser's token limit and
 * the validation rules the server applies (graphql's own and the depth, alias, directive and cost limits
 * of hardening.ts, with their codes), no introspection, a query operation only (a mutation is not
 * something to export), and no export inside an export. It then runs with the caller's own context, so
 * the exported figures obey the same role checks and region scope as the query itself.
 */
import {
  execute,
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { DomainError } from '../domain/errors.js';
import type { ApiContext } from './context.js';
import { QueryLimitError, queryProtection, TOKEN_LIMIT_MESSAGE } from './hardening.js';

/** The limits the server itself is built with (server.ts calls the same function with the same defaults). */
const protection = queryProtection();
const RULES = [...specifiedRules, NoSchemaIntrospectionCustomRule, ...protection.validationRules];
const EXPORT_FIELDS = new Set(['export', 'exportCsv']);

/** As graphql-armor's suggestion blocker does for requests: "Did you mean" would map the schema. */
const hideSuggestions = (message: string) => message.replace(/Did you mean ".+"\?/g, '[Suggestion hidden]').trim();

export interface ExportedQuery {
  source: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

export function parseVariables(text: string | null | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError('INVALID_INPUT', 'variables must be a JSON object', { argument: 'variables' });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DomainError('INVALID_INPUT', 'variables must be a JSON object', { argument: 'variables' });
  }
  return parsed as Record<string, unknown>;
}

/** Parses and validates the document; throws the limit's QueryLimitError or INVALID_INPUT. */
export function checkExportedDocument(schema: GraphQLSchema, query: ExportedQuery): DocumentNode {
  let document: DocumentNode;
  try {
    document = parse(query.source, protection.parseOptions);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (TOKEN_LIMIT_MESSAGE.test(message)) throw new QueryLimitError('TOO_MANY_TOKENS', 'The exported query has more tokens than allowed');
    throw new DomainError('INVALID_INPUT', `The exported query is not valid GraphQL: ${message.replace(/^Syntax Error: /, '')}`, { argument: 'query' });
  }
  const errors = validate(schema, document, RULES);
  const limit = errors.find((e): e is QueryLimitError => e instanceof QueryLimitError);
  if (limit) throw new QueryLimitError(limit.code, `The exported query: ${limit.message}`);
  if (errors.length > 0) throw new DomainError('INVALID_INPUT', `The exported query is invalid: ${hideSuggestions(errors[0]!.message)}`, { argument: 'query' });

  const operation = getOperationAST(document, query.operationName);
  if (!operation) throw new DomainError('INVALID_INPUT', 'The exported document must hold one query, or name one with operationName', { argument: 'operationName' });
  if (operation.operation !== 'query') throw new DomainError('INVALID_INPUT', `Only queries can be exported, not a ${operation.operation}`, { argument: 'query' });
  visit(document, {
    Field(node) {
      if (EXPORT_FIELDS.has(node.name.value)) throw new DomainError('INVALID_INPUT', 'An export cannot export an export', { argument: 'query' });
    },
  });
  return document;
}

/** Runs a checked document as the caller; the first error ends the export. */
export async function runExportedQuery(schema: GraphQLSchema, query: ExportedQuery, context: ApiContext): Promise<unknown> {
  const document = checkExportedDocument(schema, query);
  const result = await execute({ schema, document, variableValues: query.variables, operationName: query.operationName, contextValue: context });
  const first = result.errors?.[0];
  if (first) {
    const original = first.originalError;
    if (original instanceof DomainError || original instanceof QueryLimitError) throw original;
    // graphql's own complaints (variable coercion) are the caller's to fix; anything else is ours, and is
    // thrown on so that format-error.ts masks and logs it.
    if (!original || original instanceof GraphQLError) throw new DomainError('INVALID_INPUT', `The exported query failed: ${hideSuggestions(first.message)}`);
    throw original;
  }
  return result.data ?? null;
}
