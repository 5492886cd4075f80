/**
 * Shapes every error clients see. Domain errors keep their stable code and message; documents refused by
 * a query limit get the limit's code (QUERY_TOO_DEEP, TOO_MANY_ALIASES, ...); GraphQL's own validation
 * errors keep theirs; anything else is masked as INTERNAL_SERVER_ERROR and logged with the request id,
 * so no stack trace or internal detail leaves the server.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from '../domain/errors.js';
import { QueryLimitError, TOKEN_LIMIT_MESSAGE } from './hardening.js';

const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * graphql-js echoes a variable's value in its coercion errors ("got invalid value ..."): a NIK sent in
 * the wrong place would come back, and be logged by whoever logs responses. Long digit runs are removed
 * from every message.
 */
const LONG_NUMBER = /\d{12,}/g;

export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (message: string, details: Record<string, unknown>) => void,
): GraphQLFormattedError {
  const shaped = shapeError(formatted, error, log);
  const clean = (value: unknown) => (typeof value === 'string' ? value.replace(LONG_NUMBER, '[REDACTED]') : value);
  return {
    ...shaped,
    message: clean(shaped.message) as string,
    ...(shaped.extensions ? { extensions: Object.fromEntries(Object.entries(shaped.extensions).map(([k, v]) => [k, clean(v)])) } : {}),
  };
}

function shapeError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (message: string, details: Record<string, unknown>) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return {
      message: original.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: original.code, ...(original.details ?? {}) },
    };
  }
  // Apollo re-wraps validation errors as GRAPHQL_VALIDATION_FAILED; the limit that refused the document is the useful code.
  // (Duck-typed: Apollo's GraphQLError may come from another copy of graphql than ours, e.g. under vitest.)
  const wrapped = (error as { originalError?: unknown } | null)?.originalError;
  const limit = wrapped instanceof QueryLimitError ? wrapped : undefined;
  if (limit) return { message: limit.message, locations: formatted.locations, extensions: { code: limit.code } };
  const code = formatted.extensions?.code;
  if (code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(formatted.message)) {
    return { message: 'The document has more tokens than allowed', extensions: { code: 'TOO_MANY_TOKENS' } };
  }
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  log('internal error', { error: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original) });
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
