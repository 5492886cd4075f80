/**
 * Where exports too large to return inline are kept for download: S3 in AWS, a local folder served by the
 * local server otherwise. Both name a file by the day it was made and the SHA-256 of its bytes, so two
 * exports never overwrite each other with different content, and a name cannot be guessed without the file.
 */
import { createHash } from 'node:crypto';

export type ExportExtension = 'csv' | 'xlsx';

export interface ExportFile {
  /** The name the download is saved under (Content-Disposition). */
  filename: string;
  extension: ExportExtension;
  contentType: string;
  body: Buffer;
}

export interface StoredExport {
  url: string;
  expiresAt: Date;
}

export interface ExportStorage {
  /** Stores the file and returns a link that works until `expiresAt` and not after. */
  store(file: ExportFile, now: Date): Promise<StoredExport>;
}

/** `exports/<YYYY-MM-DD>/<sha256 of the file>.<ext>`: the S3 key; locally the path under the exports folder. */
export function exportObjectKey(file: Pick<ExportFile, 'body' | 'extension'>, now: Date): string {
  return `${EXPORT_KEY_PREFIX}${now.toISOString().slice(0, 10)}/${createHash('sha256').update(file.body).digest('hex')}.${file.extension}`;
}

export const EXPORT_KEY_PREFIX = 'exports/';

/** The part of a key after the prefix, as the local server accepts it in a URL (nothing else is served). */
export const EXPORT_FILE_PATH = /^\d{4}-\d{2}-\d{2}\/[0-9a-f]{64}\.(csv|xlsx)$/;

/** A download file name safe in a header and on any file system; anything else is replaced. */
export function safeFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned || 'jamrep-export';
}

export function contentDisposition(filename: string): string {
  return `attachment; filename="${safeFilename(filename)}"`;
}
