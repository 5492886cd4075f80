/**
 * Public shapes of the demo data set. Rows are plain string records keyed by
 * the import contract's column names, so they can be written as CSV as they are.
 */

// The demo writes the import contract's code lists: one definition, in the domain.
import { FUNDING_SOURCES, SECTORS, type FundingSource, type Sector } from '../domain/codes.js';

export { FUNDING_SOURCES, SECTORS, type FundingSource, type Sector };

/** Sectors whose work is tobacco itself; tobacco regencies get a target row for each they cover. */
export const TOBACCO_SECTORS: readonly Sector[] = ['TOBACCO_FARM_WORKER', 'TOBACCO_FARMER', 'CIGARETTE_FACTORY_WORKER'];

/** Column order of each CSV file, as in the import contract. */
export const COLUMNS = {
  participants: [
    'participant_id',
    'nik',
    'name',
    'gender',
    'birth_date',
    'regency_code',
    'district_code',
    'sector',
    'programs',
    'funding_source',
    'start_month',
    'end_month',
  ],
  contributions: ['payment_id', 'regency_code', 'month', 'funding_source', 'participants', 'amount_idr', 'paid_on'],
  claims: ['claim_id', 'participant_id', 'program', 'event_date', 'paid_on', 'amount_idr'],
  budgets: ['regency_code', 'fiscal_year', 'allocation_idr'],
  targets: ['regency_code', 'year', 'sector', 'target_workers'],
} as const;

export type DemoFile = keyof typeof COLUMNS;
export const DEMO_FILES = Object.keys(COLUMNS) as DemoFile[];

export type Row = Record<string, string>;

/** A regency or city of the reference data (reference/regions.json). */
export interface DemoRegion {
  /** Dotted Kemendagri code, e.g. `35.09`. */
  code: string;
  name: string;
  type: 'kabupaten' | 'kota';
  /** Its districts' dotted codes, in code order: not always consecutive (52.01 has 01-03, 07-09, 12-15). */
  districts: readonly string[];
}

export type PlantedKind =
  /** One NIK under two participant ids in two regencies, covered twice in the same months. */
  | 'DOUBLE_FUNDING'
  /** A payment bills more participants than the roster covers in that month. */
  | 'OVER_BILLING'
  /** A payment for a month in which the regency has nobody covered from that funding source. */
  | 'PAYMENT_WITHOUT_COVERAGE'
  /** A payment below what the covered participants cost (a gap, not fraud, but worth a look). */
  | 'SHORT_PAYMENT'
  /** A claim whose event date lies outside every coverage period of the claimant. */
  | 'CLAIM_OUTSIDE_COVERAGE'
  /** A NIK whose birth-date or sex digits disagree with the roster. */
  | 'NIK_MISMATCH'
  /** A participant younger than 15 or older than 65 when enrolled. */
  | 'AGE_OUT_OF_RANGE'
  /** A JKM (death) claim within 3 months of the claimant joining. */
  | 'EARLY_JKM_CLAIM';

/** A deliberate irregularity, named by ids only (no NIK or name, as in logs). */
export interface PlantedIrregularity {
  kind: PlantedKind;
  participantIds?: string[];
  paymentId?: string;
  claimId?: string;
  regencyCode?: string;
  month?: string;
  detail: string;
}

export interface DemoDataset {
  participants: Row[];
  contributions: Row[];
  claims: Row[];
  budgets: Row[];
  targets: Row[];
  planted: PlantedIrregularity[];
}

export interface DemoOptions {
  /** PRNG seed; default 1. */
  seed?: number;
  /** About how many distinct participants; default 10,000 (SMALL_SCALE_PARTICIPANTS in scale.ts). */
  participants?: number;
  /** First month of the data set (YYYY-MM); default 2024-01. */
  from?: string;
  /** Last month of the data set (YYYY-MM); default 2025-12. */
  to?: string;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_FROM = '2024-01';
export const DEFAULT_TO = '2025-12';
