/** Labels of the code lists (README: sectors, funding sources, programs, gender, age bands). */
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
