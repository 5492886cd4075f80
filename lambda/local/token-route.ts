/**
 * `POST /local/token {"role":"REGENCY","region":"35.09"}` -> `{"token":"..."}` on the local server: the
 * sign-in of the local dashboard, doing what `npm run token` does. Local only, like the key it signs
 * with. It answers no CORS preflight and requires a JSON body, so a page from another origin cannot
 * obtain a token through the user's browser.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRole } from '../plan/scope.js';
import { signDevToken } from './dev-token.js';
import type { ExtraRoute } from './http-server.js';

export const TOKEN_ROUTE_PATH = '/local/token';
const MAX_BODY = 1024;

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

export function devTokenRoute(key: Uint8Array): ExtraRoute {
  return {
    method: 'POST',
    path: TOKEN_ROUTE_PATH,
    async handle(request, response) {
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) return reply(response, 415, { message: 'Send {"role": ..., "region": ...} as application/json' });
      let body: { role?: unknown; region?: unknown; sub?: unknown };
      try {
        body = (await readJson(request)) as typeof body;
      } catch {
        return reply(response, 400, { message: 'The body must be a small JSON object' });
      }
      const role = typeof body?.role === 'string' ? body.role.toUpperCase() : '';
      const region = typeof body.region === 'string' && body.region !== '' ? body.region : undefined;
      if (!isRole(role)) return reply(response, 400, { message: 'role must be MINISTRY, PROVINCE, REGENCY, AUDITOR or PUBLIC' });
      if ((role === 'PROVINCE' || role === 'REGENCY') && !region) return reply(response, 400, { message: `${role} needs a region` });
      const subject = typeof body.sub === 'string' && body.sub.length <= 64 ? body.sub : undefined;
      return reply(response, 200, { token: await signDevToken(key, { role, region, subject }) });
    },
  };
}
