/**
 * Tokens on the local platform: `npm run token` signs a development token, the local server verifies it
 * and hands the API the claims as the HTTP API JWT authorizer does, and refuses anything else with the
 * gateway's own 401 before the function runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateDevKey, signDevToken } from '../../../lambda/local/dev-token.js';
import { startHttpServer, type LocalHttpServer } from '../../../lambda/local/http-server.js';
import { localJwtAuthorizer } from '../../../lambda/local/local-authorizer.js';
import { devTokenRoute } from '../../../lambda/local/token-route.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { silentLogger } from './support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jamrep-tokens-'));
let platform: TestPlatform;
let server: LocalHttpServer;
let invocations = 0;

beforeAll(async () => {
  platform = await startTestPlatform();
  server = await startHttpServer({
    port: 0,
    cors: { allowedOrigins: ['http://localhost:5173'] },
    logger: silentLogger,
    authorize: localJwtAuthorizer(loadOrCreateDevKey(dataDir)),
    extraRoutes: [devTokenRoute(loadOrCreateDevKey(dataDir))],
    handler: async (event: APIGatewayProxyEventV2) => {
      invocations++;
      return platform.api(event);
    },
  });
});
afterAll(async () => {
  await server?.close();
  await platform?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const token = (...args: string[]) => spawnSync('npx', ['tsx', 'lambda/local/token-cli.ts', '--data-dir', dataDir, ...args], { encoding: 'utf8' });

async function viewer(authorization?: string) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query: '{ viewer { subject role scope { code } } }' }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('local tokens', () => {
  it('npm run token prints a token the local server accepts, with the role and region asked for', async () => {
    const out = token('--role', 'REGENCY', '--region', '35.09');
    expect(out.status, out.stderr).toBe(0);
    const res = await viewer(`Bearer ${out.stdout.trim()}`);
    expect(res).toEqual({ status: 200, body: { data: { viewer: { subject: 'local-regency-35.09', role: 'REGENCY', scope: { code: '35.09' } } }, extensions: expect.any(Object) } });
  });

  it('refuses requests without a valid token before the function runs, as the JWT authorizer does', async () => {
    const before = invocations;
    const foreign = await signDevToken(new Uint8Array(32).fill(1), { role: 'MINISTRY' });
    const expired = await signDevToken(loadOrCreateDevKey(dataDir), { role: 'MINISTRY', ttlSeconds: 1 }, new Date(Date.now() - 60_000));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","cognito:groups":["MINISTRY"]}').toString('base64url')}.`;
    for (const authorization of [undefined, 'Bearer', 'Basic YWRtaW46YWRtaW4=', `Bearer ${foreign}`, `Bearer ${expired}`, `Bearer ${unsigned}`]) {
      expect(await viewer(authorization), authorization).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    }
    expect(invocations).toBe(before);
  });

  it('lets the API refuse a valid token whose account is misconfigured (403), not the gateway', async () => {
    const out = token('--role', 'PROVINCE', '--region', '35.09');
    const res = await viewer(`Bearer ${out.stdout.trim()}`);
    expect(res.status).toBe(403);
    expect((res.body.errors as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('signs tokens for the local dashboard at POST /local/token, for same-origin JSON requests only', async () => {
    const post = (body: string, contentType = 'application/json') =>
      fetch(`${server.url}/local/token`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const signed = (await (await post('{"role":"AUDITOR","region":"35.10"}')).json()) as { token: string };
    expect((await viewer(`Bearer ${signed.token}`)).body).toMatchObject({ data: { viewer: { role: 'AUDITOR', scope: { code: '35.10' } } } });
    expect((await post('{"role":"AUDITOR"}', 'text/plain')).status).toBe(415);
    expect((await post('{"role":"REGENCY"}')).status).toBe(400);
    expect((await post('{"role":"ROOT"}')).status).toBe(400);
    // No preflight answer: a page from another origin cannot send the JSON request.
    const preflight = await fetch(`${server.url}/local/token`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('explains its usage when the role or region is missing', () => {
    expect(token('--role', 'ADMIN').status).toBe(2);
    const regency = token('--role', 'REGENCY');
    expect(regency.status).toBe(2);
    expect(regency.stderr).toMatch(/needs --region/);
    const refused = spawnSync('npx', ['tsx', 'lambda/local/token-cli.ts', '--role', 'MINISTRY', '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, JAMREP_ENV: 'production' } });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/production/);
  });
});
