/**
 * The shape of `/config.json` and its parser. No DOM and no Vite here: the CDK stack, which writes the
 * file at deployment, type-checks against this same definition.
 */
export interface LocalAuthConfig {
  mode: 'local';
  /** POST `{ role, region }` -> `{ token }`; only the local server has this route. */
  tokenUrl: string;
}

/** Cognito's hosted sign-in with the authorization-code flow and PKCE (a public client, no secret). */
export interface CognitoAuthConfig {
  mode: 'cognito';
  /** Host name only, e.g. `jamrep-prod.auth.ap-southeast-3.amazoncognito.com` */
  domain: string;
  clientId: string;
  /** Must include `openid`: without it Cognito issues no ID token, and the ID token is the bearer token. */
  scopes: string[];
}

export interface AppConfig {
  graphqlUrl: string;
  auth: LocalAuthConfig | CognitoAuthConfig;
  /** The first year the period picker looks for data in. */
  earliestYear: number;
}

const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;

/** Reads a parsed config.json; keys it leaves out take `defaults`. Throws on anything malformed. */
export function parseConfigFile(raw: unknown, defaults: AppConfig): AppConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config.json: expected an object');
  const value = raw as Record<string, unknown>;
  const graphqlUrl = value.graphqlUrl ?? defaults.graphqlUrl;
  if (typeof graphqlUrl !== 'string' || graphqlUrl === '') throw new Error('config.json: graphqlUrl must be a URL');
  const earliestYear = value.earliestYear ?? defaults.earliestYear;
  if (typeof earliestYear !== 'number' || !Number.isInteger(earliestYear)) throw new Error('config.json: earliestYear must be a year');
  return { graphqlUrl, earliestYear, auth: parseAuth(value.auth, defaults.auth) };
}

function parseAuth(raw: unknown, fallback: AppConfig['auth']): AppConfig['auth'] {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'object' || raw === null) throw new Error('config.json: auth must be an object');
  const auth = raw as Record<string, unknown>;
  if (auth.mode === 'local') {
    return { mode: 'local', tokenUrl: typeof auth.tokenUrl === 'string' ? auth.tokenUrl : '/local/token' };
  }
  if (auth.mode === 'cognito') {
    if (typeof auth.domain !== 'string' || typeof auth.clientId !== 'string' || auth.clientId === '') {
      throw new Error('config.json: auth.domain and auth.clientId are required in cognito mode');
    }
    // A scheme or a path here would build URLs such as https://https://... that fail far from the cause.
    if (!HOST_NAME.test(auth.domain)) throw new Error('config.json: auth.domain must be a host name, without https:// or a path');
    const scopes = Array.isArray(auth.scopes) ? auth.scopes.filter((s): s is string => typeof s === 'string') : ['openid', 'email'];
    if (!scopes.includes('openid')) throw new Error('config.json: auth.scopes must include "openid" (the ID token is the bearer token)');
    return { mode: 'cognito', domain: auth.domain, clientId: auth.clientId, scopes };
  }
  throw new Error('config.json: auth.mode must be "local" or "cognito"');
}
