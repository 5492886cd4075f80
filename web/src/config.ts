/**
 * Runtime configuration, read once at start from `/config.json` next to index.html. The CDK
 * deployment writes that file (the API's URL, the user pool's sign-in domain) so one build serves
 * every environment; locally the file is absent and the defaults apply: the API on the same origin at
 * `/graphql` and the local sign-in page.
 */
export interface LocalAuthConfig {
  mode: 'local';
  /** POST `{ role, region }` -> `{ token }`; only the local server has this route. */
  tokenUrl: string;
}

/** Cognito's hosted sign-in with the authorization-code flow and PKCE (a public client, no secret). */
export interface CognitoAuthConfig {
  mode: 'cognito';
  /** e.g. `jamrep-prod.auth.ap-southeast-3.amazoncognito.com` */
  domain: string;
  clientId: string;
  scopes: string[];
}

export interface AppConfig {
  graphqlUrl: string;
  auth: LocalAuthConfig | CognitoAuthConfig;
  /** The first year the period picker looks for data in. */
  earliestYear: number;
}

export const DEFAULT_CONFIG: AppConfig = {
  graphqlUrl: import.meta.env.VITE_GRAPHQL_URL ?? '/graphql',
  auth: { mode: 'local', tokenUrl: '/local/token' },
  earliestYear: 2020,
};

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/config.json', { cache: 'no-store', headers: { accept: 'application/json' } });
  // Absent locally; a CDN that answers unknown paths with index.html is "absent" too.
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return DEFAULT_CONFIG;
  return parseConfig(await response.json());
}

export function parseConfig(raw: unknown): AppConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error('config.json: expected an object');
  const value = raw as Record<string, unknown>;
  const graphqlUrl = value.graphqlUrl ?? DEFAULT_CONFIG.graphqlUrl;
  if (typeof graphqlUrl !== 'string' || graphqlUrl === '') throw new Error('config.json: graphqlUrl must be a URL');
  const earliestYear = value.earliestYear ?? DEFAULT_CONFIG.earliestYear;
  if (typeof earliestYear !== 'number' || !Number.isInteger(earliestYear)) throw new Error('config.json: earliestYear must be a year');
  return { graphqlUrl, earliestYear, auth: parseAuth(value.auth) };
}

function parseAuth(raw: unknown): AppConfig['auth'] {
  if (raw === undefined) return DEFAULT_CONFIG.auth;
  const auth = raw as Record<string, unknown>;
  if (auth.mode === 'local') {
    return { mode: 'local', tokenUrl: typeof auth.tokenUrl === 'string' ? auth.tokenUrl : '/local/token' };
  }
  if (auth.mode === 'cognito') {
    if (typeof auth.domain !== 'string' || typeof auth.clientId !== 'string') {
      throw new Error('config.json: auth.domain and auth.clientId are required in cognito mode');
    }
    const scopes = Array.isArray(auth.scopes) ? auth.scopes.filter((s): s is string => typeof s === 'string') : ['openid', 'email'];
    return { mode: 'cognito', domain: auth.domain, clientId: auth.clientId, scopes };
  }
  throw new Error('config.json: auth.mode must be "local" or "cognito"');
}
