/**
 * Exports kept in a local folder (`.local-exports/` by default), served by the local server under
 * `/local/exports/` (lambda/local/export-files-route.ts), the local stand-in for the exports bucket. The
 * link expires like a presigned URL: the server refuses a file once its modification time is older than
 * the TTL, and the file name is carried in the link as S3 carries it in response-content-disposition.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EXPORT_KEY_PREFIX, exportObjectKey, safeFilename, type ExportFile, type ExportStorage, type StoredExport } from './export-storage.js';

export interface LocalExportStorageOptions {
  dir: string;
  /** URL of the served folder, e.g. http://localhost:4000/local/exports */
  baseUrl: string;
  urlTtlSeconds: number;
}

export class LocalExportStorage implements ExportStorage {
  constructor(private readonly options: LocalExportStorageOptions) {}

  async store(file: ExportFile, now: Date): Promise<StoredExport> {
    const path = exportObjectKey(file, now).slice(EXPORT_KEY_PREFIX.length);
    const target = join(this.options.dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.body);
    // The same bytes exported again restart the clock, as a new presigned URL would.
    await utimes(target, now, now);
    return {
      url: `${this.options.baseUrl.replace(/\/$/, '')}/${path}?filename=${encodeURIComponent(safeFilename(file.filename))}`,
      expiresAt: new Date(now.getTime() + this.options.urlTtlSeconds * 1000),
    };
  }
}
