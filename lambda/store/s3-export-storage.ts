/**
 * Exports kept in the exports bucket (cdk/constructs/exports.ts): written with server-side encryption and
 * Content-Disposition, handed out as a presigned GET that expires after a short time. The bucket's
 * lifecycle deletes the objects a day later; nothing lists or reads them otherwise.
 *
 * The S3 client and the presigner are imported on the first URL export only: the API bundle leaves them
 * out of index.mjs and ships them pre-bundled beside it (cdk/bundling.ts), so requests that never export a
 * large file do not pay for loading them.
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { contentDisposition, exportObjectKey, type ExportFile, type ExportStorage, type StoredExport } from './export-storage.js';
import { lazyPresignSdk, type PresignSdk } from './s3-presign-sdk.js';

export interface S3ExportStorageOptions {
  bucket: string;
  /** The bucket's KMS key: objects are written SSE-KMS under it. Without one, SSE-S3. */
  kmsKeyArn: string | undefined;
  urlTtlSeconds: number;
  /** Region and credentials; tests give fixed credentials and a request handler that never reaches the network. */
  clientConfig?: S3ClientConfig;
  /** Called once with the client (X-Ray capture). */
  instrument?: (client: S3Client) => void;
}

export class S3ExportStorage implements ExportStorage {
  private readonly load: () => Promise<PresignSdk>;

  constructor(private readonly options: S3ExportStorageOptions) {
    this.load = lazyPresignSdk({ maxAttempts: 3, ...options.clientConfig }, options.instrument);
  }

  async store(file: ExportFile, now: Date): Promise<StoredExport> {
    const { client, s3 } = await this.load();
    const key = exportObjectKey(file, now);
    await client.send(
      new s3.PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: file.body,
        ContentType: file.contentType,
        ContentDisposition: contentDisposition(file.filename),
        CacheControl: 'no-store',
        ...(this.options.kmsKeyArn
          ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: this.options.kmsKeyArn, BucketKeyEnabled: true }
          : { ServerSideEncryption: 'AES256' as const }),
      }),
    );
    return { url: await this.presignGet(key, file, now), expiresAt: new Date(now.getTime() + this.options.urlTtlSeconds * 1000) };
  }

  /**
   * A GET of `key` signed with the function's credentials, valid for the TTL from `now` (computed offline).
   * The response headers are part of the signature, so the link always downloads as the named file.
   */
  async presignGet(key: string, file: Pick<ExportFile, 'filename' | 'contentType'>, now: Date): Promise<string> {
    const { client, s3, getSignedUrl } = await this.load();
    const command = new s3.GetObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(file.filename),
      ResponseContentType: file.contentType,
    });
    return getSignedUrl(client, command, { expiresIn: this.options.urlTtlSeconds, signingDate: now });
  }
}
