/**
 * `GET /config.json` on the local server: the dashboard's runtime configuration, as the deployment writes
 * it next to index.html in the dashboard bucket (cdk/constructs/dashboard.ts), but for the local platform:
 * the API on this origin and the local sign-in route instead of Cognito's hosted sign-in. Served by the
 * server rather than written into web/dist, so the one build works for both and the file always names the
 * routes this server really has.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig, LocalAuthConfig } from '../../web/src/config-file.js';
import type { ExtraRoute } from './http-server.js';

export const CONFIG_ROUTE_PATH = '/config.json';

/** The same keys as the deployed file (`graphqlUrl`, `auth`), with `auth.mode` local. */
export type LocalRuntimeConfig = Pick<AppConfig, 'graphqlUrl'> & { readonly auth: LocalAuthConfig };

export function localRuntimeConfig(options: { apiPath: string; tokenPath: string }): LocalRuntimeConfig {
  // Paths, not absolute URLs: the Vite dev server (5173) proxies them to this server, so one file serves both.
  return { graphqlUrl: options.apiPath, auth: { mode: 'local', tokenUrl: options.tokenPath } };
}

/** GET and HEAD of `/config.json`, uncached as the deployment uploads it (`no-cache`). */
export function configRoutes(config: LocalRuntimeConfig): ExtraRoute[] {
  const body = Buffer.from(JSON.stringify(config), 'utf8');
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length), 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  return [
    { method: 'GET', path: CONFIG_ROUTE_PATH, handle },
    { method: 'HEAD', path: CONFIG_ROUTE_PATH, handle },
  ];
}
