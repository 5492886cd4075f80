/**
 * A local stand-in for the API Gateway HTTP API in front of the GraphQL Lambda: requests to the API
 * path become payload format 2.0 events for the very handler that runs in AWS, with the gateway's CORS
 * handling, body limit and error answers. Other GET requests can be served from a static folder.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, Handler } from 'aws-lambda';
import { isPreflight, preflightHeaders, withCorsHeaders, type CorsOptions } from './http-cors.js';
import { fromHandlerResult, gatewayResponse, newRequestId, toHttpApiEvent, type HttpResponseParts } from './http-event.js';
import { createLambdaContext, invokeHandler, LambdaTimeoutError } from './lambda-context.js';
import { readBody } from './request-body.js';
import { serveStatic } from './static-files.js';

export type { CorsOptions } from './http-cors.js';

/** What an authorizer answers instead of an event when it refuses a request (JWT authorizer: 401). */
export interface AuthorizerDenial {
  statusCode: number;
  body?: string;
  headers?: Record<string, string>;
}

/** Runs before the handler, like an HTTP API authorizer: returns the event to pass on, or a denial. */
export type Authorizer<TEvent extends APIGatewayProxyEventV2> = (
  event: APIGatewayProxyEventV2,
) => Promise<TEvent | AuthorizerDenial>;

/** A route of the local server itself (health, tooling): handled as is, without CORS or body limit. */
export interface ExtraRoute {
  method: string;
  /** Exact path, without query string; with `prefix`, every path under it (`path` ends with `/`). */
  path: string;
  prefix?: boolean;
  /** The route writes records (an upload): refused with 503 while `refuseWrites` says so. */
  writes?: boolean;
  handle(request: IncomingMessage, response: ServerResponse): void | Promise<void>;
}

export interface HttpServerBaseOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** Default 127.0.0.1: a development server is not for the network. */
  host?: string;
  cors: CorsOptions;
  /** The API route. Default `/graphql`. */
  apiPath?: string;
  staticDir?: string;
  /** Larger request bodies get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  extraRoutes?: ExtraRoute[];
  /**
   * While it returns a reason, routes marked `writes` answer 503 with `Retry-After` and the reason: the
   * local platform seeding its demo counts the records table in one pass, and a write during that pass
   * could be counted twice or not at all (local/seed-store.ts).
   */
  refuseWrites?: () => string | undefined;
  functionName?: string;
  /** Default 30 s, the longest an HTTP API waits for its integration; past it the client gets 503. */
  functionTimeoutMs?: number;
  logger?: Pick<Console, 'error'>;
}

export interface HttpServerOptions<TEvent extends APIGatewayProxyEventV2> extends HttpServerBaseOptions {
  handler: Handler<TEvent, unknown>;
  authorize?: Authorizer<TEvent>;
}

export interface LocalHttpServer {
  /** e.g. `http://127.0.0.1:4000` (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_API_PATH = '/graphql';

export function startHttpServer(
  options: HttpServerBaseOptions & { handler: Handler<APIGatewayProxyEventV2, unknown>; authorize?: undefined },
): Promise<LocalHttpServer>;
export function startHttpServer<TEvent extends APIGatewayProxyEventV2>(
  options: HttpServerBaseOptions & { handler: Handler<TEvent, unknown>; authorize: Authorizer<TEvent> },
): Promise<LocalHttpServer>;
export async function startHttpServer<TEvent extends APIGatewayProxyEventV2>(
  options: HttpServerOptions<TEvent>,
): Promise<LocalHttpServer> {
  const { cors, staticDir, authorize } = options;
  const handler = options.handler as Handler<APIGatewayProxyEventV2, unknown>;
  const apiPath = options.apiPath ?? DEFAULT_API_PATH;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const functionName = options.functionName ?? 'local-http-handler';
  const functionTimeoutMs = options.functionTimeoutMs ?? 30_000;
  const logger = options.logger ?? console;

  async function handleApi(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const origin = request.headers.origin;
    const requestId = newRequestId();
    const reply = (parts: HttpResponseParts, extraHeaders: Record<string, string> = {}) =>
      send(request, response, {
        ...parts,
        headers: withCorsHeaders(cors, origin, { ...parts.headers, ...extraHeaders, 'apigw-requestid': requestId }),
      });

    // The gateway answers every OPTIONS itself once CORS is configured; the function never sees one.
    if (request.method === 'OPTIONS') {
      const headers = isPreflight(request.method, request.headers) ? preflightHeaders(cors, origin) : { vary: 'Origin' };
      return send(request, response, { statusCode: 204, headers: { ...headers, 'apigw-requestid': requestId }, cookies: [], body: Buffer.alloc(0) });
    }
    const body = await readBody(request, maxBodyBytes);
    if (!body) return reply(gatewayResponse(413, 'Request Entity Too Large'), { connection: 'close' });

    let event = toHttpApiEvent(request, body, requestId);
    if (authorize) {
      const outcome = await authorize(event);
      if (!('requestContext' in outcome)) {
        return reply({
          statusCode: outcome.statusCode,
          headers: { 'content-type': 'application/json', ...lowerCaseKeys(outcome.headers ?? {}) },
          cookies: [],
          body: Buffer.from(outcome.body ?? '', 'utf8'),
        });
      }
      event = outcome;
    }

    let parts: HttpResponseParts;
    try {
      const context = createLambdaContext({ functionName, timeoutMs: functionTimeoutMs });
      parts = fromHandlerResult(await invokeHandler(handler, event, context));
    } catch (error) {
      logger.error(`[http] ${requestId} ${request.method} ${event.rawPath}: function failed:`, error);
      parts =
        error instanceof LambdaTimeoutError
          ? gatewayResponse(503, 'Service Unavailable')
          : gatewayResponse(500, 'Internal Server Error');
    }
    return reply(parts);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    const extra = options.extraRoutes?.find((r) => r.method === request.method && (r.prefix ? path?.startsWith(r.path) : r.path === path));
    if (extra) {
      const refused = extra.writes ? options.refuseWrites?.() : undefined;
      if (refused !== undefined) return send(request, response, writesRefused(refused));
      return extra.handle(request, response);
    }
    if (path === apiPath) return handleApi(request, response);
    if (staticDir && (request.method === 'GET' || request.method === 'HEAD')) return serveStatic(request, response, staticDir);
    return send(request, response, gatewayResponse(404, 'Not Found'));
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      logger.error(`[http] ${request.method} ${request.url}: request failed:`, error);
      if (!response.headersSent) send(request, response, gatewayResponse(500, 'Internal Server Error'));
      else response.destroy();
    });
  });
  // Idle connections outlive the clients' own keep-alive (undici's is 4 s), as API Gateway's do: with
  // Node's 5 s a client reusing a connection just as the server dropped it got "other side closed".
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function writesRefused(reason: string): HttpResponseParts {
  const body = Buffer.from(JSON.stringify({ message: 'Service Unavailable', reason }));
  return { statusCode: 503, headers: { 'content-type': 'application/json', 'retry-after': '10' }, cookies: [], body };
}

function send(request: IncomingMessage, response: ServerResponse, parts: HttpResponseParts): void {
  response.statusCode = parts.statusCode;
  for (const [name, value] of Object.entries(parts.headers)) response.setHeader(name, value);
  if (parts.cookies.length > 0) response.setHeader('set-cookie', parts.cookies);
  response.setHeader('content-length', String(parts.body.length));
  response.end(request.method === 'HEAD' ? undefined : parts.body);
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
