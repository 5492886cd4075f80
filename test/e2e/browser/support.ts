/**
 * What the browser tests run against: the dashboard built by Vite, served with the real API Lambda
 * handler by the local HTTP server (as `npm start` serves them), on a private platform (DynamoDB Local,
 * tables, the stream aggregator), driven by the machine's Chromium through playwright-core.
 */
import { CreateTableCommand, ResourceInUseException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { jwtVerify, SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { requireNikHashKey } from '../../../lambda/config.js';
import { loadUploadConfig, LOCAL_UPLOADS_PATH } from '../../../lambda/api/upload-config.js';
import { configRoutes, localRuntimeConfig } from '../../../lambda/local/config-route.js';
import { uploadRoute, type UploadRoute } from '../../../lambda/local/upload-route.js';
import { ImportLedger } from '../../../lambda/store/import-ledger.js';
import { DEFAULT_API_PATH, startHttpServer, type Authorizer, type ExtraRoute, type LocalHttpServer } from '../../../lambda/local/http-server.js';
import { loadSecurityConfig } from '../../../lambda/api/security-config.js';
import { dashboardContentSecurityPolicy } from '../../../web/security-headers.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');

/** Builds web/ into a fresh folder (never the developer's web/dist). */
export async function buildDashboard(outDir = mkdtempSync(join(tmpdir(), 'jamrep-web-'))): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: join(process.cwd(), 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export interface Identity {
  role: string;
  region: string | null;
}

/**
 * Development tokens for the browser tests, and the authorizer that checks them. The API reads the
 * caller only from `requestContext.authorizer.jwt.claims`, where API Gateway's JWT authorizer puts a
 * verified Cognito ID token's claims; this authorizer does the same for HS256 tokens signed with a
 * per-run key. When the local platform gets its own development-key authorizer and token route
 * (issue 5), the tests should use those instead of these two functions.
 */
export interface DevAuth {
  mint(identity: Identity, options?: { expiresInSeconds?: number }): Promise<string>;
  authorize: Authorizer<APIGatewayProxyEventV2WithJWTAuthorizer>;
}

export function devAuth(): DevAuth {
  const key = randomBytes(32);
  const unauthorized = { statusCode: 401, body: '{"message":"Unauthorized"}', headers: { 'WWW-Authenticate': 'Bearer' } };
  return {
    mint: ({ role, region }, { expiresInSeconds = 3600 } = {}) =>
      new SignJWT({ 'cognito:groups': [role], ...(region ? { 'custom:region': region } : {}), token_use: 'id' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(`dev-${role.toLowerCase()}-${region ?? 'all'}`)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
        .sign(key),
    authorize: async (event) => {
      const token = /^Bearer (\S+)$/i.exec(event.headers.authorization ?? '')?.[1];
      if (!token) return unauthorized;
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        // Payload format 2.0 hands claims over as strings, arrays flattened to "[A B]".
        const claims = Object.fromEntries(
          Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
        );
        return {
          ...event,
          requestContext: {
            ...event.requestContext,
            authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } },
          },
        };
      } catch {
        return unauthorized;
      }
    },
  };
}

/** POST /local/token `{ role, region }` -> `{ token }`, the route `npm start` offers in local mode. */
export function localTokenRoute(mint: (identity: Identity) => Promise<string>): ExtraRoute {
  return {
    method: 'POST',
    path: '/local/token',
    handle: async (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      let identity: Identity;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<Identity>;
        if (typeof body.role !== 'string') throw new Error('role');
        identity = { role: body.role, region: typeof body.region === 'string' ? body.region : null };
      } catch {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"expected {role, region}"}');
        return;
      }
      const token = await mint(identity);
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ token }));
    },
  };
}

/**
 * The query audit log's table, which the API appends one entry to per request (and withholds the answer
 * when it cannot). Created here until the local table setup creates it with the others.
 */
export async function ensureAuditTable(ddb: DynamoDBClient, name: string): Promise<void> {
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

export interface BrowserPlatform {
  platform: TestPlatform;
  auth: DevAuth;
  server: LocalHttpServer;
  browser: Browser;
  /** The dashboard uploads' PUT route, as `npm start` serves it; `idle()` waits for the imports it started. */
  uploads: UploadRoute;
  /** Imports the upload route started that threw, with their keys. */
  uploadFailures: string[];
  /** A GraphQL request over HTTP with a bearer token, as the dashboard sends it. */
  graphql<T>(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  /**
   * A fresh browser profile (own sessionStorage) with Indonesian locale and a Jakarta clock, whose pages
   * are served with the dashboard's Content-Security-Policy as CloudFront serves them.
   */
  newContext(): Promise<BrowserContext>;
  /** Content-Security-Policy violations reported by any page so far. */
  cspViolations: string[];
  /** Signs in through the local sign-in page and waits for the landing page. */
  signIn(page: Page, identity: Identity): Promise<void>;
  stop(): Promise<void>;
}

export async function startBrowserPlatform(): Promise<BrowserPlatform> {
  const auth = devAuth();
  const staticDir = mkdtempSync(join(tmpdir(), 'jamrep-web-'));
  const uploadDir = mkdtempSync(join(tmpdir(), 'jamrep-uploads-'));
  let platform: TestPlatform | undefined;
  const uploadFailures: string[] = [];
  let api: typeof import('../../../lambda/api/handler.js').handler | undefined;
  // Dashboard uploads go to this server's upload route, as under `npm start`, imported into this platform.
  const uploads = uploadRoute({
    path: LOCAL_UPLOADS_PATH,
    dir: uploadDir,
    maxBytes: loadUploadConfig().maxBytes,
    allowedOrigins: [],
    importDeps: () => ({
      ddb: platform!.runtime.ddb,
      recordsTable: platform!.runtime.config.recordsTable,
      regions: platform!.runtime.reference.regions,
      nikHashKey: requireNikHashKey(platform!.runtime.config),
      // Read once the platform has set its table names.
      ledger: new ImportLedger(platform!.runtime.ddb, loadSecurityConfig().auditTable),
    }),
    // An import that throws (not a rejected file: that is a report) fails the test that uploaded it.
    onError: (key, error) => uploadFailures.push(`${key}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  // The API reads where uploads go (UPLOADS_BASE_URL, this server's port) when its module loads, which
  // the platform does: so the server starts first, and hands requests on once the handler is loaded.
  const server = await startHttpServer({
    handler: (event, context) => api!(event, context),
    authorize: auth.authorize,
    staticDir,
    cors: { allowedOrigins: [] },
    extraRoutes: [
      localTokenRoute((identity) => auth.mint(identity)),
      ...configRoutes(localRuntimeConfig({ apiPath: DEFAULT_API_PATH, tokenPath: '/local/token' })),
      ...uploads.routes,
    ],
    logger: { error: () => undefined },
  });
  process.env.UPLOADS_BASE_URL = `${server.url}${LOCAL_UPLOADS_PATH}`;
  [, platform] = await Promise.all([buildDashboard(staticDir), startTestPlatform()]);
  await ensureAuditTable(platform.clients.ddb, loadSecurityConfig().auditTable);
  api = (await import('../../../lambda/api/handler.js')).handler;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  const cspViolations: string[] = [];

  return {
    platform,
    auth,
    server,
    browser,
    uploads,
    uploadFailures,
    graphql: async (query, variables, token) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    cspViolations,
    newContext: async () => {
      const context = await browser.newContext({
        baseURL: server.url,
        locale: 'id-ID',
        timezoneId: 'Asia/Jakarta',
        viewport: { width: 1440, height: 1000 },
        acceptDownloads: true,
      });
      await context.route('**/*', async (route) => {
        if (route.request().resourceType() !== 'document') return route.continue();
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': dashboardContentSecurityPolicy() } });
      });
      context.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      return context;
    },
    signIn: async (page, identity) => {
      await page.goto('/sign-in');
      await page.getByTestId('sign-in-role').selectOption(identity.role);
      if (identity.region) await page.getByTestId('sign-in-region').selectOption(identity.region);
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      await page.waitForURL((url) => url.pathname !== '/sign-in');
    },
    stop: async () => {
      await browser.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      await uploads.idle().catch(() => undefined);
      await platform.stop();
      rmSync(staticDir, { recursive: true, force: true });
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

/** `Rp 1.234.567` -> 1234567; `75,0%` -> 0.75; `1.234` -> 1234; `–` -> null. Indonesian notation only. */
export function parseIndonesian(text: string): number | null {
  const clean = text.replace(/\s|\u00a0/g, '').replace('−', '-');
  if (clean === '–' || clean === '') return null;
  const percent = clean.endsWith('%');
  const digits = clean
    .replace(/^(-?)Rp/, '$1')
    .replace('%', '')
    .replace(/\./g, '')
    .replace(',', '.');
  const value = Number(digits);
  if (!Number.isFinite(value)) throw new Error(`not an Indonesian number: ${text}`);
  return percent ? value / 100 : value;
}
