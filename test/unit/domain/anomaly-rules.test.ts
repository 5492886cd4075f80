import { describe, expect, it } from 'vitest';
import { findAnomalies } from '../../../lambda/domain/anomaly-rules.js';
import type { ClaimRecord, ParticipantRecord, PaymentRecord } from '../../../lambda/domain/records.js';

const T = { minimumEnrolmentAge: 15, maximumEnrolmentAge: 65, jkmWaitingMonths: 3 };

function person(id: string, over: Partial<ParticipantRecord> = {}, period: Partial<ParticipantRecord['periods'][number]> = {}): ParticipantRecord {
  return {
    kind: 'participant',
    participantId: id,
    nikHash: `hash-${id}`,
    nikMasked: '3509********0001',
    name: 'x',
    gender: 'L',
    birthDate: '1980-05-05',
    nikAgrees: { birthDate: true, gender: true },
    periods: [{ start: '2025-01', end: '2025-12', regency: '35.09', district: undefined, sector: 'FISHER', programs: 'JKK+JKM', funding: 'DBHCHT', ...period }],
    ...over,
  };
}
const pay = (id: string, month: string, participants: number, over: Partial<PaymentRecord> = {}): PaymentRecord => ({
  kind: 'payment', paymentId: id, regency: '35.09', month, funding: 'DBHCHT', participants, amountIdr: participants * 16_800, paidOn: `${month}-10`, ...over,
});
const claim = (id: string, participantId: string, program: 'JKK' | 'JKM', eventDate: string): ClaimRecord => ({
  kind: 'claim', claimId: id, participantId, program, eventDate, paidOn: eventDate, amountIdr: 42_000_000,
  claimant: { regency: '35.09', district: undefined, sector: 'FISHER', gender: 'L', birthDate: '1980-05-05' },
});

// A clean data set: two participants in 35.09 all 2025, paid exactly, one JKK claim inside coverage.
const clean = {
  participants: [person('1'), person('2')],
  payments: [pay('P1', '2025-03', 2), pay('P2', '2025-04', 2)],
  claims: [claim('C1', '1', 'JKK', '2025-06-10')],
};

describe('anomaly rules', () => {
  it('find nothing in a clean data set', () => {
    expect(findAnomalies(clean, T)).toEqual([]);
  });

  it('find each planted irregularity with its evidence', () => {
    const found = findAnomalies(
      {
        participants: [
          ...clean.participants,
          // Same NIK as participant 1, in another regency, overlapping from 2025-07.
          person('3', { nikHash: 'hash-1' }, { regency: '35.10', start: '2025-07', end: undefined }),
          person('4', { nikAgrees: { birthDate: true, gender: false } }),
          person('5', { birthDate: '2012-03-01' }, { start: '2025-02' }),
          person('6', {}, { start: '2025-05' }),
        ],
        payments: [
          pay('P3', '2025-03', 9), // the roster covers 4 of 35.09 DBHCHT in March (1, 2, 4, and 5 from Feb)
          pay('P4', '2025-03', 1, { funding: 'CSR' }),
        ],
        claims: [claim('C2', '2', 'JKK', '2026-02-01'), claim('C3', '6', 'JKM', '2025-07-20')],
      },
      T,
    );
    expect(found.map((a) => [a.type, a.regency, a.period, a.count])).toEqual([
      ['AGE_OUT_OF_RANGE', '35.09', '2025-02', 1],
      ['CLAIM_OUTSIDE_COVERAGE', '35.09', '2026-02', 42_000_000],
      ['EARLY_JKM_CLAIM', '35.09', '2025-07', 42_000_000],
      ['NIK_MISMATCH', '35.09', '2025-01', 1],
      ['OVER_BILLING', '35.09', '2025-03', 9 - 4],
      ['PAYMENT_WITHOUT_COVERAGE', '35.09', '2025-03', 16_800],
      ['DOUBLE_FUNDING', '35.10', '2025-07', 2],
    ]);
    const double = found.find((a) => a.type === 'DOUBLE_FUNDING')!;
    expect(double.evidence).toEqual({ participantIds: ['1', '3'], nikMasked: ['3509********0001'], regencies: ['35.09', '35.10'] });
    expect(found.find((a) => a.type === 'OVER_BILLING')!.evidence).toEqual({ paymentIds: ['P3'] });
  });

  it('do not call a JKM claim early after the waiting months, nor two NIK holders whose periods do not overlap', () => {
    const found = findAnomalies(
      {
        participants: [person('1', {}, { end: '2025-06' }), person('3', { nikHash: 'hash-1' }, { regency: '35.10', start: '2025-07', end: undefined })],
        payments: [],
        claims: [claim('C1', '1', 'JKM', '2025-04-01')],
      },
      T,
    );
    expect(found).toEqual([]);
  });
});
