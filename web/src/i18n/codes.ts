/** Labels of the code lists (README: sectors, funding sources, programs, gender, age bands). */
import type { AnomalyType, ImportKind, Severity } from '../generated/graphql.js';
import { language } from './i18n.js';

const SECTORS: Record<string, { id: string; en: string }> = {
  TOBACCO_FARM_WORKER: { id: 'Buruh tani tembakau', en: 'Tobacco farm workers' },
  TOBACCO_FARMER: { id: 'Petani tembakau', en: 'Tobacco farmers' },
  CIGARETTE_FACTORY_WORKER: { id: 'Buruh pabrik rokok', en: 'Cigarette factory workers' },
  FOOD_CROP_FARMER: { id: 'Petani pangan', en: 'Food-crop farmers' },
  FISHER: { id: 'Nelayan', en: 'Fishers' },
  RELIGIOUS_SOCIAL_WORKER: { id: 'Pekerja sosial keagamaan', en: 'Religious social workers' },
  VILLAGE_VULNERABLE_WORKER: { id: 'Pekerja rentan desa', en: 'Village vulnerable workers' },
  STREET_VENDOR: { id: 'Pedagang keliling', en: 'Street vendors' },
  OTHER: { id: 'Lainnya', en: 'Other' },
};

/** Funding sources are budget names; they read the same in both languages. */
const FUNDING_SOURCES: Record<string, string> = {
  DBHCHT: 'DBHCHT',
  APBD: 'APBD',
  DBH_PAJAK: 'DBH Pajak',
  APBDES: 'APBDes',
  CSR: 'CSR',
  MANDIRI: 'Mandiri',
};

export const FUNDING_SOURCE_ORDER = Object.keys(FUNDING_SOURCES);
export const SECTOR_ORDER = Object.keys(SECTORS);
export const AGE_BAND_ORDER = ['<15', '15-24', '25-34', '35-44', '45-54', '55-64', '65+'];

export function sectorLabel(code: string | null | undefined): string {
  if (!code) return '–';
  return SECTORS[code]?.[language()] ?? code;
}

export function fundingSourceLabel(code: string | null | undefined): string {
  if (!code) return '–';
  return FUNDING_SOURCES[code] ?? code;
}

export function genderLabel(code: string | null | undefined): string {
  if (code === 'L') return language() === 'id' ? 'Laki-laki' : 'Male';
  if (code === 'P') return language() === 'id' ? 'Perempuan' : 'Female';
  return code ?? '–';
}

export function ageBandLabel(code: string | null | undefined): string {
  if (!code) return '–';
  const unit = language() === 'id' ? 'tahun' : 'years';
  return `${code.replace('-', '–')} ${unit}`;
}

/** JKK, JKM and JHT are what every participant calls them; the long name is for tooltips. */
export function programLabel(code: string | null | undefined): string {
  return code ?? '–';
}

type Labels = Record<string, { id: string; en: string }>;

// Keyed by the schema's enums: a value added to the schema without a label fails the typecheck.
const ANOMALY_TYPES: Record<AnomalyType, Labels[string]> = {
  DOUBLE_FUNDING: { id: 'Pendanaan ganda (NIK sama)', en: 'Double funding (same NIK)' },
  OVER_BILLING: { id: 'Tagihan melebihi daftar peserta', en: 'Billed over the roster' },
  PAYMENT_WITHOUT_COVERAGE: { id: 'Pembayaran tanpa peserta', en: 'Payment without coverage' },
  CLAIM_OUTSIDE_COVERAGE: { id: 'Klaim di luar masa kepesertaan', en: 'Claim outside coverage' },
  NIK_MISMATCH: { id: 'NIK tidak cocok dengan data peserta', en: 'NIK disagrees with the roster' },
  AGE_OUT_OF_RANGE: { id: 'Usia di luar usia kerja', en: 'Age outside working age' },
  EARLY_JKM_CLAIM: { id: 'Klaim JKM dalam masa tunggu', en: 'JKM claim in the waiting period' },
  ROLLUP_DRIFT: { id: 'Rollup berbeda dari hitung ulang', en: 'Rollup differs from a recount' },
};

const SEVERITIES: Record<Severity, Labels[string]> = {
  HIGH: { id: 'Tinggi', en: 'High' },
  MEDIUM: { id: 'Sedang', en: 'Medium' },
  LOW: { id: 'Rendah', en: 'Low' },
};

const RECONCILIATION_FLAGS: Labels = {
  UNDERPAID: { id: 'Kurang bayar', en: 'Underpaid' },
  OVERPAID: { id: 'Lebih bayar', en: 'Overpaid' },
  OVER_BUDGET: { id: 'Melebihi pagu', en: 'Over budget' },
  COST_OUTSIDE_RATE: { id: 'Biaya di luar tarif', en: 'Cost outside the rate' },
  PARTICIPANTS_UP_PAYMENTS_DOWN: { id: 'Peserta naik, bayar turun', en: 'Participants up, payments down' },
};

/** The schema's AnomalyType values, in the order the filter offers them. */
export const ANOMALY_TYPE_ORDER = Object.keys(ANOMALY_TYPES) as AnomalyType[];
/** Most severe first. */
export const SEVERITY_ORDER = Object.keys(SEVERITIES) as Severity[];

const label = (labels: Labels, code: string | null | undefined) => (code ? (labels[code]?.[language()] ?? code) : '–');

export const anomalyTypeLabel = (code: string | null | undefined): string => label(ANOMALY_TYPES, code);
export const severityLabel = (code: string | null | undefined): string => label(SEVERITIES, code);
export const reconciliationFlagLabel = (code: string | null | undefined): string => label(RECONCILIATION_FLAGS, code);

/** HIGH 3, MEDIUM 2, LOW 1: severity sorts by rank, not by its name. */
export function severityRank(code: string): number {
  const i = (SEVERITY_ORDER as readonly string[]).indexOf(code);
  return i < 0 ? 0 : SEVERITY_ORDER.length - i;
}

/**
 * What an anomaly's `count` counts (schema: people, participants over the roster, or rupiah, by type):
 * money is shown as rupiah, the rest as a number with its unit.
 */
export type AnomalyCountUnit = 'IDR' | 'PEOPLE' | 'PARTICIPANT_IDS' | 'OVER_ROSTER' | 'CELLS';

export function anomalyCountUnit(type: string): AnomalyCountUnit {
  switch (type) {
    case 'PAYMENT_WITHOUT_COVERAGE':
    case 'CLAIM_OUTSIDE_COVERAGE':
    case 'EARLY_JKM_CLAIM':
      return 'IDR';
    case 'DOUBLE_FUNDING':
      return 'PARTICIPANT_IDS';
    case 'OVER_BILLING':
      return 'OVER_ROSTER';
    case 'ROLLUP_DRIFT':
      return 'CELLS';
    default:
      return 'PEOPLE';
  }
}

const IMPORT_KINDS: Record<ImportKind, Labels[string]> = {
  PARTICIPANTS: { id: 'Peserta (daftar kepesertaan)', en: 'Participants (roster)' },
  CONTRIBUTIONS: { id: 'Iuran dibayar', en: 'Contributions paid' },
  CLAIMS: { id: 'Klaim', en: 'Claims' },
  BUDGETS: { id: 'Pagu DBHCHT', en: 'DBHCHT budgets' },
  TARGETS: { id: 'Sasaran pekerja', en: 'Worker targets' },
};

/** The schema's ImportKind values in the order the upload page offers them (claims need their participants). */
export const IMPORT_KIND_ORDER = Object.keys(IMPORT_KINDS) as ImportKind[];
export const importKindLabel = (code: string | null | undefined): string => label(IMPORT_KINDS, code);
