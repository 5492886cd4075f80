/**
 * Sign-in on AWS: Cognito's hosted page with the OAuth 2.0 authorization-code flow and PKCE (RFC 7636),
 * as a public client without a secret. The ID token is the bearer token: it carries `cognito:groups`
 * (the role) and `custom:region` (the scope), which the API's authorizer and resolvers read.
 */
import type { CognitoAuthConfig } from '../config.js';
import { saveSession } from './session.js';

const PENDING_KEY = 'jamrep.pkce';

const redirectUri = () => `${location.origin}/auth/callback`;

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export async function beginCognitoSignIn(config: CognitoAuthConfig, returnTo: string): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(`https://${config.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** Exchanges the code of `/auth/callback` for tokens; returns where the user was going. */
export async function completeCognitoSignIn(config: CognitoAuthConfig, url: URL): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null;
  sessionStorage.removeItem(PENDING_KEY);
  const code = url.searchParams.get('code');
  if (!pending || !code || url.searchParams.get('state') !== pending.state)
    throw new Error('The sign-in response does not match a sign-in started here.');
  const response = await fetch(`https://${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`Cognito token endpoint: HTTP ${response.status}`);
  const tokens = (await response.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error('Cognito returned no ID token');
  saveSession(tokens.id_token);
  return pending.returnTo;
}

export function cognitoSignOutUrl(config: CognitoAuthConfig): string {
  const url = new URL(`https://${config.domain}/logout`);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: `${location.origin}/` }).toString();
  return url.href;
}
