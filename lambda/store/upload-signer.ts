/**
 * Where the API gets the URL a browser PUTs an upload to: a presigned S3 PUT on the ingestion bucket in
 * AWS (s3-upload-signer.ts), a signed URL of the local server otherwise (local-upload-signer.ts). Either
 * URL is bound to one exact object key and to the Content-Type below, and expires.
 */

/** The one Content-Type an upload is signed for; the PUT must send exactly this. */
export const UPLOAD_CONTENT_TYPE = 'text/csv';

export interface SignedUploadUrl {
  url: string;
  /** Headers the PUT must send exactly. */
  headers: Array<{ name: string; value: string }>;
  expiresAt: Date;
}

export interface UploadSigner {
  /** A PUT URL for `key`, valid `ttlSeconds` from `now`. */
  signPut(key: string, now: Date, ttlSeconds: number): Promise<SignedUploadUrl>;
}
