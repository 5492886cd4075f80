/**
 * The local stand-in for a presigned S3 PUT (lambda/store/local-upload-signer.ts signs, the local server's
 * upload route verifies): HMAC-SHA256 over the method, the exact object key, the expiry and the
 * Content-Type, so a URL is good for one key, one content type and a limited time, as a SigV4 presigned
 * URL is. Pure: the secret is passed in.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedPut {
  key: string;
  /** Seconds since the epoch after which the URL is refused. */
  expires: number;
  contentType: string;
}

export function uploadSignature(secret: Uint8Array, put: SignedPut): string {
  return createHmac('sha256', secret).update(`PUT\n${put.key}\n${put.expires}\n${put.contentType}`).digest('hex');
}

/** True when `signature` is the one of `put` (compared in constant time). */
export function isUploadSignature(secret: Uint8Array, put: SignedPut, signature: string): boolean {
  const expected = Buffer.from(uploadSignature(secret, put), 'hex');
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
