/** The API request path built with a test's own options (production mode, deadlines, failing stores). */
import { createApiHandler, type ApiHandler, type SharedContext } from '../../lambda/api/api-handler.js';
import { createExportStorage, loadExportConfig } from '../../lambda/api/export-config.js';
import { loadSecurityConfig, type SecurityConfig } from '../../lambda/api/security-config.js';
import { createUploadSigner, loadUploadConfig } from '../../lambda/api/upload-config.js';
import { createServer } from '../../lambda/api/server.js';
import { AggregationJournal } from '../../lambda/store/aggregation-journal.js';
import { AnomalyStore } from '../../lambda/store/anomaly-store.js';
import { ImportLedger } from '../../lambda/store/import-ledger.js';
import { AuditLog } from '../../lambda/store/audit-log.js';
import { PeriodCloseStore } from '../../lambda/store/period-close-store.js';
import { ParticipantIndex } from '../../lambda/store/participant-index.js';
import { RollupStore } from '../../lambda/store/rollup-store.js';
import type { TestPlatform } from './platform.js';

export interface BuiltHandler {
  handler: ApiHandler;
  /** What the handler logged (message and details), in order. */
  logged: Array<{ level: string; message: string; details: Record<string, unknown> }>;
}

export function buildApiHandler(
  platform: TestPlatform,
  options: { production?: boolean; security?: Partial<SecurityConfig>; shared?: Partial<SharedContext> } = {},
): BuiltHandler {
  const { runtime } = platform;
  const security = { ...loadSecurityConfig(), ...options.security };
  const logged: BuiltHandler['logged'] = [];
  const handler = createApiHandler({
    server: createServer({ production: options.production ?? false, log: (message, details) => logged.push({ level: 'error', message, details }) }),
    security,
    shared: {
      regions: runtime.reference.regions,
      rollups: new RollupStore(runtime.ddb, runtime.config.statsTable),
      journal: new AggregationJournal(runtime.ddb, runtime.config.statsTable),
      anomalies: new AnomalyStore(runtime.ddb, runtime.config.statsTable),
      closes: new PeriodCloseStore(runtime.ddb, runtime.config.statsTable),
      thresholds: runtime.reference.thresholds,
      participants: new ParticipantIndex(runtime.ddb, runtime.config.recordsTable),
      auditLog: new AuditLog(runtime.ddb, security.auditTable),
      importLedger: new ImportLedger(runtime.ddb, security.auditTable),
      exports: { config: loadExportConfig(), storage: createExportStorage(loadExportConfig()) },
      uploads: { config: loadUploadConfig(), signer: createUploadSigner(loadUploadConfig()) },
      ...options.shared,
    },
    log: {
      error: (message, details) => logged.push({ level: 'error', message, details }),
      info: (message, details) => logged.push({ level: 'info', message, details }),
    },
  });
  return { handler, logged };
}
