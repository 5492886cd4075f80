/**
 * Runtime configuration, read once at start from `/config.json` next to index.html. The CDK
 * deployment writes that file (the API's URL, the user pool's sign-in domain) so one build serves
 * every environment; the local server answers it too (lambda/local/config-route.ts: the API on the same
 * origin at `/graphql`, the local sign-in page). Where it is absent (a plain static host) the same
 * defaults apply. Its shape and parser are in config-file.ts.
 */
import { parseConfigFile, type AppConfig } from './config-file.js';

export type { AppConfig, CognitoAuthConfig, LocalAuthConfig } from './config-file.js';

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
  return parseConfigFile(raw, DEFAULT_CONFIG);
}
