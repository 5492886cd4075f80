/**
 * A request body read up to a size limit, for the local server's API route and its upload route (which
 * answer 413 above it, as API Gateway and S3 do).
 */
import type { IncomingMessage } from 'node:http';

/** The body, or undefined when it is larger than `limit` (the rest is read and dropped). */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      // Answer at once, and read the upload away so the client gets the 413 instead of a reset connection.
      request.resume();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.once('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    request.once('error', reject);
  });
}
