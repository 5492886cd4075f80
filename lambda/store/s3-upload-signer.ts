/**
 * Presigned PUTs on the ingestion bucket (cdk/constructs/ingestion.ts): signed offline with the API
 * function's credentials, which may only put objects under `<kind>/uploads/` (so the URL can do nothing
 * else). Content-Type is a signed header, so the PUT must send exactly `text/csv`; the bucket's default
 * encryption (SSE-KMS with the data key) applies without headers from the browser.
 *
 * Loaded like the export storage's S3 client: imported on the first ticket only.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { UPLOAD_CONTENT_TYPE, type SignedUploadUrl, type UploadSigner } from './upload-signer.js';
import { lazyPresignSdk, type PresignSdk } from './s3-presign-sdk.js';

export interface S3UploadSignerOptions {
  bucket: string;
  /** Region and credentials; tests give fixed credentials. */
  clientConfig?: S3ClientConfig;
  instrument?: (client: S3Client) => void;
}

export class S3UploadSigner implements UploadSigner {
  private readonly load: () => Promise<PresignSdk>;

  constructor(private readonly options: S3UploadSignerOptions) {
    // WHEN_REQUIRED: otherwise the SDK signs a CRC32 checksum of the (empty) body into the URL, and the
    // browser's PUT of the real file fails the checksum.
    this.load = lazyPresignSdk({ maxAttempts: 3, requestChecksumCalculation: 'WHEN_REQUIRED', ...options.clientConfig }, options.instrument);
  }

  async signPut(key: string, now: Date, ttlSeconds: number): Promise<SignedUploadUrl> {
    const { client, s3, getSignedUrl } = await this.load();
    const command = new s3.PutObjectCommand({ Bucket: this.options.bucket, Key: key, ContentType: UPLOAD_CONTENT_TYPE });
    // The presigner leaves content-type unsigned by default; signing it fixes the type of the upload.
    const url = await getSignedUrl(client, command, { expiresIn: ttlSeconds, signingDate: now, signableHeaders: new Set(['content-type']) });
    return { url, headers: [{ name: 'Content-Type', value: UPLOAD_CONTENT_TYPE }], expiresAt: new Date(now.getTime() + ttlSeconds * 1000) };
  }
}
