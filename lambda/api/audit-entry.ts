/**
 * What the audit log records about a request, taken from the API Gateway event and the response:
 * operation name and query hash, variables with personal data redacted, and the outcome. Pure.
 *
 * The query text itself is not recorded (its SHA-256 is): a hash identifies the query without copying
 * whatever literals a client wrote into it.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuditOutcome } from '../store/audit-chain.js';

export interface RequestSummary {
  operationName: string | null;
  queryHash: string | null;
  /** Redacted variables as JSON text, or null when the request had none. */
  variables: string | null;
}

/** Keys whose values are personal whatever they hold. */
const PERSONAL_KEY = /nik|name|nama|birth|lahir/i;
/** A NIK (16 digits) or any other long identifier number. */
const LONG_NUMBER = /\d{12,}/g;
const MAX_DEPTH = 5;
const MAX_ITEMS = 50;
const MAX_STRING = 256;
const MAX_JSON = 4_096;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export const REDACTED = '[REDACTED]';

/** A copy of `value` with personal data replaced and sizes bounded, safe to store and to log. */
export function redactVariables(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(LONG_NUMBER, REDACTED).slice(0, MAX_STRING);
  if (typeof value === 'number') return /\d{12,}/.test(String(value)) ? REDACTED : value;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value !== 'object') return String(value).slice(0, MAX_STRING);
  if (depth >= MAX_DEPTH) return '[TRUNCATED]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => redactVariables(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, MAX_ITEMS)
      .map(([k, v]) => [k.slice(0, MAX_STRING), PERSONAL_KEY.test(k) ? REDACTED : redactVariables(v, depth + 1)]),
  );
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The GraphQL request as Apollo will read it (JSON POST body, or GET query parameters), tolerant of garbage. */
export function summarizeRequest(event: APIGatewayProxyEventV2): RequestSummary {
  const method = event.requestContext.http.method.toUpperCase();
  let request: Record<string, unknown> = {};
  if (method === 'GET') {
    const q = event.queryStringParameters ?? {};
    request = { query: q.query, operationName: q.operationName, variables: parseJson(q.variables), extensions: parseJson(q.extensions) };
  } else {
    const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const parsed = parseJson(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) request = parsed as Record<string, unknown>;
  }
  const query = typeof request.query === 'string' ? request.query : undefined;
  const persisted = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  const queryHash = query !== undefined ? createHash('sha256').update(query).digest('hex') : typeof persisted === 'string' && SHA256_HEX.test(persisted) ? persisted : null;
  const operationName = typeof request.operationName === 'string' ? request.operationName.slice(0, 128) : null;
  let variables: string | null = null;
  if (request.variables !== undefined && request.variables !== null) {
    variables = JSON.stringify(redactVariables(request.variables));
    if (variables.length > MAX_JSON) variables = JSON.stringify({ truncated: true, bytes: variables.length });
  }
  return { operationName, queryHash, variables };
}

/** OK without errors; PARTIAL with data and errors; ERROR when refused or failed. */
export function outcomeOf(status: number, errorCodes: readonly string[], body: string | undefined): AuditOutcome {
  if (status >= 400) return 'ERROR';
  if (errorCodes.length === 0) return 'OK';
  const data = (parseJson(body) as { data?: Record<string, unknown> | null } | undefined)?.data;
  return data && Object.values(data).some((v) => v !== null) ? 'PARTIAL' : 'ERROR';
}
