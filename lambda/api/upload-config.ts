/**
 * Dashboard upload settings, read once from the environment into a typed object, and the signer they
 * select: presigned PUTs on the ingestion bucket in AWS (UPLOADS_BUCKET, set by cdk/constructs/ingestion.ts),
 * the local server's upload route everywhere else. Malformed values are errors, never warnings.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { LocalUploadSigner } from '../store/local-upload-signer.js';
import { S3UploadSigner } from '../store/s3-upload-signer.js';
import type { UploadSigner } from '../store/upload-signer.js';
import { positiveInt } from './env-setting.js';

export interface UploadConfig {
  /** How long a ticket's PUT URL works. */
  ticketTtlSeconds: number;
  /**
   * After the ticket, how long an upload without a ledger entry still counts as PENDING: a file PUT at
   * the last moment may take the importer's timeout (10 minutes) times its three attempts, with S3's
   * retry delays between them.
   */
  processingGraceSeconds: number;
  /** Largest file the local route accepts (413 beyond). S3 cannot bound a presigned PUT's size. */
  maxBytes: number;
  signer: { kind: 's3'; bucket: string } | { kind: 'local'; baseUrl: string };
}

export const UPLOAD_DEFAULTS = {
  // Long enough to pick a file and send it on a slow line, short enough that a leaked URL is soon useless.
  ticketTtlSeconds: 15 * 60,
  processingGraceSeconds: 45 * 60,
  // A regency's roster of a few tens of thousands of rows is a few MB; the importer holds a file in memory.
  maxBytes: 10 * 1024 * 1024,
} as const;

/** A presigned URL signed with the function's temporary credentials dies with them anyway. */
const MAX_TICKET_TTL_SECONDS = 60 * 60;

/** Where the local server accepts uploads. */
export const LOCAL_UPLOADS_PATH = '/local/uploads';

export function loadUploadConfig(env: NodeJS.ProcessEnv = process.env): UploadConfig {
  const common = {
    ticketTtlSeconds: positiveInt(env, 'UPLOAD_URL_TTL_SECONDS', UPLOAD_DEFAULTS.ticketTtlSeconds, MAX_TICKET_TTL_SECONDS),
    processingGraceSeconds: positiveInt(env, 'UPLOAD_PROCESSING_GRACE_SECONDS', UPLOAD_DEFAULTS.processingGraceSeconds),
    maxBytes: positiveInt(env, 'UPLOAD_MAX_BYTES', UPLOAD_DEFAULTS.maxBytes),
  };
  if (env.UPLOADS_BUCKET) return { ...common, signer: { kind: 's3', bucket: env.UPLOADS_BUCKET } };
  // A Lambda function has no upload route of its own: without the bucket it is misconfigured.
  if (env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('Configuration: UPLOADS_BUCKET must be set in AWS');
  return { ...common, signer: { kind: 'local', baseUrl: (env.UPLOADS_BASE_URL ?? `http://localhost:4000${LOCAL_UPLOADS_PATH}`).replace(/\/$/, '') } };
}

export function createUploadSigner(config: UploadConfig, instrument?: (client: S3Client) => void): UploadSigner {
  return config.signer.kind === 's3' ? new S3UploadSigner({ bucket: config.signer.bucket, instrument }) : new LocalUploadSigner({ baseUrl: config.signer.baseUrl });
}

/** What every request's context carries for uploads. */
export interface UploadServices {
  config: UploadConfig;
  signer: UploadSigner;
}
