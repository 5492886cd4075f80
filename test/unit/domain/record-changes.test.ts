/** What the import ledger keeps of a written record: the fields that differ, personal data masked. */
import { describe, expect, it } from 'vitest';
import type { ParticipantRecord, PaymentRecord } from '../../../lambda/domain/records.js';
import { summarizeChanges } from '../../../lambda/domain/record-changes.js';

const participant = (over: Partial<ParticipantRecord> = {}): ParticipantRecord => ({
  kind: 'participant',
  participantId: '10000000001',
  nikHash: 'hash-a',
  nikMasked: '3509********0001',
  name: 'Siti Aminah',
  gender: 'P',
  birthDate: '1990-08-15',
  nikAgrees: { birthDate: true, gender: true },
  periods: [
    { start: '2025-01', end: '2025-06', regency: '35.09', district: undefined, sector: 'TOBACCO_FARM_WORKER', programs: 'JKK+JKM', funding: 'DBHCHT' },
    { start: '2025-07', end: undefined, regency: '35.09', district: undefined, sector: 'FISHER', programs: 'JKK+JKM', funding: 'DBHCHT' },
  ],
  ...over,
});

describe('summarizeChanges', () => {
  it('counts periods added, changed and removed between the stored and the new participant', () => {
    const before = participant();
    const after = participant({
      periods: [
        { ...before.periods[0]!, sector: 'TOBACCO_FARMER' },
        { start: '2026-01', end: undefined, regency: '35.10', district: undefined, sector: 'OTHER', programs: 'JKK+JKM', funding: 'APBD' },
      ],
    });
    const s = summarizeChanges([after], () => before, 10, 40);
    expect([s.periodsAdded, s.periodsChanged, s.periodsRemoved, s.changesTotal]).toEqual([1, 1, 1, 1]);
    const fields = Object.fromEntries(s.changes[0]!.fields.map((f) => [f.field, [f.old, f.new]]));
    expect(fields['periods[2025-01].sector']).toEqual(['TOBACCO_FARM_WORKER', 'TOBACCO_FARMER']);
    expect(fields['periods[2025-07].sector']).toEqual(['FISHER', null]);
    expect(fields['periods[2026-01].regency']).toEqual([null, '35.10']);
    expect(fields['periods[2025-07].end']).toBeUndefined();
  });

  it('shows a changed NIK and name masked, even when the masked forms are equal', () => {
    const s = summarizeChanges([participant({ nikHash: 'hash-b', name: 'Siti Aminih', birthDate: '1990-08-16' })], () => participant(), 10, 40);
    expect(s.changes[0]!.fields).toEqual([
      { field: 'nikMasked', old: '3509********0001', new: '3509********0001' },
      { field: 'name', old: 'S*** A*****', new: 'S*** A*****' },
      { field: 'birthDate', old: '1990-**-**', new: '1990-**-**' },
    ]);
    expect(JSON.stringify(s)).not.toMatch(/Siti|Aminah|hash-/);
  });

  it('keeps the first records and fields up to the bounds and counts them all', () => {
    const payments: PaymentRecord[] = Array.from({ length: 7 }, (_, i) => ({
      kind: 'payment', paymentId: `P${i}`, regency: '35.09', month: '2025-01', funding: 'DBHCHT', participants: 10, amountIdr: 168_000, paidOn: '2025-01-10',
    }));
    const s = summarizeChanges(payments, (p) => (p === payments[0] ? { ...payments[0]!, amountIdr: 100 } : undefined), 3, 2);
    expect(s.changesTotal).toBe(7);
    expect(s.changes.map((c) => [c.record, c.change])).toEqual([['P0', 'CHANGED'], ['P1', 'ADDED'], ['P2', 'ADDED']]);
    expect(s.changes[0]!.fields).toEqual([{ field: 'amountIdr', old: '100', new: '168000' }]);
    expect(s.changes[1]!.fields).toHaveLength(2);
  });
});
