/**
 * Sign-in on AWS: Cognito's hosted page with the OAuth 2.0 authorization-code flow and PKCE (RFC 7636),
 * as a public client without a secret. The ID token is the bearer token: it carries `cognito:groups`
 * (the role) and `custom:region` (the scope), which the API's authorizer and resolvers read.
 *
 * The verifier and the state live in sessionStorage only between the redirect to Cognito and the
 * callback, and are removed when the callback is read, whatever its outcome: a callback URL is good
 * once, in the tab that started the sign-in.
 */
import type { CognitoAuthConfig } from '../config.js';
import { CALLBACK_PATH, SIGNED_OUT_PATH } from './paths.js';
import { saveSession } from './session.js';

const PENDING_KEY = 'jamrep.pkce';

interface PendingSignIn {
  verifier: string;
  state: string;
  returnTo: string;
}

/** Why a sign-in could not be completed; each has its own sentence (i18n `signInFailed...`). */
export type SignInFailure = 'STATE_MISMATCH' | 'DENIED' | 'TOKEN_REFUSED' | 'UNREACHABLE' | 'NO_ID_TOKEN';

export class CognitoSignInError extends Error {
  override readonly name = 'CognitoSignInError';
  constructor(
    readonly reason: SignInFailure,
    /** Cognito's error code (`access_denied`, `invalid_grant`) or HTTP status, when it gave one. */
    readonly code?: string,
    /** Cognito's own explanation, shown only for a response to a sign-in started here. */
    readonly description?: string,
  ) {
    super(`Cognito sign-in failed: ${reason}${code ? ` (${code})` : ''}`);
  }
}

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** S256 code challenge of a verifier: BASE64URL(SHA-256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export async function beginCognitoSignIn(config: CognitoAuthConfig, returnTo: string): Promise<void> {
  // 32 random bytes: a 43-character verifier, the shortest RFC 7636 allows, with 256 bits of entropy.
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  const pending: PendingSignIn = { verifier, state, returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(`https://${config.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: await codeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

function takePending(): PendingSignIn | null {
  let pending: PendingSignIn | null = null;
  try {
    pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as PendingSignIn | null;
  } catch {
    pending = null;
  }
  sessionStorage.removeItem(PENDING_KEY);
  return pending;
}

/** Exchanges the code of `/auth/callback` for tokens and stores the ID token; returns where the user was going. */
export async function completeCognitoSignIn(config: CognitoAuthConfig, url: URL): Promise<string> {
  const pending = takePending();
  const state = url.searchParams.get('state');
  // Not started in this tab, already used, or forged: nothing in this response is trusted, not even its error.
  if (!pending || !state || state !== pending.state) throw new CognitoSignInError('STATE_MISMATCH');
  const error = url.searchParams.get('error');
  if (error) throw new CognitoSignInError('DENIED', error, url.searchParams.get('error_description') ?? undefined);
  const code = url.searchParams.get('code');
  if (!code) throw new CognitoSignInError('DENIED', 'no_code');

  let response: Response;
  try {
    response = await fetch(`https://${config.domain}/oauth2/token`, {
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
  } catch {
    throw new CognitoSignInError('UNREACHABLE', config.domain);
  }
  const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
  if (!response.ok) {
    throw new CognitoSignInError('TOKEN_REFUSED', typeof body.error === 'string' ? body.error : `HTTP ${response.status}`);
  }
  if (typeof body.id_token !== 'string' || body.id_token === '') throw new CognitoSignInError('NO_ID_TOKEN');
  saveSession(body.id_token);
  return pending.returnTo;
}

/** Cognito's `/logout`: ends the hosted-page session too, then returns to the dashboard's start page. */
export function cognitoSignOutUrl(config: CognitoAuthConfig): string {
  const url = new URL(`https://${config.domain}/logout`);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: `${location.origin}${SIGNED_OUT_PATH}` }).toString();
  return url.href;
}
