/**
 * `PUT /local/uploads/<key>?expires=<s>&signature=<hex>`: the local stand-in for a presigned S3 PUT on the
 * ingestion bucket (lambda/store/local-upload-signer.ts signs the URLs the API hands out). Like S3, it
 * refuses with 403 a URL whose signature does not cover this exact key, this Content-Type and this
 * expiry, or that has expired; it refuses a body over the size limit with 413; it stores the file under
 * the uploads folder at its key and answers 200 before the import runs, as S3 answers the PUT before its
 * notification starts the importer. Then it runs the same per-object import the S3 handler runs
 * (lambda/ingest/import-object.ts), whose records reach the stream aggregator (and the anomaly runs
 * after it) like any import's. The dashboard polls `upload(id)` for the outcome.
 *
 * The browser PUTs cross-origin when the dashboard is served by Vite: preflight is answered for the
 * allowed origins (PUT with Content-Type), as the bucket's CORS rule does in AWS.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';
import { isUploadSignature } from '../domain/upload-signature.js';
import { parseUploadKey } from '../domain/upload-key.js';
import { importObject, type ObjectImportDeps } from '../ingest/import-object.js';
import type { ImportReport } from '../ingest/import-file.js';
import { localUploadSecret } from '../store/local-upload-signer.js';
import { UPLOAD_CONTENT_TYPE } from '../store/upload-signer.js';
import { isPreflight, preflightHeaders, withCorsHeaders, type CorsOptions } from './http-cors.js';
import type { ExtraRoute } from './http-server.js';
import { readBody } from './request-body.js';

export interface UploadRouteOptions {
  /** e.g. /local/uploads */
  path: string;
  /** Where files are stored, at their key (the local ingestion bucket). */
  dir: string;
  maxBytes: number;
  /** The dashboard origins that may PUT (the local server's CORS origins). */
  allowedOrigins: string[];
  /** What the import needs; resolved once, on the first upload. */
  importDeps: () => ObjectImportDeps | Promise<ObjectImportDeps>;
  /** Default: this process's signing secret, the one the API's local signer uses. */
  secret?: Uint8Array;
  now?: () => number;
  /** Told of each finished import (the console of `npm start`). */
  onImported?: (key: string, report: ImportReport) => void;
  onError?: (key: string, error: unknown) => void;
}

export interface UploadRoute {
  routes: ExtraRoute[];
  /** Resolves once every import started so far has finished (tests; shutdown). */
  idle(): Promise<void>;
}

/** What S3 calls the object's operator when an upload key carries no user: never used for upload keys. */
const LOCAL_DROPPER = { subject: 'local-upload' };

export function uploadRoute(options: UploadRouteOptions): UploadRoute {
  const prefix = `${options.path.replace(/\/$/, '')}/`;
  const now = options.now ?? Date.now;
  const root = resolve(options.dir);
  const cors: CorsOptions = { allowedOrigins: options.allowedOrigins, allowMethods: ['PUT'], allowHeaders: ['content-type'], exposeHeaders: ['etag'] };
  const running = new Set<Promise<void>>();
  let deps: Promise<ObjectImportDeps> | undefined;

  const text = (request: IncomingMessage, response: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) => {
    const headers = withCorsHeaders(cors, request.headers.origin, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra });
    response.writeHead(status, headers).end(body);
  };

  /** The object key of the URL, or undefined when it is not an upload key the route may store. */
  const keyOf = (pathname: string): string | undefined => {
    let key: string;
    try {
      key = pathname.slice(prefix.length).split('/').map(decodeURIComponent).join('/');
    } catch {
      return undefined;
    }
    try {
      if (!parseUploadKey(key)) return undefined;
    } catch {
      return undefined;
    }
    // The key names a file under the folder and nothing outside it.
    if (key.split('/').some((s) => s === '.' || s === '..') || !resolve(root, key).startsWith(root + sep)) return undefined;
    return key;
  };

  const put = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://local');
    const key = keyOf(url.pathname);
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature') ?? '';
    const contentType = request.headers['content-type'] ?? '';
    // S3 answers a signature that does not match the request (key, signed headers, expiry) with 403.
    const signed =
      key !== undefined &&
      Number.isSafeInteger(expires) &&
      isUploadSignature(options.secret ?? localUploadSecret(), { key, expires, contentType }, signature) &&
      contentType === UPLOAD_CONTENT_TYPE;
    if (!signed) {
      request.resume();
      return text(request, response, 403, 'SignatureDoesNotMatch: this URL is not valid for this key, Content-Type or expiry', { connection: 'close' });
    }
    if (now() > expires * 1000) {
      request.resume();
      return text(request, response, 403, 'Request has expired: ask for a new upload ticket', { connection: 'close' });
    }
    const body = await readBody(request, options.maxBytes);
    if (!body) return text(request, response, 413, `EntityTooLarge: an upload may have at most ${options.maxBytes} bytes`, { connection: 'close' });

    const target = join(root, key!);
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    await writeFile(partial, body);
    await rename(partial, target);
    text(request, response, 200, '', { etag: `"${createHash('md5').update(body).digest('hex')}"` });

    // After the answer, as the S3 notification runs the importer after the PUT has succeeded.
    const job = (async () => {
      deps ??= Promise.resolve(options.importDeps());
      const report = await importObject(key!, body, LOCAL_DROPPER, await deps);
      options.onImported?.(key!, report);
    })()
      .catch((error: unknown) => options.onError?.(key!, error))
      .finally(() => running.delete(job));
    running.add(job);
  };

  const preflight = (request: IncomingMessage, response: ServerResponse) => {
    const headers = isPreflight(request.method, request.headers) ? preflightHeaders(cors, request.headers.origin) : { vary: 'Origin' };
    response.writeHead(204, headers).end();
  };

  return {
    routes: [
      // A write: refused with 503 while the first start seeds the demo (local/seed-store.ts).
      { method: 'PUT', path: prefix, prefix: true, writes: true, handle: put },
      { method: 'OPTIONS', path: prefix, prefix: true, handle: preflight },
    ],
    idle: async () => {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
