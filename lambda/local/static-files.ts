/** Serving a built web client from a folder, with `index.html` for client-side routes. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * Answers a GET or HEAD from `dir`. A path without a file falls back to `index.html` when a page is
 * asked for (a browser navigation accepts text/html; a path without extension), so a missing script or
 * image is a 404 rather than an HTML page, while routes such as `/regions/35.09` still reach the client.
 */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, dir: string): Promise<void> {
  const root = resolve(dir);
  const pathname = (request.url ?? '/').split('?')[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return sendText(response, 400, 'Bad Request');
  }
  const target = resolve(root, `.${decoded}`);
  if (target !== root && !target.startsWith(root + sep)) return sendText(response, 404, 'Not Found');

  let file = await regularFile(target);
  if (!file) file = await regularFile(join(target, 'index.html'));
  const wantsPage = extname(decoded) === '' || (request.headers.accept ?? '').includes('text/html');
  if (!file && wantsPage) file = await regularFile(join(root, 'index.html'));
  if (!file) return sendText(response, 404, 'Not Found');

  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': String(file.size),
    // A development server: always revalidate, so a rebuilt client is picked up on reload.
    'cache-control': 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(file.path);
    stream.once('error', () => {
      response.destroy();
      done();
    });
    stream.once('end', done);
    stream.pipe(response);
  });
}

async function regularFile(path: string): Promise<{ path: string; size: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}
