import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  Context,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type LocalHttpServer } from '../../../lambda/local/http-server.js';
import { silentLogger } from './support.js';

const APP_ORIGIN = 'http://localhost:5173';
const OTHER_ORIGIN = 'https://evil.example';

interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Raw HTTP, so tests control repeated headers, cookies and Origin exactly as a browser sends them. */
function send(url: string, options: { method?: string; headers?: OutgoingHttpHeaders; body?: Buffer | string; chunked?: boolean; rawPath?: string } = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    // The options form sends the path as written (a URL string would be normalised, `..` removed).
    const { hostname, port, pathname, search } = new URL(url);
    const path = options.rawPath ?? `${pathname}${search}`;
    const req = httpRequest({ hostname, port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (options.body !== undefined && options.chunked) {
      // Without content-length: the server learns the size only while reading.
      const body = Buffer.from(options.body);
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

const json = (response: Response): unknown => JSON.parse(response.body.toString('utf8'));

describe('local HTTP API: request -> payload format 2.0 event -> response', () => {
  const events: APIGatewayProxyEventV2[] = [];
  const contexts: Context[] = [];
  let answer: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2 | object> = async () => ({ statusCode: 200, body: '{}' });
  let server: LocalHttpServer;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'jamrep-static-'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>jamrep</title>');
    writeFileSync(join(staticDir, 'app.js'), 'console.log("app");');
    server = await startHttpServer({
      port: 0,
      cors: { allowedOrigins: [APP_ORIGIN] },
      maxBodyBytes: 1000,
      staticDir,
      functionTimeoutMs: 200,
      logger: silentLogger,
      extraRoutes: [{ method: 'GET', path: '/health', handle: (_req, res) => void res.end('ok') }],
      handler: async (event, context) => {
        events.push(event);
        contexts.push(context);
        return answer(event);
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  const lastEvent = () => events[events.length - 1]!;

  it('turns a POST into the event API Gateway sends, and the result into the response', async () => {
    answer = async () => ({
      statusCode: 201,
      headers: { 'X-Answer': '42', 'content-type': 'application/json' },
      cookies: ['session=abc; Path=/; HttpOnly', 'theme=dark'],
      body: '{"data":{"ok":true}}',
    });
    const body = '{"query":"{ regions { code } }"}';
    const before = Date.now();
    const response = await send(`${server.url}/graphql?a=1&b=two%20words&a=3`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Trace': ['one', 'two'],
        Cookie: 'c1=v1; c2=v2',
        'User-Agent': 'jamrep-test/1.0',
      },
      body,
    });
    const after = Date.now();

    expect(response.status).toBe(201);
    expect(response.headers['x-answer']).toBe('42');
    expect(response.headers['set-cookie']).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark']);
    expect(response.body.toString('utf8')).toBe('{"data":{"ok":true}}');

    const event = lastEvent();
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/graphql',
      rawQueryString: 'a=1&b=two%20words&a=3',
      queryStringParameters: { a: '1,3', b: 'two words' },
      cookies: ['c1=v1', 'c2=v2'],
      body,
      isBase64Encoded: false,
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: `127.0.0.1:${server.port}`,
        routeKey: '$default',
        stage: '$default',
        http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jamrep-test/1.0' },
      },
    });
    expect(event.headers).toMatchObject({
      'content-type': 'application/json',
      'x-trace': 'one,two',
      host: `127.0.0.1:${server.port}`,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-port': String(server.port),
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.requestId).toBe(response.headers['apigw-requestid']);
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(event.requestContext.timeEpoch).toBeLessThanOrEqual(after);
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(contexts[contexts.length - 1]!.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('turns a GET with the operation in the query string into an event without a body', async () => {
    answer = async () => ({ statusCode: 200, body: '{}' });
    const query = '{ regions { code } }';
    await send(`${server.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true' } });
    const event = lastEvent();
    expect(event.requestContext.http.method).toBe('GET');
    expect(event.queryStringParameters).toEqual({ query });
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
    expect(event.cookies).toBeUndefined();
    expect(event.headers['apollo-require-preflight']).toBe('true');
  });

  it('passes a binary body base64-encoded and decodes a base64 response', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]);
    answer = async (event) => ({ statusCode: 200, isBase64Encoded: true, body: event.body ?? '' });
    const response = await send(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(lastEvent()).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    expect(response.body).toEqual(bytes);
  });

  it('answers a result without statusCode as 200 JSON, as API Gateway infers', async () => {
    answer = async () => ({ hello: 'world' });
    const response = await send(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(json(response)).toEqual({ hello: 'world' });
  });

  it('answers 500 when the function fails and 503 when it times out, without leaking the error', async () => {
    answer = async () => {
      throw new Error('secret detail');
    };
    const failed = await send(`${server.url}/graphql`, { method: 'POST', body: '{}' });
    expect(failed.status).toBe(500);
    expect(json(failed)).toEqual({ message: 'Internal Server Error' });

    answer = () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1_000));
    const timedOut = await send(`${server.url}/graphql`, { method: 'POST', body: '{}' });
    expect(timedOut.status).toBe(503);
    expect(json(timedOut)).toEqual({ message: 'Service Unavailable' });
  });

  it('rejects a body over maxBodyBytes with 413 before the function runs', async () => {
    answer = async () => ({ statusCode: 200, body: 'ran' });
    const atLimit = await send(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(1000) });
    expect(atLimit.status).toBe(200);

    const invoked = events.length;
    const declared = await send(`${server.url}/graphql`, { method: 'POST', body: 'x'.repeat(1001) });
    expect(declared.status).toBe(413);
    expect(json(declared)).toEqual({ message: 'Request Entity Too Large' });
    const streamed = await send(`${server.url}/graphql`, { method: 'POST', body: 'x'.repeat(300_000), chunked: true });
    expect(streamed.status).toBe(413);
    expect(events.length).toBe(invoked);
  });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      send(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });

    it('answers a preflight from an allowed origin itself, without invoking the function', async () => {
      const invoked = events.length;
      const response = await preflight(APP_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(String(response.headers['access-control-allow-methods']).split(',')).toContain('POST');
      expect(String(response.headers['access-control-allow-headers']).split(',')).toContain('content-type');
      expect(events.length).toBe(invoked);
    });

    it('gives no CORS permission to other origins', async () => {
      const response = await preflight(OTHER_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['access-control-allow-methods']).toBeUndefined();
    });

    it("allows an actual request only from allowed origins, replacing the function's CORS headers", async () => {
      answer = async () => ({ statusCode: 200, headers: { 'access-control-allow-origin': '*' }, body: '{}' });
      const allowed = await send(`${server.url}/graphql`, { method: 'POST', headers: { origin: APP_ORIGIN }, body: '{}' });
      expect(allowed.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      const other = await send(`${server.url}/graphql`, { method: 'POST', headers: { origin: OTHER_ORIGIN }, body: '{}' });
      expect(other.status).toBe(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('other routes', () => {
    it('serves the web client, with index.html for client-side routes and 404 for missing files', async () => {
      const root = await send(`${server.url}/`);
      expect(root.status).toBe(200);
      expect(root.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(root.body.toString()).toContain('<title>jamrep</title>');
      const script = await send(`${server.url}/app.js`);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(script.body.toString()).toBe('console.log("app");');
      const route = await send(`${server.url}/regions/jember`);
      expect(route.body.toString()).toContain('<title>jamrep</title>');
      // A regency code looks like a file extension; a browser navigating there accepts HTML.
      const dotted = await send(`${server.url}/regions/35.09`, { headers: { accept: 'text/html,*/*;q=0.8' } });
      expect(dotted.body.toString()).toContain('<title>jamrep</title>');
      expect((await send(`${server.url}/missing.js`, { headers: { accept: '*/*' } })).status).toBe(404);
      const escape = await send(server.url, { rawPath: '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', headers: { accept: 'text/html' } });
      expect(escape.status).toBe(404);
    });

    it('serves extra routes', async () => {
      const response = await send(`${server.url}/health`);
      expect(response.body.toString()).toBe('ok');
    });
  });
});

describe('local HTTP API: authorizer hook', () => {
  it('passes the authorized event to the handler and answers a denial itself', async () => {
    const seen: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
    const server = await startHttpServer({
      cors: { allowedOrigins: [APP_ORIGIN] },
      logger: silentLogger,
      authorize: async (event) => {
        if (event.headers.authorization !== 'Bearer good') {
          return { statusCode: 401, body: '{"message":"Unauthorized"}', headers: { 'WWW-Authenticate': 'Bearer' } };
        }
        return {
          ...event,
          requestContext: {
            ...event.requestContext,
            authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: { sub: 'auditor-1' }, scopes: null } },
          },
        };
      },
      handler: async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
        seen.push(event);
        return { statusCode: 200, body: '{}' };
      },
    });
    try {
      const denied = await send(`${server.url}/graphql`, { method: 'POST', headers: { origin: APP_ORIGIN }, body: '{}' });
      expect(denied.status).toBe(401);
      expect(denied.headers['www-authenticate']).toBe('Bearer');
      expect(denied.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(seen).toHaveLength(0);

      const allowed = await send(`${server.url}/graphql`, { method: 'POST', headers: { authorization: 'Bearer good' }, body: '{}' });
      expect(allowed.status).toBe(200);
      expect(seen[0]!.requestContext.authorizer.jwt.claims).toEqual({ sub: 'auditor-1' });
    } finally {
      await server.close();
    }
  });
});
