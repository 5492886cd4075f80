/**
 * The S3 client and presigner, imported on first use: about 0.5 MB that only exports by URL and upload
 * tickets need, so the API's cold start does not pay for them (README, cold start). One client per
 * caller, created with the caller's settings and instrumented once (X-Ray capture).
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

export type PresignSdk = {
  client: S3Client;
  s3: typeof import('@aws-sdk/client-s3');
  getSignedUrl: (typeof import('@aws-sdk/s3-request-presigner'))['getSignedUrl'];
};

/** A CommonJS module imported from ESM may arrive as its `default` (the pre-bundled copies do). */
const interop = <T extends object>(mod: T): T => (mod as T & { default?: T }).default ?? mod;

/** A loader that imports the SDK and builds the client once, on its first call. */
export function lazyPresignSdk(config: S3ClientConfig, instrument?: (client: S3Client) => void): () => Promise<PresignSdk> {
  let sdk: Promise<PresignSdk> | undefined;
  return () =>
    (sdk ??= (async () => {
      const s3 = interop(await import('@aws-sdk/client-s3'));
      const { getSignedUrl } = interop(await import('@aws-sdk/s3-request-presigner'));
      const client = new s3.S3Client(config);
      instrument?.(client);
      return { client, s3, getSignedUrl };
    })());
}
