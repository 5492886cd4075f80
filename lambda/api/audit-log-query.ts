/**
 * The auditLog query: argument validation and an opaque cursor over the audit log's chains. A cursor
 * is bound to the range and subject it was issued for.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import type { AuditEntry } from '../store/audit-chain.js';
import { CHAIN_DONE, type AuditLog, type ChainPositions } from '../store/audit-log.js';
import { auditKeys } from '../store/keys.js';
import { checkString } from './input-limits.js';

export const MAX_AUDIT_PAGE = 200;

const invalid = (argument: string, message: string) => new DomainError('INVALID_INPUT', message, { argument });

export async function readAuditLog(
  log: AuditLog,
  args: { from: string; to: string; subject?: string | null; first?: number | null; after?: string | null },
): Promise<{ entries: AuditEntry[]; hasNextPage: boolean; endCursor: string | null }> {
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE) throw invalid('first', `first must be a whole number from 1 to ${MAX_AUDIT_PAGE}`);
  checkString('subject', args.subject, 128);
  const from = new Date(args.from).toISOString();
  const to = new Date(args.to).toISOString();
  if (from > to) throw invalid('to', 'to must not be before from');
  const subject = args.subject ?? undefined;
  const fingerprint = createHash('sha256').update(JSON.stringify([from, to, subject ?? null])).digest('hex').slice(0, 16);
  const positions = args.after ? decodeCursor(args.after, fingerprint, log.chains, auditKeys.entryRange(from, to)) : undefined;
  const page = await log.range(from, to, { subject, first, positions });
  return {
    entries: page.entries,
    hasNextPage: page.hasMore,
    endCursor: page.hasMore ? Buffer.from(JSON.stringify({ f: fingerprint, p: page.positions })).toString('base64url') : null,
  };
}

/** The fingerprint is computable by anyone, so each position is also checked to lie inside the range. */
function decodeCursor(text: string, fingerprint: string, chains: number, bounds: { from: string; to: string }): ChainPositions {
  let parsed: { f?: unknown; p?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { f?: unknown; p?: unknown };
  } catch {
    parsed = undefined;
  }
  const p = parsed?.p;
  const valid =
    parsed?.f === fingerprint &&
    typeof p === 'object' &&
    p !== null &&
    Object.entries(p).every(([chain, sk]) => Number.isInteger(Number(chain)) && Number(chain) >= 0 && Number(chain) < chains && typeof sk === 'string' && (sk === CHAIN_DONE || (bounds.from <= sk && sk <= bounds.to)));
  if (!valid) throw invalid('after', 'after is not a cursor issued for this range and subject');
  return p as ChainPositions;
}
