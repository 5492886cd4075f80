/**
 * `/config.json` on the local server: the dashboard asks for it on every start; locally it must answer
 * (not 404) with a file the dashboard's own parser accepts, in local sign-in mode, naming routes that this
 * server really answers: the token route signs a token, and the API path accepts that token.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configRoutes, localRuntimeConfig } from '../../../lambda/local/config-route.js';
import { loadOrCreateDevKey } from '../../../lambda/local/dev-token.js';
import { DEFAULT_API_PATH, startHttpServer, type LocalHttpServer } from '../../../lambda/local/http-server.js';
import { localJwtAuthorizer } from '../../../lambda/local/local-authorizer.js';
import { devTokenRoute, TOKEN_ROUTE_PATH } from '../../../lambda/local/token-route.js';
import { parseConfigFile, type AppConfig } from '../../../web/src/config-file.js';
import { silentLogger } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'jamrep-config-'));
let server: LocalHttpServer;

beforeAll(async () => {
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>jamrep</title>');
  const key = loadOrCreateDevKey(dir);
  server = await startHttpServer({
    port: 0,
    cors: { allowedOrigins: [] },
    logger: silentLogger,
    staticDir: dir,
    authorize: localJwtAuthorizer(key),
    extraRoutes: [devTokenRoute(key), ...configRoutes(localRuntimeConfig({ apiPath: DEFAULT_API_PATH, tokenPath: TOKEN_ROUTE_PATH }))],
    handler: async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: event.requestContext.authorizer.jwt.claims['cognito:groups'] }),
    }),
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Values the file must override: a parse that silently fell back to them would show here. */
const OTHER_DEFAULTS: AppConfig = { graphqlUrl: 'https://elsewhere.example/graphql', auth: { mode: 'local', tokenUrl: '/elsewhere' }, earliestYear: 2020 };

describe('GET /config.json on the local server', () => {
  it('answers 200 JSON, uncached, as the dashboard fetches it (accept: application/json)', async () => {
    const response = await fetch(`${server.url}/config.json`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('json');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.json()).toEqual({ graphqlUrl: '/graphql', auth: { mode: 'local', tokenUrl: '/local/token' } });
  });

  it('is accepted by the dashboard parser, and its routes work: the token route signs, the API path accepts it', async () => {
    const config = parseConfigFile(await (await fetch(`${server.url}/config.json`)).json(), OTHER_DEFAULTS);
    expect(config.auth.mode).toBe('local');
    if (config.auth.mode !== 'local') return;
    const signed = await fetch(`${server.url}${config.auth.tokenUrl}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'AUDITOR' }),
    });
    expect(signed.status).toBe(200);
    const { token } = (await signed.json()) as { token: string };
    const api = await fetch(`${server.url}${config.graphqlUrl}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ role: '[AUDITOR]' });
  });

  it('answers HEAD with the headers and no body, and needs no token (the page asks before sign-in)', async () => {
    const head = await fetch(`${server.url}/config.json`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
  });
});
