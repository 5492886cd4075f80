/**
 * The audit log's hash chain: what an entry holds, how its hash is computed, and how a chain is verified.
 * Pure: the verifier runs on entries read from DynamoDB (audit-log.ts) or from an export file alike.
 *
 * Each entry's hash is SHA-256 over the canonical JSON (sorted keys) of every field but `hash`, including
 * `chain`, `seq` and `prevHash`, the stored hash of the entry before it. Changing, removing or reordering
 * any entry therefore breaks the link at that entry or the next one.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_OUTCOMES = ['OK', 'PARTIAL', 'ERROR'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** What the API records about one request. Personal data is redacted before it gets here. */
export interface AuditRecord {
  /** ISO instant of the append; non-decreasing along a chain. */
  at: string;
  requestId: string;
  subject: string | null;
  role: string | null;
  scope: string | null;
  operationName: string | null;
  queryHash: string | null;
  /** JSON text of the redacted variables. */
  variables: string | null;
  regions: string[];
  rows: number;
  outcome: AuditOutcome;
  errorCodes: string[];
  durationMs: number;
}

export interface AuditEntry extends AuditRecord {
  chain: number;
  /** 1, 2, 3, ... within the chain. */
  seq: number;
  prevHash: string;
  hash: string;
}

const HASHED_FIELDS = [
  'chain',
  'seq',
  'prevHash',
  'at',
  'requestId',
  'subject',
  'role',
  'scope',
  'operationName',
  'queryHash',
  'variables',
  'regions',
  'rows',
  'outcome',
  'errorCodes',
  'durationMs',
] as const satisfies ReadonlyArray<keyof AuditEntry>;

/** The entry's hash; fields outside the entry (storage keys) do not take part. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const fields = Object.fromEntries(HASHED_FIELDS.map((f) => [f, entry[f] ?? null]));
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

export function chainEntry(record: AuditRecord, chain: number, seq: number, prevHash: string): AuditEntry {
  const unhashed = { ...record, chain, seq, prevHash };
  return { ...unhashed, hash: entryHash(unhashed) };
}

/** Picks exactly the entry's fields from a stored item (keys and other attributes dropped). */
export function entryFromItem(item: Record<string, unknown>): AuditEntry {
  const out = Object.fromEntries([...HASHED_FIELDS, 'hash'].map((f) => [f, item[f] ?? null]));
  return out as unknown as AuditEntry;
}

export interface BrokenLink {
  chain: number;
  /** The first sequence number at which the chain does not verify. */
  seq: number;
  reason: string;
}

/** The sequence marker stored beside each entry: its number and hash, written in the same transaction. */
export interface SeqMarker {
  seq: number;
  hash: string;
}

/**
 * Walks one chain in order and stops at the first broken link. Feed it each stored entry with its
 * sequence marker (either may be missing when the two lists differ in length).
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private broken: BrokenLink | undefined;
  verified = 0;

  constructor(readonly chain: number) {}

  /** Returns the broken link once one is found (and keeps returning it). */
  next(entry: AuditEntry | undefined, marker: SeqMarker | undefined): BrokenLink | undefined {
    if (this.broken) return this.broken;
    const seq = this.expectedSeq;
    const fail = (reason: string) => (this.broken = { chain: this.chain, seq, reason });
    if (!entry) return fail(`entry ${seq} is missing (its sequence marker exists)`);
    if (entry.chain !== this.chain) return fail(`entry ${seq} claims chain ${entry.chain}`);
    if (entry.seq !== seq) return fail(`expected entry ${seq}, found entry ${entry.seq} (an entry was removed or inserted)`);
    if (entry.prevHash !== this.prevHash) return fail(`entry ${seq} does not link to entry ${seq - 1} (prevHash differs)`);
    if (entryHash(entry) !== entry.hash) return fail(`entry ${seq} was altered (its content does not match its hash)`);
    if (!marker || marker.seq !== seq) return fail(`sequence marker ${seq} is missing`);
    if (marker.hash !== entry.hash) return fail(`entry ${seq} was replaced (its hash differs from the one recorded at append)`);
    this.prevHash = entry.hash;
    this.expectedSeq++;
    this.verified++;
    return undefined;
  }

  /** The hash of the last verified entry: what an external anchor should match. */
  get head(): { seq: number; hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
