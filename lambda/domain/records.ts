/**
 * Raw records as stored after validation. Personal data: `nikHash` (keyed hash) and `nikMasked` only;
 * the clear NIK never leaves the importer.
 */
import type { ClaimProgram, FundingSource, Gender, ProgramSet, Sector } from './codes.js';
import type { Month } from './period.js';

export interface CoveragePeriod {
  start: Month;
  /** Inclusive; undefined = ongoing. */
  end: Month | undefined;
  regency: string;
  district: string | undefined;
  sector: Sector;
  programs: ProgramSet;
  funding: FundingSource;
}

export interface ParticipantRecord {
  kind: 'participant';
  participantId: string;
  nikHash: string;
  nikMasked: string;
  name: string;
  gender: Gender;
  birthDate: string;
  /**
   * Whether the NIK's own birth date and sex digits agree with the roster, checked at import (the only
   * moment the clear NIK is at hand). A disagreement is an anomaly for auditors, not a reason to reject.
   */
  nikAgrees: { birthDate: boolean; gender: boolean };
  /** Sorted by start; never overlapping (enforced at import: ACTIVE_PARTICIPANTS relies on it). */
  periods: CoveragePeriod[];
}

export interface PaymentRecord {
  kind: 'payment';
  paymentId: string;
  regency: string;
  month: Month;
  funding: FundingSource;
  participants: number;
  amountIdr: number;
  paidOn: string;
}

/** The claimant's attributes the claim is attributed to, captured at import from the participant's periods. */
export interface Claimant {
  regency: string;
  district: string | undefined;
  sector: Sector;
  gender: Gender;
  birthDate: string;
}

export interface ClaimRecord {
  kind: 'claim';
  claimId: string;
  participantId: string;
  program: ClaimProgram;
  eventDate: string;
  paidOn: string;
  amountIdr: number;
  claimant: Claimant;
}

export interface BudgetRecord {
  kind: 'budget';
  regency: string;
  fiscalYear: number;
  allocationIdr: number;
}

export interface TargetRecord {
  kind: 'target';
  regency: string;
  year: number;
  /** undefined = the target for all sectors. */
  sector: Sector | undefined;
  targetWorkers: number;
}

export type RawRecord = ParticipantRecord | PaymentRecord | ClaimRecord | BudgetRecord | TargetRecord;
export type RecordKind = RawRecord['kind'];
