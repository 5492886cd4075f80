/**
 * The API request path around Apollo, in the order a request meets it:
 *   1. identity from the authorizer's verified claims (401 UNAUTHENTICATED, 403 FORBIDDEN);
 *   2. body size limit (413 PAYLOAD_TOO_LARGE), before Apollo parses the body;
 *   3. GraphQL execution under a deadline (503 TIMEOUT);
 *   4. one audit log entry, for every request whatever its outcome. If it cannot be written the caller
 *      gets 503 AUDIT_UNAVAILABLE instead of the data: every look at data leaves a trace, or does not
 *      happen.
 * handler.ts wires it to the runtime; tests build it with their own dependencies.
 */
import type { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DomainError } from '../domain/errors.js';
import type { Access } from '../plan/scope.js';
import type { AuditEntry } from '../store/audit-chain.js';
import type { ReadCounter } from '../store/rollup-store.js';
import { outcomeOf, summarizeRequest } from './audit-entry.js';
import type { ApiContext, RequestTrace } from './context.js';
import { claimsOf, principalFromClaims, type Principal } from './principal.js';
import type { SecurityConfig } from './security-config.js';

/** The parts of the context that are the same for every request. */
export type SharedContext = Pick<ApiContext, 'regions' | 'rollups' | 'journal' | 'anomalies' | 'closes' | 'thresholds' | 'participants' | 'auditLog' | 'importLedger' | 'exports' | 'uploads'>;

export interface ApiHandlerOptions {
  server: ApolloServer<ApiContext>;
  shared: SharedContext;
  security: SecurityConfig;
  log: {
    error(message: string, details: Record<string, unknown>): void;
    info(message: string, details: Record<string, unknown>): void;
  };
  /** Called after each request with the DynamoDB reads it made (metrics). */
  onRequestDone?: (reads: ReadCounter) => void;
}

export type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** Time kept back from the Lambda deadline to write the audit entry and answer. */
const AUDIT_RESERVE_MS = 1_500;

function errorResponse(statusCode: number, code: string, message: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify({ errors: [{ message, extensions: { code } }] }),
  };
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body, 'utf8');
}

export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const { server, shared, security, log } = options;
  // The integration hands our context function the very event object we passed in.
  const contexts = new WeakMap<APIGatewayProxyEventV2, ApiContext>();
  const graphql = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
    context: async ({ event }) => {
      const context = contexts.get(event);
      if (!context) throw new Error('No request context: the API handler must be called through createApiHandler');
      return context;
    },
  });

  return async (event, lambdaContext) => {
    const started = Date.now();
    const oversized = bodyBytes(event) > security.maxBodyBytes;
    // An oversized body is not parsed at all, not even for the audit entry.
    const summary = oversized ? { operationName: null, queryHash: null, variables: null } : summarizeRequest(event);
    const trace: RequestTrace = { operationName: summary.operationName, queryHash: summary.queryHash, rows: 0, errorCodes: [] };
    const reads: ReadCounter = { requests: 0, items: 0, capacityUnits: 0 };
    let principal: Principal | undefined;
    let access: Access | undefined;
    let response: APIGatewayProxyStructuredResultV2 | undefined;

    try {
      principal = principalFromClaims(claimsOf(event), shared.regions);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      response = errorResponse(e.code === 'UNAUTHENTICATED' ? 401 : 403, e.code, e.message);
    }
    if (!response && oversized) {
      response = errorResponse(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${security.maxBodyBytes} bytes`);
    }
    if (!response && principal) {
      access = {
        scope: principal.scope,
        minimumCellCount: security.suppressedRoles.has(principal.role) ? security.minimumCellCount : undefined,
        touched: new Set(),
      };
      contexts.set(event, {
        ...shared,
        // Each request reads an item once, however many of its queries need it.
        rollups: shared.rollups.forRequest(),
        requestId: event.requestContext.requestId,
        principal,
        access,
        scopeLabel: `${principal.role} ${principal.scope ?? '(all regions)'}`,
        reads,
        trace,
      });
      const deadline = Math.max(0, Math.min(security.requestTimeoutMs, lambdaContext.getRemainingTimeInMillis() - AUDIT_RESERVE_MS));
      try {
        response = await withDeadline(graphql(event, lambdaContext, () => undefined) as Promise<APIGatewayProxyStructuredResultV2>, deadline);
        if (!response) response = errorResponse(503, 'TIMEOUT', `The request did not finish within ${deadline} ms`);
      } catch (error) {
        log.error('request failed', { error: error instanceof Error ? { name: error.name, message: error.message } : String(error) });
        response = errorResponse(500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      }
    }
    const status = response!.statusCode ?? 200;
    const bodyCodes = status >= 400 && trace.errorCodes.length === 0 ? codesOf(response!.body) : [];
    const errorCodes = [...trace.errorCodes, ...bodyCodes];
    if (status >= 400 && errorCodes.length === 0) errorCodes.push(`HTTP_${status}`);

    let entry: AuditEntry;
    try {
      entry = await shared.auditLog.append({
        requestId: event.requestContext.requestId,
        subject: principal?.subject ?? null,
        role: principal?.role ?? null,
        scope: principal?.scope ?? null,
        operationName: trace.operationName,
        queryHash: trace.queryHash,
        variables: summary.variables,
        regions: [...(access?.touched ?? [])].sort(),
        rows: trace.rows,
        outcome: outcomeOf(status, errorCodes, response!.body),
        errorCodes,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      log.error('audit log append failed: the response is withheld', { error: error instanceof Error ? { name: error.name, message: error.message } : String(error) });
      return errorResponse(503, 'AUDIT_UNAVAILABLE', 'The request could not be recorded in the audit log, so no data is returned. Try again.');
    } finally {
      options.onRequestDone?.(reads);
    }
    // A copy of each chain head outside the table (the function's log group, which it cannot rewrite):
    // an anchor for audit:verify if the table itself were ever rewritten.
    log.info('audit entry appended', { auditChain: entry.chain, auditSeq: entry.seq, auditHash: entry.hash });
    return response!;
  };
}

/** The promise's value, or undefined once `ms` pass. The work is not cancelled; its late result is dropped. */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Error codes of a JSON error body (our own answers, and Apollo's refusals before execution). */
function codesOf(body: string | undefined): string[] {
  try {
    const parsed = JSON.parse(body ?? '') as { errors?: Array<{ extensions?: { code?: unknown } }> };
    return (parsed.errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN'));
  } catch {
    return [];
  }
}
