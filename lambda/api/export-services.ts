/** Export settings and storage, carried by every request's context (context.ts) and used by exports.ts. */
import type { ExportStorage } from '../store/export-storage.js';
import type { ExportConfig } from './export-config.js';

/** What every request's context carries for exports: settings, and where URL-delivered files go. */
export interface ExportServices {
  config: ExportConfig;
  storage: ExportStorage;
}
