/**
 * Verifies the whole audit log chain by chain, optionally writing every verified entry to an export
 * and checking external anchors (chain heads copied elsewhere, e.g. the API's log lines).
 */
import { ChainVerifier, type AuditEntry, type BrokenLink } from './audit-chain.js';
import type { AuditLog } from './audit-log.js';

export interface Anchor {
  chain: number;
  seq: number;
  hash: string;
}

export interface ChainReport {
  chain: number;
  verified: number;
  head: { seq: number; hash: string };
  broken: BrokenLink | undefined;
}

export async function verifyAuditLog(
  log: AuditLog,
  options: { onEntry?: (entry: AuditEntry) => void; anchors?: readonly Anchor[] } = {},
): Promise<{ chains: ChainReport[]; broken: BrokenLink | undefined }> {
  const chains: ChainReport[] = [];
  for (let chain = 0; chain < log.chains; chain++) {
    const verifier = new ChainVerifier(chain);
    const anchored = new Set((options.anchors ?? []).filter((a) => a.chain === chain).map((a) => a.seq));
    const hashes = new Map<number, string>();
    let broken: BrokenLink | undefined;
    for await (const { entry, marker } of log.walk(chain)) {
      broken = verifier.next(entry, marker);
      if (broken) break;
      if (anchored.has(entry!.seq)) hashes.set(entry!.seq, entry!.hash);
      options.onEntry?.(entry!);
    }
    // An anchor names an entry as it was when appended; a chain rewritten since cannot match it.
    if (!broken) {
      for (const a of options.anchors ?? []) {
        if (a.chain !== chain) continue;
        const stored = hashes.get(a.seq);
        if (stored === a.hash) continue;
        broken = { chain, seq: a.seq, reason: stored === undefined ? `anchored entry ${a.seq} is missing` : `entry ${a.seq} differs from its anchor (the chain was rewritten)` };
        break;
      }
    }
    chains.push({ chain, verified: verifier.verified, head: verifier.head, broken });
  }
  const broken = chains.map((c) => c.broken).find((b) => b !== undefined);
  return { chains, broken };
}
