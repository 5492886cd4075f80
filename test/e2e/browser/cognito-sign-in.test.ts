/**
 * Cognito hosted sign-in (authorization code + PKCE) in Chromium. The page gets a `/config.json` in
 * cognito mode, as the CDK deployment writes it, and runs under the Content-Security-Policy the stack's
 * CloudFront headers policy sends for that configuration. Cognito itself is played with page routes: its
 * `/oauth2/authorize` redirects back with a code once "the user has signed in", its `/oauth2/token`
 * checks the PKCE verifier against the challenge (S256) before it hands out an ID token the local API
 * accepts, and its `/logout` ends that session.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page, Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironmentConfig } from '../../../cdk/config.js';
import { dashboardConnectOrigins } from '../../../cdk/constructs/dashboard.js';
import { dashboardContentSecurityPolicy } from '../../../web/security-headers.js';
import { EXPECTED_2025, importFixture } from './fixture.js';
import { startBrowserPlatform, type BrowserPlatform, type Identity } from './support.js';

// The environment the deployment would describe, with a test prefix for the hosted sign-in domain.
const deployed = loadEnvironmentConfig('dev', { cognitoDomainPrefix: 'jamrep-browser-test' });
const COGNITO_HOST = deployed.auth.signInDomain;
const COGNITO = `https://${COGNITO_HOST}`;
const CLIENT_ID = '5exampleclient0dashboard1';
const CSP = dashboardContentSecurityPolicy({ connectOrigins: dashboardConnectOrigins(deployed) });
const PROVINCE: Identity = { role: 'PROVINCE', region: '35' };

let env: BrowserPlatform;

beforeAll(async () => {
  env = await startBrowserPlatform();
  await importFixture(env.platform);
}, 240_000);

afterAll(async () => {
  await env?.stop();
});

afterEach(() => {
  expect(env.cspViolations).toEqual([]);
});

const base64Url = (bytes: Buffer) => bytes.toString('base64url');

interface IssuedCode {
  challenge: string;
  method: string;
  clientId: string;
  redirectUri: string;
  identity: Identity;
}

/** Cognito's hosted UI and OAuth endpoints, as far as the dashboard uses them. */
class FakeCognito {
  /** Who is signed in on the hosted page; null shows the hosted sign-in form instead of redirecting back. */
  session: Identity | null = null;
  /** Answer the next authorization with a state of our own, as a forged or mixed-up callback would. */
  forgeState = false;
  readonly authorizeRequests: URL[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  readonly logoutRequests: URL[] = [];
  /** Token requests whose code_verifier matched the code's S256 challenge. */
  verifiedExchanges = 0;
  private readonly codes = new Map<string, IssuedCode>();

  constructor(private readonly appOrigin: string) {}

  async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    if (url.pathname === '/oauth2/authorize' && request.method() === 'GET') return this.authorize(route, url);
    if (url.pathname === '/oauth2/token' && request.method() === 'POST') return this.token(route, new URLSearchParams(request.postData() ?? ''));
    if (url.pathname === '/logout' && request.method() === 'GET') return this.logout(route, url);
    return route.fulfill({ status: 404, body: 'not a Cognito endpoint the dashboard should use' });
  }

  private async authorize(route: Route, url: URL): Promise<void> {
    this.authorizeRequests.push(url);
    const q = url.searchParams;
    if (q.get('client_id') !== CLIENT_ID || q.get('redirect_uri') !== `${this.appOrigin}/auth/callback`) {
      return route.fulfill({ status: 400, contentType: 'text/html', body: '<p>redirect_mismatch</p>' });
    }
    if (!this.session) {
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1 id="hosted-sign-in">Cognito sign-in</h1>' });
    }
    const code = base64Url(randomBytes(18));
    this.codes.set(code, {
      challenge: q.get('code_challenge') ?? '',
      method: q.get('code_challenge_method') ?? '',
      clientId: q.get('client_id')!,
      redirectUri: q.get('redirect_uri')!,
      identity: this.session,
    });
    const back = new URL(q.get('redirect_uri')!);
    back.search = new URLSearchParams({ code, state: this.forgeState ? base64Url(randomBytes(16)) : (q.get('state') ?? '') }).toString();
    return route.fulfill({ status: 302, headers: { location: back.href } });
  }

  private async token(route: Route, form: URLSearchParams): Promise<void> {
    this.tokenRequests.push(form);
    const code = form.get('code') ?? '';
    const issued = this.codes.get(code);
    // A code is good once.
    this.codes.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    const ok =
      issued !== undefined &&
      form.get('grant_type') === 'authorization_code' &&
      form.get('client_id') === issued.clientId &&
      form.get('redirect_uri') === issued.redirectUri &&
      issued.method === 'S256' &&
      /^[A-Za-z0-9._~-]{43,128}$/.test(verifier) &&
      base64Url(createHash('sha256').update(verifier).digest()) === issued.challenge;
    const headers = { 'access-control-allow-origin': this.appOrigin, 'cache-control': 'no-store' };
    if (!ok) return route.fulfill({ status: 400, headers, contentType: 'application/json', body: JSON.stringify({ error: 'invalid_grant' }) });
    this.verifiedExchanges += 1;
    const idToken = await env.auth.mint(issued.identity);
    return route.fulfill({
      status: 200,
      headers,
      contentType: 'application/json',
      body: JSON.stringify({ id_token: idToken, access_token: base64Url(randomBytes(24)), token_type: 'Bearer', expires_in: 3600 }),
    });
  }

  private async logout(route: Route, url: URL): Promise<void> {
    this.logoutRequests.push(url);
    this.session = null;
    const back = url.searchParams.get('logout_uri');
    if (url.searchParams.get('client_id') !== CLIENT_ID || back !== `${this.appOrigin}/`) {
      return route.fulfill({ status: 400, contentType: 'text/html', body: '<p>invalid logout_uri</p>' });
    }
    return route.fulfill({ status: 302, headers: { location: back } });
  }
}

/** A fresh browser profile whose dashboard reads config.json in cognito mode and talks to the fake Cognito. */
async function cognitoPage(): Promise<{ page: Page; cognito: FakeCognito }> {
  const context = await env.newContext();
  const page = await context.newPage();
  const appOrigin = env.server.url;
  const cognito = new FakeCognito(appOrigin);
  // Page routes run before the context's: the dashboard's documents get the CSP of the deployed stack.
  await page.route(`${appOrigin}/**`, async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  await page.route(`${appOrigin}/config.json`, (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        graphqlUrl: `${appOrigin}/graphql`,
        auth: { mode: 'cognito', domain: COGNITO_HOST, clientId: CLIENT_ID, scopes: ['openid', 'email'] },
      }),
    }),
  );
  // A same-origin page without the app, to read the dashboard's sessionStorage in this tab.
  await page.route(`${appOrigin}/__storage`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>storage</title>' }));
  await page.route(`${COGNITO}/**`, (route) => cognito.handle(route));
  return { page, cognito };
}

const onCognito = (url: URL) => url.origin === COGNITO;

async function dashboardStorage(page: Page): Promise<Record<string, string>> {
  await page.goto('/__storage');
  // A string: the test files are compiled without the DOM library.
  return page.evaluate<Record<string, string>>('Object.fromEntries(Object.entries(sessionStorage))');
}

async function figure(page: Page, id: string): Promise<string> {
  return (await page.getByTestId('province-totals').locator(`[data-figure="${id}"] dd`).innerText()).replace(/\u00a0/g, ' ');
}

async function signedIn(identity: Identity): Promise<{ page: Page; cognito: FakeCognito }> {
  const { page, cognito } = await cognitoPage();
  cognito.session = identity;
  await page.goto('/');
  // The overview, or the sentence explaining why the sign-in failed (then named in the assertion).
  await page.locator('[data-testid="overview"][data-state="ready"], [data-testid="sign-in-error"]').first().waitFor();
  expect(await page.getByTestId('sign-in-error').allInnerTexts()).toEqual([]);
  return { page, cognito };
}

describe('Cognito hosted sign-in (code + PKCE)', () => {
  it('sends an unauthenticated visitor to Cognito with the client id, the callback, an S256 challenge and a state', async () => {
    const { page, cognito } = await cognitoPage();
    await page.goto('/regency/35.09?period=2025');
    await page.waitForURL(onCognito);
    expect(await page.locator('#hosted-sign-in').innerText()).toBe('Cognito sign-in');

    expect(cognito.authorizeRequests).toHaveLength(1);
    const q = cognito.authorizeRequests[0]!.searchParams;
    expect(Object.fromEntries(q)).toMatchObject({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${env.server.url}/auth/callback`,
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    // SHA-256 in base64url: 43 characters. The state: 16 random bytes.
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Nothing else travels: no secret, no nonce we would not check, no token.
    expect([...q.keys()].sort()).toEqual(['client_id', 'code_challenge', 'code_challenge_method', 'redirect_uri', 'response_type', 'scope', 'state']);

    // The verifier stays in the tab that asked; the challenge Cognito got is its S256 hash.
    const pending = JSON.parse((await dashboardStorage(page))['jamrep.pkce']!) as { verifier: string; state: string; returnTo: string };
    expect(pending.state).toBe(q.get('state'));
    expect(base64Url(createHash('sha256').update(pending.verifier).digest())).toBe(q.get('code_challenge'));
    expect(pending.returnTo).toBe('/regency/35.09?period=2025');
    await page.context().close();
  });

  it('exchanges the code with its verifier, keeps the ID token and shows the overview with the API\'s figures', async () => {
    const { page, cognito } = await signedIn(PROVINCE);

    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).search).toBe('');
    expect(cognito.tokenRequests).toHaveLength(1);
    expect(cognito.verifiedExchanges).toBe(1);
    const p = EXPECTED_2025.province;
    expect(await figure(page, 'active')).toBe(p.active);
    expect(await figure(page, 'target')).toBe(p.target);
    expect(await figure(page, 'coverage')).toBe(p.coverage);
    expect(await figure(page, 'paid')).toBe(p.paid);
    expect(await figure(page, 'expected')).toBe(p.expected);
    expect(await figure(page, 'realization')).toBe(p.realization);
    expect(await page.getByTestId('identity').innerText()).toBe('Pemerintah provinsi · Jawa Timur');

    // The stored token is the ID token Cognito returned (role and scope read from its claims).
    const storage = await dashboardStorage(page);
    expect(storage['jamrep.pkce']).toBeUndefined();
    const session = JSON.parse(storage['jamrep.session']!) as { token: string; role: string; region: string; expiresAt: number };
    expect(session).toMatchObject({ role: 'PROVINCE', region: '35' });
    expect(session.token.split('.')).toHaveLength(3);
    await page.context().close();
  });

  it('returns to the page the visitor asked for', async () => {
    const { page, cognito } = await cognitoPage();
    cognito.session = { role: 'REGENCY', region: '35.09' };
    await page.goto('/regency/35.09?period=2025-S1');
    await page.getByTestId('regency').and(page.locator('[data-state]')).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/regency/35.09?period=2025-S1');
    expect(cognito.verifiedExchanges).toBe(1);
    await page.context().close();
  });

  it('refuses a callback whose state was not issued in this tab, says so, and starts over on request', async () => {
    const { page, cognito } = await cognitoPage();
    cognito.session = PROVINCE;
    cognito.forgeState = true;
    await page.goto('/');
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect(new URL(page.url()).pathname).toBe('/auth/callback');
    expect(await error.getAttribute('data-reason')).toBe('STATE_MISMATCH');
    expect(await error.locator('.error-sentence').innerText()).toBe(
      'Tanggapan masuk ini tidak cocok dengan proses masuk yang dimulai di tab ini, jadi ditolak. Silakan masuk kembali.',
    );
    // The code was never sent to the token endpoint, and nothing was stored.
    expect(cognito.tokenRequests).toHaveLength(0);
    expect(await page.evaluate("[sessionStorage.getItem('jamrep.session'), sessionStorage.getItem('jamrep.pkce')]")).toEqual([null, null]);
    expect(await page.getByTestId('overview').count()).toBe(0);

    // "Masuk kembali" begins a new sign-in with a new state, which completes.
    cognito.forgeState = false;
    await error.getByRole('link', { name: 'Masuk kembali' }).click();
    await page.getByTestId('overview').and(page.locator('[data-state="ready"]')).waitFor();
    expect(cognito.authorizeRequests).toHaveLength(2);
    expect(cognito.authorizeRequests[1]!.searchParams.get('state')).not.toBe(cognito.authorizeRequests[0]!.searchParams.get('state'));
    expect(cognito.verifiedExchanges).toBe(1);
    await page.context().close();
  });

  it('uses a callback URL once: opening it again is refused and keeps the session', async () => {
    const { page, cognito } = await cognitoPage();
    cognito.session = PROVINCE;
    let callback: string | undefined;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && new URL(frame.url()).pathname === '/auth/callback') callback ??= frame.url();
    });
    await page.goto('/');
    await page.getByTestId('overview').and(page.locator('[data-state="ready"]')).waitFor();
    expect(callback).toMatch(/\/auth\/callback\?code=/);

    await page.goto(callback!);
    expect(await page.getByTestId('sign-in-error').getAttribute('data-reason')).toBe('STATE_MISMATCH');
    expect(cognito.tokenRequests).toHaveLength(1);
    expect(await page.evaluate("sessionStorage.getItem('jamrep.session')")).not.toBeNull();
    await page.context().close();
  });

  it('signs out: clears the session, ends the Cognito session at its logout URL, and a later visit must sign in again', async () => {
    const { page, cognito } = await signedIn(PROVINCE);
    await page.getByRole('button', { name: 'Keluar' }).click();

    // Cognito's /logout, then back to the start page, which finds no session and asks Cognito again,
    // where nobody is signed in any more.
    await page.locator('#hosted-sign-in').waitFor();
    expect(cognito.logoutRequests).toHaveLength(1);
    expect(Object.fromEntries(cognito.logoutRequests[0]!.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: `${env.server.url}/` });
    expect(cognito.authorizeRequests).toHaveLength(2);

    // Only the new sign-in's verifier is left in the tab: no token, nothing from before.
    const storage = await dashboardStorage(page);
    expect(Object.keys(storage)).toEqual(['jamrep.pkce']);
    expect(JSON.parse(storage['jamrep.pkce']!).state).toBe(cognito.authorizeRequests[1]!.searchParams.get('state'));
    await page.context().close();
  });
});
