/**
 * The id of a dashboard upload, which carries everything `upload(id)` needs before the file's import has
 * recorded anything, so no ticket is stored anywhere:
 *
 *   `<issue time, ms since epoch, base 36>-<kind letter>-<16 hex random>-<16 hex owner tag>-<file name>`
 *
 * - the issue time tells PENDING (the ticket, plus a processing grace, may still bring a file) from
 *   EXPIRED (it can no longer);
 * - the kind and the file name are what the status reports while no ledger entry exists;
 * - the random part makes the id unguessable;
 * - the owner tag is SHA-256 over the uploader's subject and the rest of the id: only the subject the id
 *   was issued to recomputes it, so someone else's id is refused in every state. It needs no secret: it
 *   does not prove the server issued the id (an id nobody issued simply has no entry), it binds it to one
 *   subject, and the ledger entry's own subject is checked as well.
 *
 * Pure: no AWS imports, the random bytes are passed in.
 */
import { createHash } from 'node:crypto';
import { IMPORT_KINDS, type ImportKind } from './import-columns.js';

const KIND_LETTERS: Record<ImportKind, string> = { participants: 'P', contributions: 'C', claims: 'K', budgets: 'B', targets: 'T' };
const KIND_OF_LETTER = Object.fromEntries(Object.entries(KIND_LETTERS).map(([k, l]) => [l, k as ImportKind])) as Record<string, ImportKind>;
for (const kind of IMPORT_KINDS) if (!KIND_LETTERS[kind]) throw new Error(`upload-id: no letter for kind ${kind}`);

const FORM = /^([0-9a-z]{1,11})-([A-Z])-([0-9a-f]{16})-([0-9a-f]{16})-([A-Za-z0-9._-]{1,100})$/;

export interface UploadIdParts {
  issuedAt: Date;
  kind: ImportKind;
  /** Already in safe form (upload-key.ts safeFileName). */
  fileName: string;
}

function ownerTag(subject: string, core: string): string {
  return createHash('sha256').update(`jamrep-upload-id\n${subject}\n${core}`).digest('hex').slice(0, 16);
}

/** `random`: 8 random bytes (crypto.randomBytes), whose hex is the id's unguessable part. */
export function newUploadId(parts: UploadIdParts, subject: string, random: Uint8Array): string {
  if (random.length !== 8) throw new Error('upload-id: 8 random bytes are needed');
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(parts.fileName)) throw new Error('upload-id: the file name must be in safe form');
  const time = parts.issuedAt.getTime().toString(36);
  const core = `${time}-${KIND_LETTERS[parts.kind]}-${Buffer.from(random).toString('hex')}`;
  return `${core}-${ownerTag(subject, `${core}-${parts.fileName}`)}-${parts.fileName}`;
}

export type ReadUploadId =
  | { ok: true; parts: UploadIdParts }
  /** `malformed`: not an upload id at all; `not-yours`: issued to another subject (or altered). */
  | { ok: false; reason: 'malformed' | 'not-yours' };

/** What an id says, provided it was issued to `subject`. */
export function readUploadId(id: string, subject: string): ReadUploadId {
  const m = FORM.exec(id);
  const kind = m ? KIND_OF_LETTER[m[2]!] : undefined;
  const ms = m ? parseInt(m[1]!, 36) : NaN;
  if (!m || !kind || !Number.isSafeInteger(ms)) return { ok: false, reason: 'malformed' };
  const [, time, letter, random, tag, fileName] = m;
  if (ownerTag(subject, `${time}-${letter}-${random}-${fileName}`) !== tag) return { ok: false, reason: 'not-yours' };
  return { ok: true, parts: { issuedAt: new Date(ms), kind, fileName: fileName! } };
}

export type UploadState = 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED';

/**
 * The state of an upload from its ledger entry's outcome, or without one from the time: PENDING while a
 * file may still arrive (the ticket's TTL) and be imported (the grace), EXPIRED after.
 */
export function uploadState(
  outcome: 'ACCEPTED' | 'REJECTED' | undefined,
  issuedAt: Date,
  now: Date,
  windows: { ticketTtlSeconds: number; processingGraceSeconds: number },
): UploadState {
  if (outcome) return outcome;
  const deadline = issuedAt.getTime() + (windows.ticketTtlSeconds + windows.processingGraceSeconds) * 1000;
  return now.getTime() > deadline ? 'EXPIRED' : 'PENDING';
}
