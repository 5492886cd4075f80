/**
 * The local stand-in for presigned S3 PUTs: a URL of the local server's upload route
 * (`PUT /local/uploads/<key>?expires=<s>&signature=<HMAC-SHA256>`, lambda/local/upload-route.ts), signed
 * with a secret made once per process. `npm start` runs the API handler and the route in one process,
 * so they share it; a restart makes outstanding tickets (15 minutes at most) unusable, as nothing else
 * depends on it, and the secret never touches the disk.
 */
import { randomBytes } from 'node:crypto';
import { uploadSignature } from '../domain/upload-signature.js';
import { UPLOAD_CONTENT_TYPE, type SignedUploadUrl, type UploadSigner } from './upload-signer.js';

let processSecret: Uint8Array | undefined;

/** This process's signing secret for local upload URLs. */
export function localUploadSecret(): Uint8Array {
  processSecret ??= randomBytes(32);
  return processSecret;
}

export interface LocalUploadSignerOptions {
  /** URL of the upload route, e.g. http://localhost:4000/local/uploads */
  baseUrl: string;
  secret?: Uint8Array;
}

export class LocalUploadSigner implements UploadSigner {
  constructor(private readonly options: LocalUploadSignerOptions) {}

  async signPut(key: string, now: Date, ttlSeconds: number): Promise<SignedUploadUrl> {
    const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
    const signature = uploadSignature(this.options.secret ?? localUploadSecret(), { key, expires, contentType: UPLOAD_CONTENT_TYPE });
    const path = key.split('/').map(encodeURIComponent).join('/');
    return {
      url: `${this.options.baseUrl.replace(/\/$/, '')}/${path}?expires=${expires}&signature=${signature}`,
      headers: [{ name: 'Content-Type', value: UPLOAD_CONTENT_TYPE }],
      expiresAt: new Date(expires * 1000),
    };
  }
}
