/**
 * Dashboard uploads (README, Dashboard uploads): a ticket to PUT one CSV file, the status of one's own
 * upload from the import ledger, and the CSV templates. The object key names the caller's role, scope and
 * subject from the verified token, never from arguments, so the import attributes and scopes the file
 * (lambda/ingest/import-object.ts).
 */
import { randomBytes } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { importTemplate } from '../domain/import-template.js';
import { newUploadId, readUploadId, uploadState } from '../domain/upload-id.js';
import { safeFileName, uploadKey, UPLOAD_ROLES, type UploadRole } from '../domain/upload-key.js';
import type { ImportKind as DomainImportKind } from '../domain/import-columns.js';
import type { ImportKind, Resolvers, Role } from '../generated/graphql.js';
import type { ApiContext } from './context.js';
import { checkString } from './input-limits.js';

/** The file name as typed, before safeFileName; longer names would be cut. */
export const MAX_UPLOAD_FILE_NAME = 100;

const toDomain = (kind: ImportKind) => kind.toLowerCase() as DomainImportKind;
const toSchema = (kind: DomainImportKind) => kind.toUpperCase() as ImportKind;
const invalid = (argument: string, message: string) => new DomainError('INVALID_INPUT', message, { argument });

export const uploadResolvers: Resolvers<ApiContext> = {
  Query: {
    importTemplate: (_, { kind }) => ({ kind, fileName: `${toDomain(kind)}-template.csv`, csv: importTemplate(toDomain(kind)) }),

    upload: async (_, { id }, ctx) => {
      checkString('id', id, 200);
      const read = readUploadId(id, ctx.principal.subject);
      if (!read.ok && read.reason === 'malformed') throw invalid('id', 'id is not an upload id (requestUpload returns one)');
      // Someone else's upload (or an altered id): refused the same way whatever its state.
      if (!read.ok) throw new DomainError('FORBIDDEN', 'You may only read the status of your own uploads');
      const entry = await ctx.importLedger.byImportId(id);
      if (entry && entry.subject !== ctx.principal.subject) throw new DomainError('FORBIDDEN', 'You may only read the status of your own uploads');
      if (entry) {
        ctx.trace.rows += 1;
        for (const region of entry.regions) ctx.access.touched.add(region);
      }
      const { issuedAt, kind, fileName } = read.parts;
      return {
        uploadId: id,
        state: uploadState(entry?.outcome, issuedAt, new Date(), ctx.uploads.config),
        kind: toSchema(kind),
        fileName,
        entry: entry ? { ...entry, role: (entry.role ?? null) as Role | null, scope: entry.scope ?? null } : null,
      };
    },
  },

  Mutation: {
    requestUpload: async (_, { kind, fileName }, ctx) => {
      if (fileName.trim() === '') throw invalid('fileName', 'fileName must not be empty');
      checkString('fileName', fileName, MAX_UPLOAD_FILE_NAME);
      const name = safeFileName(fileName);
      if (!name.toLowerCase().endsWith('.csv')) throw invalid('fileName', 'Only CSV files are imported: fileName must end in .csv');
      const { principal } = ctx;
      // The role table admits only these; checked again because the key's form depends on it.
      if (!(UPLOAD_ROLES as readonly string[]).includes(principal.role)) throw new DomainError('FORBIDDEN', `Role ${principal.role} may not upload`);
      const now = new Date();
      const uploadId = newUploadId({ issuedAt: now, kind: toDomain(kind), fileName: name }, principal.subject, randomBytes(8));
      let key: string;
      try {
        key = uploadKey({ kind: toDomain(kind), role: principal.role as UploadRole, scope: principal.scope, subject: principal.subject, uploadId, fileName: name });
      } catch {
        // A subject with characters an S3 key segment does not take (Cognito's are UUIDs).
        throw new DomainError('FORBIDDEN', 'Your account cannot upload: its subject cannot name an upload');
      }
      const signed = await ctx.uploads.signer.signPut(key, now, ctx.uploads.config.ticketTtlSeconds);
      return { uploadId, url: signed.url, headers: signed.headers, expiresAt: signed.expiresAt.toISOString(), key };
    },
  },

  ImportEntry: {
    // Entries recorded before row errors were kept have none.
    rowErrors: (entry) => (entry.rowErrors ?? []).map((e) => ({ line: e.line, column: e.column ?? null, reason: e.reason })),
  },
};
