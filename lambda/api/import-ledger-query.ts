/**
 * The imports query: argument validation, the region filter and an opaque cursor over the import
 * ledger, in the style of the auditLog query (audit-log-query.ts): a cursor is bound to the range and
 * region it was issued for.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import type { ImportLedgerEntry } from '../domain/import-ledger-entry.js';
import { isWithin, normalizeRegionCode, type RegionCatalog } from '../domain/regions.js';
import type { ImportLedger } from '../store/import-ledger.js';
import { importLedgerKeys } from '../store/keys.js';
import { checkString } from './input-limits.js';

export const MAX_IMPORT_PAGE = 100;

const invalid = (argument: string, message: string) => new DomainError('INVALID_INPUT', message, { argument });

export async function readImportLedger(
  ledger: ImportLedger,
  regions: RegionCatalog,
  args: { from: string; to: string; region?: string | null; first?: number | null; after?: string | null },
): Promise<{ entries: ImportLedgerEntry[]; hasNextPage: boolean; endCursor: string | null }> {
  const first = args.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_IMPORT_PAGE) throw invalid('first', `first must be a whole number from 1 to ${MAX_IMPORT_PAGE}`);
  checkString('region', args.region, 32);
  checkString('after', args.after, 2048);
  const from = new Date(args.from).toISOString();
  const to = new Date(args.to).toISOString();
  if (from > to) throw invalid('to', 'to must not be before from');
  let region: string | undefined;
  if (args.region) {
    region = normalizeRegionCode(args.region);
    // Not echoed: the argument may hold anything a client typed.
    if (!region) throw invalid('region', 'region takes a region code such as 35 or 35.09');
    if (!regions.get(region)) throw new DomainError('UNKNOWN_REGION', `Unknown region "${region}"`, { region });
  }
  const fingerprint = createHash('sha256').update(JSON.stringify([from, to, region ?? null])).digest('hex').slice(0, 16);
  const after = args.after ? decodeCursor(args.after, fingerprint, importLedgerKeys.range(from, to)) : undefined;
  const page = await ledger.range(from, to, {
    first,
    after,
    keep: region ? (e) => e.regions.some((r) => isWithin(r, region) || isWithin(region, r)) : undefined,
  });
  return {
    entries: page.entries,
    hasNextPage: page.resumeAfter !== undefined,
    endCursor: page.resumeAfter !== undefined ? Buffer.from(JSON.stringify({ f: fingerprint, a: page.resumeAfter })).toString('base64url') : null,
  };
}

/** The fingerprint is computable by anyone, so the position is also checked to lie inside the range. */
function decodeCursor(text: string, fingerprint: string, bounds: { from: string; to: string }): string {
  let parsed: { f?: unknown; a?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { f?: unknown; a?: unknown };
  } catch {
    parsed = undefined;
  }
  const a = parsed?.a;
  if (parsed?.f !== fingerprint || typeof a !== 'string' || a < bounds.from || a > bounds.to) {
    throw invalid('after', 'after is not a cursor issued for this range and region');
  }
  return a;
}
