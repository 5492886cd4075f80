import { describe, expect, it } from 'vitest';
import { chainEntry, ChainVerifier, entryHash, GENESIS_HASH, type AuditEntry, type AuditRecord } from '../../../lambda/store/audit-chain.js';
import { createHash } from 'node:crypto';

const record = (i: number): AuditRecord => ({
  at: `2025-07-01T00:00:0${i}.000Z`,
  requestId: `req-${i}`,
  subject: 'auditor-1',
  role: 'AUDITOR',
  scope: null,
  operationName: 'Q',
  queryHash: null,
  variables: '{"region":"35.09"}',
  regions: ['35.09'],
  rows: i,
  outcome: 'OK',
  errorCodes: [],
  durationMs: 5,
});

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) out.push(chainEntry(record(i), 0, i, out[i - 2]?.hash ?? GENESIS_HASH));
  return out;
}

function verify(entries: Array<AuditEntry | undefined>, markers = entries.map((e) => e && { seq: e.seq, hash: e.hash })) {
  const v = new ChainVerifier(0);
  for (let i = 0; i < Math.max(entries.length, markers.length); i++) {
    const broken = v.next(entries[i], markers[i]);
    if (broken) return broken;
  }
  return undefined;
}

describe('audit hash chain', () => {
  it('hashes the canonical JSON of the entry, previous hash included, whatever the key order', () => {
    const [first] = chain(1);
    const { hash, ...rest } = first!;
    const sorted = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(hash).toBe(createHash('sha256').update(JSON.stringify(sorted)).digest('hex'));
    expect(entryHash({ ...rest })).toBe(hash);
    expect(first!.prevHash).toBe(GENESIS_HASH);
  });

  it('verifies an intact chain', () => {
    expect(verify(chain(5))).toBeUndefined();
  });

  it('finds an altered entry at that entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, rows: 999 };
    expect(verify(entries)).toMatchObject({ seq: 3, reason: expect.stringContaining('altered') });
  });

  it('finds an entry re-hashed after alteration by its sequence marker, and a chain rewritten from there by the next link', () => {
    const entries = chain(5);
    const forged = chainEntry({ ...record(3), rows: 999 }, 0, 3, entries[1]!.hash);
    expect(verify([...entries.slice(0, 2), forged, ...entries.slice(3)], entries.map((e) => ({ seq: e.seq, hash: e.hash })))).toMatchObject({
      seq: 3,
      reason: expect.stringContaining('replaced'),
    });
    // Forged together with its marker: the next entry no longer links to it.
    expect(verify([...entries.slice(0, 2), forged, ...entries.slice(3)])).toMatchObject({ seq: 4, reason: expect.stringContaining('does not link') });
  });

  it('finds a removed entry', () => {
    const entries = chain(5);
    const markers = entries.map((e) => ({ seq: e.seq, hash: e.hash }));
    expect(verify([...entries.slice(0, 1), ...entries.slice(2)], markers)).toMatchObject({ seq: 2 });
  });
});
