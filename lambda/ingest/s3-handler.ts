/**
 * Lambda handler for import files arriving in S3 (`<kind>/<name>.csv`, or a dashboard upload under
 * `<kind>/uploads/<role>/<scope>/<subject>/<uploadId>/<file>`): same import module as the CLI.
 * A rejected file is reported in the logs with line, column and reason (never the values) and in the
 * FilesRejected metric; an operator drop's rejection also makes the invocation fail, so it is visible in
 * the function's error metric and alarm. A dashboard upload's does not (the uploader reads it from
 * upload(id); retries could not change it).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import type { ImportSubject } from '../domain/import-ledger-entry.js';
import { ImportLedger } from '../store/import-ledger.js';
import { formatRowError, IMPORT_KINDS } from '../domain/validation.js';
import { loadAuditTableName, requireNikHashKey } from '../config.js';
import { powertools } from '../observability.js';
import { getRuntime } from '../runtime.js';
import { parseUploadKey } from '../domain/upload-key.js';
import { importObject, kindOfKey } from './import-object.js';

const { logger, metrics } = powertools('jamrep-importer');
const s3 = new S3Client({});

/** Whom an S3 upload is attributed to when no user signed in: the principal S3 names in the event. */
export function s3Subject(record: S3EventRecord): ImportSubject {
  return { subject: `s3:${record.userIdentity?.principalId ?? 'unknown'}` };
}

export const handler = async (event: S3Event): Promise<void> => {
  const { config, ddb, reference } = await getRuntime();
  const deps = { ddb, recordsTable: config.recordsTable, regions: reference.regions, nikHashKey: requireNikHashKey(config), ledger: new ImportLedger(ddb, loadAuditTableName()) };
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    // Checked before the object is fetched: a key outside the import folders is never read.
    if (!kindOfKey(key)) throw new Error(`s3://${bucket}/${key}: the first folder must be one of ${IMPORT_KINDS.join(', ')}`);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await object.Body!.transformToByteArray();
    const report = await importObject(key, bytes, s3Subject(record), deps);
    if (report.errors.length > 0) {
      metrics.addMetric('FilesRejected', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
      logger.error('import rejected', { file: key, importId: report.ledgerEntry?.importId, sha256: report.sha256, rows: report.rows, errors: report.errors.slice(0, 500).map(formatRowError) });
      // A dashboard upload's rejection is the uploader's to fix, and they see it (upload(id)): once it is
      // in the ledger, retrying cannot change it and the failure queue's alarm is for operators.
      if (parseUploadKey(key) && report.ledgerEntry) continue;
      throw new Error(`${key}: ${report.errors.length} error(s); nothing was written`);
    }
    logger.info('import done', { file: key, importId: report.ledgerEntry?.importId, sha256: report.sha256, rows: report.rows, written: report.written, unchanged: report.unchanged });
    metrics.addMetric('RowsImported', MetricUnit.Count, report.rows);
    metrics.addMetric('RecordsWritten', MetricUnit.Count, report.written);
    metrics.publishStoredMetrics();
  }
};
