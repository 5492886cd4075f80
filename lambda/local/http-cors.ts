/**
 * CORS as an API Gateway HTTP API applies it when the API has a CORS configuration: the gateway answers
 * preflight requests itself (the function never sees them), adds the CORS headers to responses for
 * allowed origins only, and ignores CORS headers the function returns.
 */
export interface CorsOptions {
  /** Exact origins (`https://app.example.org`), or `*` for any. */
  allowedOrigins: string[];
  /** Default: GET, POST, OPTIONS. */
  allowMethods?: string[];
  /** Default: the headers the GraphQL clients send (content-type, authorization, Apollo's CSRF headers). */
  allowHeaders?: string[];
  exposeHeaders?: string[];
  /** Default 600. */
  maxAgeSeconds?: number;
  allowCredentials?: boolean;
}

export const DEFAULT_CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
] as const;

export function isPreflight(method: string | undefined, headers: Record<string, string | string[] | undefined>): boolean {
  return method === 'OPTIONS' && headers.origin !== undefined && headers['access-control-request-method'] !== undefined;
}

function allowedOrigin(options: CorsOptions, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (options.allowedOrigins.includes('*')) return options.allowCredentials ? origin : '*';
  const wanted = origin.toLowerCase();
  return options.allowedOrigins.some((allowed) => allowed.toLowerCase() === wanted) ? origin : undefined;
}

/** Headers of the gateway's answer to a preflight request (status 204). */
export function preflightHeaders(options: CorsOptions, origin: string | undefined): Record<string, string> {
  const allowed = allowedOrigin(options, origin);
  const headers: Record<string, string> = { vary: 'Origin' };
  if (!allowed) return headers;
  headers['access-control-allow-origin'] = allowed;
  headers['access-control-allow-methods'] = (options.allowMethods ?? ['GET', 'POST', 'OPTIONS']).join(',');
  headers['access-control-allow-headers'] = (options.allowHeaders ?? DEFAULT_CORS_ALLOW_HEADERS).join(',');
  headers['access-control-max-age'] = String(options.maxAgeSeconds ?? 600);
  if (options.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}

/** The response headers with the function's CORS headers replaced by the gateway's. */
export function withCorsHeaders(
  options: CorsOptions,
  origin: string | undefined,
  headers: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('access-control-')) out[name] = value;
  }
  out.vary = out.vary ? `${out.vary}, Origin` : 'Origin';
  const allowed = allowedOrigin(options, origin);
  if (!allowed) return out;
  out['access-control-allow-origin'] = allowed;
  if (options.exposeHeaders?.length) out['access-control-expose-headers'] = options.exposeHeaders.join(',');
  if (options.allowCredentials) out['access-control-allow-credentials'] = 'true';
  return out;
}
