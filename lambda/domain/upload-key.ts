/**
 * The S3 object key of a dashboard upload, which carries who uploaded it and with which scope:
 * `<kind>/uploads/<role>/<scope or ALL>/<subject>/<uploadId>/<file name>`.
 *
 * Why in the key: the S3 import handler gets only the bucket and key in its event, and the presigned PUT
 * that the API hands out is bound to one exact key, so the browser cannot change the attribution or the
 * scope without invalidating the signature. Keys outside `<kind>/uploads/` are operator drops and keep
 * their old treatment (attributed to the S3 principal, no scope check). Pure: no AWS imports.
 */
import { IMPORT_KINDS, type ImportKind } from './import-columns.js';

export const UPLOAD_FOLDER = 'uploads';
/** Roles that may upload; the GraphQL layer enforces it, the parser refuses keys naming any other. */
export const UPLOAD_ROLES = ['MINISTRY', 'PROVINCE', 'REGENCY'] as const;
export type UploadRole = (typeof UPLOAD_ROLES)[number];
/** Key segment for "no region restriction" (MINISTRY). */
export const ALL_REGIONS = 'ALL';

export interface UploadKeyParts {
  kind: ImportKind;
  role: UploadRole;
  /** Region code the uploader is restricted to; undefined = the whole country. */
  scope: string | undefined;
  subject: string;
  uploadId: string;
  fileName: string;
}

// 160: an upload id carries the file name (up to 100 characters) besides its time and tags (upload-id.ts).
const SEGMENT = /^[A-Za-z0-9._:@+-]{1,160}$/;
const REGION = /^\d{2}(\.\d{2}){0,2}$/;

/**
 * A file name reduced to characters safe in an S3 key and a URL path (letters, digits, `.`, `_`, `-`),
 * at most 100 characters; what the user typed is never trusted as a path (no `/`, no `..`).
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(-100);
  return cleaned === '' ? 'upload.csv' : cleaned;
}

export function uploadKey(parts: UploadKeyParts): string {
  for (const [name, value] of [['subject', parts.subject], ['uploadId', parts.uploadId]] as const) {
    if (!SEGMENT.test(value)) throw new Error(`upload key: ${name} has characters not allowed in a key segment`);
  }
  if (parts.scope !== undefined && !REGION.test(parts.scope)) throw new Error('upload key: scope must be a region code');
  return [parts.kind, UPLOAD_FOLDER, parts.role, parts.scope ?? ALL_REGIONS, parts.subject, parts.uploadId, safeFileName(parts.fileName)].join('/');
}

/**
 * The parts of an upload key, or undefined when the key is not under `<kind>/uploads/` (an operator drop).
 * A key under `uploads/` that does not have the exact form throws: it cannot be attributed, so it must
 * not be imported as if an operator had dropped it.
 */
export function parseUploadKey(key: string): UploadKeyParts | undefined {
  const segments = key.split('/');
  if (segments[1] !== UPLOAD_FOLDER) return undefined;
  const [kind, , role, scope, subject, uploadId, fileName, ...rest] = segments;
  const fail = (why: string): never => {
    throw new Error(`${key}: not a valid upload key (${why}); expected <kind>/uploads/<role>/<scope|ALL>/<subject>/<uploadId>/<file>`);
  };
  if (rest.length > 0 || fileName === undefined) fail('wrong number of segments');
  if (!(IMPORT_KINDS as readonly string[]).includes(kind!)) fail('unknown kind');
  if (!(UPLOAD_ROLES as readonly string[]).includes(role!)) fail('role may not upload');
  if (scope !== ALL_REGIONS && !REGION.test(scope!)) fail('scope is not a region code');
  if (!SEGMENT.test(subject!) || !SEGMENT.test(uploadId!)) fail('subject or upload id has invalid characters');
  if (safeFileName(fileName!) !== fileName) fail('file name is not in safe form');
  // A PROVINCE or REGENCY user always has a scope; only MINISTRY may carry ALL.
  if ((scope === ALL_REGIONS) !== (role === 'MINISTRY')) fail('scope does not match the role');
  return {
    kind: kind as ImportKind,
    role: role as UploadRole,
    scope: scope === ALL_REGIONS ? undefined : scope,
    subject: subject!,
    uploadId: uploadId!,
    fileName: fileName!,
  };
}
