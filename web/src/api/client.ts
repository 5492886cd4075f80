/**
 * The one way the dashboard talks to the API: POST /graphql with the session's bearer token. Every
 * failure becomes an `ApiError` whose `kind` the pages turn into a sentence a reader can act on
 * ("your session has expired", "you may not see Kabupaten Jember"), and every response's
 * `extensions.asOf` feeds the data freshness line.
 */
import { isExpired, readSession } from '../auth/session.js';
import type { TypedDocumentString } from '../generated/graphql.js';

export type ApiErrorKind = 'SIGNED_OUT' | 'TOKEN_EXPIRED' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'REJECTED' | 'NETWORK' | 'SERVER';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly detail: {
      /** `extensions.code` of the GraphQL error. */
      code?: string;
      /** The region a FORBIDDEN error names. */
      region?: string;
      status?: number;
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface GraphqlBody {
  data?: unknown;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

type AsOfListener = (asOf: string | null) => void;

let endpoint = '/graphql';
const asOfListeners = new Set<AsOfListener>();
let lastAsOf: string | null | undefined;

export function configureClient(options: { url: string }): void {
  endpoint = options.url;
}

export function graphqlUrl(): string {
  return new URL(endpoint, location.href).href;
}

/** Called with each response's `extensions.asOf` (null: nothing aggregated yet). */
export function onAsOf(listener: AsOfListener): () => void {
  asOfListeners.add(listener);
  if (lastAsOf !== undefined) listener(lastAsOf);
  return () => asOfListeners.delete(listener);
}

/**
 * Runs a query and returns its data; throws `ApiError` on any error, including partial results. The
 * document's generated type (web/src/api/queries.ts) gives the answer's and the variables' types.
 */
export async function query<T, V>(document: TypedDocumentString<T, V>, variables: V, signal?: AbortSignal): Promise<T> {
  const { status, body } = await send({ query: document.toString(), variables }, signal);
  const error = body.errors?.[0];
  if (error) throw fromGraphqlError(error, status);
  if (body.data === undefined || body.data === null) throw new ApiError('SERVER', `HTTP ${status} without data`, { status });
  return body.data as T;
}

/**
 * The whole response body, errors included, for the explorer (GraphiQL shows errors itself). Only a
 * missing session or an expired token throw, since no request is sent then.
 */
export async function rawRequest(body: { query: string; variables?: unknown; operationName?: string | null }): Promise<GraphqlBody> {
  try {
    return (await send(body)).body;
  } catch (error) {
    if (error instanceof ApiError && (error.kind === 'SIGNED_OUT' || error.kind === 'TOKEN_EXPIRED')) throw error;
    return { errors: [{ message: error instanceof Error ? error.message : String(error) }] };
  }
}

async function send(payload: unknown, signal?: AbortSignal): Promise<{ status: number; body: GraphqlBody }> {
  const session = readSession();
  if (!session) throw new ApiError('SIGNED_OUT', 'not signed in');
  if (isExpired(session)) throw new ApiError('TOKEN_EXPIRED', 'the token has expired');

  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      // JSON content-type also satisfies Apollo's CSRF prevention.
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify(payload),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('NETWORK', `cannot reach ${graphqlUrl()}`);
  }

  let body: GraphqlBody | undefined;
  try {
    body = (await response.json()) as GraphqlBody;
  } catch {
    body = undefined;
  }
  // 401/403 come from API Gateway's JWT authorizer ({"message":"Unauthorized"}, before the function) or
  // from the function itself with a GraphQL error carrying the code and, for FORBIDDEN, the region.
  if (response.status === 401 || response.status === 403) {
    const error = body?.errors?.[0];
    if (error) throw fromGraphqlError(error, response.status);
    if (response.status === 403) throw new ApiError('FORBIDDEN', 'forbidden', { status: 403 });
    throw new ApiError(isExpired(session) ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED', 'the token was not accepted', { status: 401 });
  }
  if (!body) throw new ApiError('SERVER', `HTTP ${response.status} without a GraphQL answer`, { status: response.status });
  if (body.extensions && 'asOf' in body.extensions) publishAsOf((body.extensions.asOf as string | null) ?? null);
  if (response.status >= 500) {
    const error = body.errors?.[0];
    throw new ApiError('SERVER', error?.message ?? `HTTP ${response.status}`, {
      status: response.status,
      code: typeof error?.extensions?.code === 'string' ? error.extensions.code : undefined,
    });
  }
  return { status: response.status, body };
}

function publishAsOf(asOf: string | null): void {
  lastAsOf = asOf;
  for (const listener of asOfListeners) listener(asOf);
}

function fromGraphqlError(error: NonNullable<GraphqlBody['errors']>[number], status: number): ApiError {
  const extensions = error.extensions ?? {};
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const detail = { code, status, extensions };
  switch (code) {
    case 'UNAUTHENTICATED': {
      const session = readSession();
      const expired = (session && isExpired(session)) || /expir/i.test(error.message) || extensions.reason === 'TOKEN_EXPIRED';
      return new ApiError(expired ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED', error.message, detail);
    }
    case 'FORBIDDEN': {
      const region = typeof extensions.region === 'string' ? extensions.region : undefined;
      return new ApiError('FORBIDDEN', error.message, { ...detail, region });
    }
    case 'INTERNAL_SERVER_ERROR':
      return new ApiError('SERVER', error.message, detail);
    default:
      return new ApiError('REJECTED', error.message, detail);
  }
}
