/** What every resolver receives: the request's identity and the data-access objects, built per request. */
import type { RegionCatalog } from '../domain/regions.js';
import type { ReferenceData } from '../reference-data.js';
import type { Access } from '../plan/scope.js';
import type { AggregationJournal } from '../store/aggregation-journal.js';
import type { AnomalyStore } from '../store/anomaly-store.js';
import type { PeriodCloseStore } from '../store/period-close-store.js';
import type { AuditLog } from '../store/audit-log.js';
import type { ImportLedger } from '../store/import-ledger.js';
import type { ParticipantIndex } from '../store/participant-index.js';
import type { ReadCounter, RollupStore } from '../store/rollup-store.js';
import type { ExportServices } from './export-services.js';
import type { Principal } from './principal.js';
import type { UploadServices } from './upload-config.js';

/** What the audit log records about the request beyond its identity, filled in while it runs. */
export interface RequestTrace {
  operationName: string | null;
  queryHash: string | null;
  /** Rows, entries or participants returned by the root fields. */
  rows: number;
  /** `extensions.code` of every error in the response. */
  errorCodes: string[];
}

export interface ApiContext {
  requestId: string;
  principal: Principal;
  /** The principal's scope and suppression, and the regions read: every statistics query takes it. */
  access: Access;
  regions: RegionCatalog;
  rollups: RollupStore;
  journal: AggregationJournal;
  anomalies: AnomalyStore;
  closes: PeriodCloseStore;
  /** Audit configuration: anomaly rules and reconciliation flags. */
  thresholds: ReferenceData['thresholds'];
  /** Who the figures are for, as exports print it (role and region scope). */
  scopeLabel: string;
  participants: ParticipantIndex;
  auditLog: AuditLog;
  importLedger: ImportLedger;
  /** Export settings and where files too large to return inline are kept (S3 in AWS, a folder locally). */
  exports: ExportServices;
  /** Upload settings and the signer of upload URLs (S3 presigned PUTs in AWS, the local route otherwise). */
  uploads: UploadServices;
  /** DynamoDB reads of this request (requests, items, capacity), for the benchmark and the logs. */
  reads: ReadCounter;
  trace: RequestTrace;
}
