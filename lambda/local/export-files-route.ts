/**
 * `GET /local/exports/<date>/<sha256>.<csv|xlsx>?filename=...`: the local stand-in for a presigned S3 GET
 * of an export (lambda/store/local-export-storage.ts writes the files). Only names of that exact form are
 * served, only from the exports folder, and only until the link's TTL has passed since the file was
 * written (then 410, as S3 answers an expired link with 403). The download name comes from the link, as
 * S3 takes it from response-content-disposition.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { contentDisposition, EXPORT_FILE_PATH } from '../store/export-storage.js';
import type { ExtraRoute } from './http-server.js';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export interface ExportFilesRouteOptions {
  /** e.g. /local/exports */
  path: string;
  dir: string;
  urlTtlSeconds: number;
  now?: () => number;
}

export function exportFilesRoute(options: ExportFilesRouteOptions): ExtraRoute {
  const prefix = `${options.path.replace(/\/$/, '')}/`;
  const now = options.now ?? Date.now;
  return {
    method: 'GET',
    path: prefix,
    prefix: true,
    handle: async (request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? '/', 'http://local');
      const name = url.pathname.slice(prefix.length);
      const match = EXPORT_FILE_PATH.exec(name);
      if (!match) return text(response, 404, 'Not Found');
      const file = join(options.dir, name);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) return text(response, 404, 'Not Found');
      if (now() - info.mtimeMs > options.urlTtlSeconds * 1000) return text(response, 410, 'This export link has expired; export again');
      const extension = match[1] as keyof typeof CONTENT_TYPES;
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extension],
        'content-length': String(info.size),
        'content-disposition': contentDisposition(url.searchParams.get('filename') ?? name.replace('/', '-')),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      createReadStream(file).pipe(response);
    },
  };
}

function text(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(body);
}
