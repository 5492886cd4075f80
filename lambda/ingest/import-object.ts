/**
 * The import of one object of the ingestion bucket, by its key: the kind from the first folder, the
 * attribution and scope from an upload key (`<kind>/uploads/...`, domain/upload-key.ts), then the one
 * import module with the ledger. The S3 handler runs it after fetching the bytes; the local server's
 * upload route runs it after storing them, so a local upload is imported exactly as in AWS.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ImportSubject } from '../domain/import-ledger-entry.js';
import type { RegionCatalog } from '../domain/regions.js';
import { parseUploadKey } from '../domain/upload-key.js';
import { IMPORT_KINDS, type ImportKind } from '../domain/validation.js';
import type { ImportLedger } from '../store/import-ledger.js';
import { importFile, type ImportReport } from './import-file.js';

export interface ObjectImportDeps {
  ddb: DynamoDBClient;
  recordsTable: string;
  regions: RegionCatalog;
  nikHashKey: string;
  ledger: ImportLedger;
}

export function kindOfKey(key: string): ImportKind | undefined {
  const folder = key.split('/')[0] ?? '';
  return (IMPORT_KINDS as readonly string[]).includes(folder) ? (folder as ImportKind) : undefined;
}

export interface Attribution {
  who: ImportSubject;
  scope: string | undefined;
  importId?: string;
  /** The name the ledger and error reports give the file: an upload's own file name, else the key. */
  fileName: string;
}

/**
 * Whom an object is attributed to and the scope its rows must lie in: a dashboard upload names the
 * signed-in user in its key; any other key is an operator drop, attributed to `dropper` (the S3
 * principal) with no scope restriction.
 */
export function attributionOf(key: string, dropper: ImportSubject): Attribution {
  const upload = parseUploadKey(key);
  if (!upload) return { who: dropper, scope: undefined, fileName: key };
  // The uploader's name for the file is what an auditor recognises; the import id leads to the key.
  return { who: { subject: upload.subject, role: upload.role, scope: upload.scope }, scope: upload.scope, importId: upload.uploadId, fileName: upload.fileName };
}

/**
 * Imports the object's bytes. Throws for a key outside the import folders and for a malformed upload
 * key (neither can be attributed); a rejected file is a report with errors, recorded in the ledger.
 */
export async function importObject(key: string, bytes: Uint8Array, dropper: ImportSubject, deps: ObjectImportDeps): Promise<ImportReport> {
  const kind = kindOfKey(key);
  if (!kind) throw new Error(`${key}: the first folder must be one of ${IMPORT_KINDS.join(', ')}`);
  const { who, scope, importId, fileName } = attributionOf(key, dropper);
  return importFile(kind, fileName, bytes, {
    ledger: { store: deps.ledger, who, importId },
    scope,
    ddb: deps.ddb,
    recordsTable: deps.recordsTable,
    regions: deps.regions,
    nikHashKey: deps.nikHashKey,
  });
}
