/**
 * Export settings, read once from the environment into a typed object, and the storage they select: the
 * exports bucket in AWS (EXPORTS_BUCKET, set by cdk/constructs/exports.ts), a local folder served by the
 * local server everywhere else. Malformed values are errors, never warnings.
 */
import { join, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { assetRoot } from '../reference-data.js';
import type { ExportStorage } from '../store/export-storage.js';
import { LocalExportStorage } from '../store/local-export-storage.js';
import { S3ExportStorage } from '../store/s3-export-storage.js';
import { positiveInt } from './env-setting.js';

export interface ExportConfig {
  /** A CSV up to this size is returned in the response; larger ones, and every XLSX, by URL. */
  inlineMaxBytes: number;
  /** Larger results are refused (EXPORT_TOO_LARGE): the file is built in memory within the request deadline. */
  maxRows: number;
  /** How long a download link works. */
  urlTtlSeconds: number;
  storage: { kind: 's3'; bucket: string; kmsKeyArn: string | undefined } | { kind: 'local'; dir: string; baseUrl: string };
}

export const EXPORT_DEFAULTS = {
  // 1 MiB of CSV, a few MB at most once JSON-escaped: far below Lambda's 6 MB response limit, and a size
  // a browser keeps in memory without noticing. Past it a file is the better vehicle.
  inlineMaxBytes: 1024 * 1024,
  maxRows: 100_000,
  // Long enough to click, short enough that a link pasted into a chat is soon useless.
  urlTtlSeconds: 15 * 60,
} as const;

/** A presigned URL signed with the function's temporary credentials dies with them anyway. */
const MAX_URL_TTL_SECONDS = 60 * 60;

/** Where the local server serves the local exports folder. */
export const LOCAL_EXPORTS_PATH = '/local/exports';
export const LOCAL_EXPORTS_DIR = '.local-exports';

export function loadExportConfig(env: NodeJS.ProcessEnv = process.env): ExportConfig {
  const common = {
    inlineMaxBytes: positiveInt(env, 'EXPORT_INLINE_MAX_BYTES', EXPORT_DEFAULTS.inlineMaxBytes),
    maxRows: positiveInt(env, 'EXPORT_MAX_ROWS', EXPORT_DEFAULTS.maxRows),
    urlTtlSeconds: positiveInt(env, 'EXPORT_URL_TTL_SECONDS', EXPORT_DEFAULTS.urlTtlSeconds, MAX_URL_TTL_SECONDS),
  };
  if (env.EXPORTS_BUCKET) return { ...common, storage: { kind: 's3', bucket: env.EXPORTS_BUCKET, kmsKeyArn: env.EXPORTS_KMS_KEY_ARN || undefined } };
  // A Lambda function has no folder to serve files from: without the bucket it is misconfigured.
  if (env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('Configuration: EXPORTS_BUCKET must be set in AWS');
  return {
    ...common,
    storage: {
      kind: 'local',
      dir: resolve(env.EXPORTS_DIR ?? join(assetRoot(), LOCAL_EXPORTS_DIR)),
      baseUrl: (env.EXPORTS_BASE_URL ?? `http://localhost:4000${LOCAL_EXPORTS_PATH}`).replace(/\/$/, ''),
    },
  };
}

export function createExportStorage(config: ExportConfig, instrument?: (client: S3Client) => void): ExportStorage {
  const { storage, urlTtlSeconds } = config;
  return storage.kind === 's3'
    ? new S3ExportStorage({ bucket: storage.bucket, kmsKeyArn: storage.kmsKeyArn, urlTtlSeconds, instrument })
    : new LocalExportStorage({ dir: storage.dir, baseUrl: storage.baseUrl, urlTtlSeconds });
}
