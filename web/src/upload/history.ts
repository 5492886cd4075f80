/**
 * This session's uploads, newest first, kept in sessionStorage (gone with the tab, cleared at sign-out
 * with the rest of it) so the list survives moving between pages. Only what the page showed: kind, file
 * name, outcome and counts, never a row of the file.
 */
import type { ImportKind } from '../generated/graphql.js';

export type HistoryOutcome = 'ACCEPTED' | 'REJECTED' | 'EXPIRED' | 'PENDING' | 'FAILED';

export interface HistoryEntry {
  uploadId: string;
  kind: ImportKind;
  fileName: string;
  /** When the upload was started (ISO). */
  at: string;
  outcome: HistoryOutcome;
  written?: number;
  errorCount?: number;
}

const STORAGE_KEY = 'jamrep.uploads';
const MAX_ENTRIES = 20;

export function readHistory(): HistoryEntry[] {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as HistoryEntry[]) : [];
  } catch {
    return [];
  }
}

/** Adds the entry, or replaces the one with its `uploadId` (a pending upload that finished). */
export function recordUpload(entry: HistoryEntry): HistoryEntry[] {
  const rest = readHistory().filter((e) => e.uploadId !== entry.uploadId);
  const next = [entry, ...rest].sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_ENTRIES);
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    // Storage full or off: the list is a convenience; the ledger keeps the record.
  }
  return next;
}
