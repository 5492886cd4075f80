/**
 * One dashboard upload from start to result: ask the API for a ticket (`requestUpload`), PUT the file's
 * bytes to the ticket's URL (a presigned S3 PUT in AWS, the local server's upload route locally), then
 * ask `upload(id)` every second until the import says ACCEPTED, REJECTED or EXPIRED. The API and the
 * clock come in as `UploadDeps`, so the page passes the real ones and a unit test can produce the
 * faults a running server cannot (a storage outage, an import that never finishes).
 */
import type { ImportKind, UploadStatusQuery } from '../generated/graphql.js';

export type UploadStatusAnswer = UploadStatusQuery['upload'];

export interface UploadTicketAnswer {
  uploadId: string;
  url: string;
  headers: ReadonlyArray<{ name: string; value: string }>;
}

export interface UploadDeps {
  requestUpload(kind: ImportKind, fileName: string, signal: AbortSignal): Promise<UploadTicketAnswer>;
  /** Resolves with the HTTP status; rejects when the URL cannot be reached. */
  put(url: string, headers: Record<string, string>, body: Blob, signal: AbortSignal): Promise<number>;
  status(uploadId: string, signal: AbortSignal): Promise<UploadStatusAnswer>;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
}

export type UploadPhase = { phase: 'REQUESTING' } | { phase: 'SENDING'; uploadId: string } | { phase: 'PENDING'; uploadId: string };

export type UploadResult =
  /** The import finished: ACCEPTED (written) or REJECTED (nothing written, `entry.rowErrors` say why). */
  | { outcome: 'ACCEPTED' | 'REJECTED'; uploadId: string; status: UploadStatusAnswer }
  /** The ticket lapsed before a file arrived under it: nothing was imported. */
  | { outcome: 'EXPIRED'; uploadId: string }
  /** Still PENDING when the page stopped asking; the import may yet finish (ask again later). */
  | { outcome: 'TIMEOUT'; uploadId: string }
  /** The storage refused the bytes (`httpStatus`) or could not be reached (no status). */
  | { outcome: 'PUT_FAILED'; uploadId: string; httpStatus?: number }
  /** The API refused or failed: before a ticket (no `uploadId`) or while asking for the status. */
  | { outcome: 'API_ERROR'; uploadId?: string; error: unknown };

export interface UploadOptions {
  onPhase?: (phase: UploadPhase) => void;
  /** How often the status is asked for. */
  pollMs?: number;
  /** How long the page waits for a result before it says so and offers to ask again. */
  timeoutMs?: number;
}

export const POLL_MS = 1000;
/**
 * The largest file an upload may be (schema: `requestUpload`, at most 10 MiB). A presigned S3 PUT cannot
 * bound the size, so the page says so before sending rather than after a long transfer.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const TIMEOUT_MS = 120_000;

export async function runUpload(
  kind: ImportKind,
  file: Blob,
  fileName: string,
  deps: UploadDeps,
  signal: AbortSignal,
  options: UploadOptions = {},
): Promise<UploadResult> {
  options.onPhase?.({ phase: 'REQUESTING' });
  let ticket: UploadTicketAnswer;
  try {
    ticket = await deps.requestUpload(kind, fileName, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    return { outcome: 'API_ERROR', error };
  }

  options.onPhase?.({ phase: 'SENDING', uploadId: ticket.uploadId });
  let httpStatus: number;
  try {
    httpStatus = await deps.put(ticket.url, Object.fromEntries(ticket.headers.map((h) => [h.name, h.value])), file, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    return { outcome: 'PUT_FAILED', uploadId: ticket.uploadId };
  }
  if (httpStatus < 200 || httpStatus >= 300) return { outcome: 'PUT_FAILED', uploadId: ticket.uploadId, httpStatus };

  return pollUpload(ticket.uploadId, deps, signal, options);
}

/** Asks for an upload's status until it is final or `timeoutMs` has passed (also for "check again"). */
export async function pollUpload(uploadId: string, deps: UploadDeps, signal: AbortSignal, options: UploadOptions = {}): Promise<UploadResult> {
  const pollMs = options.pollMs ?? POLL_MS;
  const deadline = deps.now() + (options.timeoutMs ?? TIMEOUT_MS);
  options.onPhase?.({ phase: 'PENDING', uploadId });
  for (;;) {
    let status: UploadStatusAnswer;
    try {
      status = await deps.status(uploadId, signal);
    } catch (error) {
      if (signal.aborted) throw error;
      return { outcome: 'API_ERROR', uploadId, error };
    }
    if (status.state === 'ACCEPTED' || status.state === 'REJECTED') return { outcome: status.state, uploadId, status };
    if (status.state === 'EXPIRED') return { outcome: 'EXPIRED', uploadId };
    if (deps.now() + pollMs > deadline) return { outcome: 'TIMEOUT', uploadId };
    await deps.sleep(pollMs, signal);
  }
}
