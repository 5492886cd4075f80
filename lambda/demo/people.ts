/**
 * Who the synthetic participants are: name, sex and birth date, drawn so that
 * rosters look like East Java's (Javanese and Madurese names, working ages,
 * more women in hand-rolled cigarette factories, few among fishers).
 */
import { firstDayOfMonth } from './calendar.js';
import type { Gender } from './nik.js';
import type { Rng } from './prng.js';
import type { Sector } from './types.js';

const MALE_NAMES = [
  'Ahmad', 'Abdul', 'Agus', 'Bambang', 'Budi', 'Darmaji', 'Eko', 'Fauzi', 'Hadi', 'Hasan',
  'Imam', 'Joko', 'Kusnadi', 'Mahfud', 'Moh.', 'Mukhlis', 'Nur', 'Rahmat', 'Slamet', 'Sugeng',
  'Suparman', 'Supriyadi', 'Sutrisno', 'Syaiful', 'Teguh', 'Wahyudi', 'Yusuf', 'Zainal', 'Hosen', 'Marsuki',
] as const;

const FEMALE_NAMES = [
  'Siti', 'Aminah', 'Dewi', 'Endang', 'Fatimah', 'Hartini', 'Indah', 'Juwariyah', 'Khotijah', 'Lestari',
  'Maryam', 'Muslimah', 'Nur', 'Puji', 'Rohmah', 'Sri', 'Sulastri', 'Sumiati', 'Suwarni', 'Tutik',
  'Umi', 'Wahyuni', 'Yuliana', 'Zubaidah', 'Ngatini', 'Painem', 'Rukayah', 'Sholihah', 'Mutmainnah', 'Asiyah',
] as const;

const MALE_SECOND_NAMES = [
  'Hidayat', 'Santoso', 'Wibowo', 'Setiawan', 'Susanto', 'Hariyanto', 'Purnomo', 'Utomo', 'Kurniawan', 'Aziz',
  'Hakim', 'Anwar', 'Maulana', 'Efendi', "Ma'ruf",
] as const;

const FEMALE_SECOND_NAMES = [
  'Rahayu', 'Safitri', 'Ningsih', 'Wati', 'Handayani', 'Mulyani', 'Susanti', 'Rahmawati', 'Fitriani', "Nur'aini",
] as const;

/** Share of women in each sector's rosters (an assumption for the demo, not a statistic). */
const FEMALE_SHARE: Record<Sector, number> = {
  TOBACCO_FARM_WORKER: 0.45,
  TOBACCO_FARMER: 0.2,
  CIGARETTE_FACTORY_WORKER: 0.75,
  FOOD_CROP_FARMER: 0.3,
  FISHER: 0.03,
  RELIGIOUS_SOCIAL_WORKER: 0.5,
  VILLAGE_VULNERABLE_WORKER: 0.5,
  STREET_VENDOR: 0.45,
  OTHER: 0.4,
};

export function drawGender(rng: Rng, sector: Sector): Gender {
  return rng.chance(FEMALE_SHARE[sector]) ? 'P' : 'L';
}

export function drawName(rng: Rng, gender: Gender): string {
  const female = gender === 'P';
  const first = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
  return rng.chance(0.6) ? `${first} ${rng.pick(female ? FEMALE_SECOND_NAMES : MALE_SECOND_NAMES)}` : first;
}

/** Youngest and oldest age at enrolment of regular participants (well inside the 15-65 audit range). */
export const ENROL_AGE_MIN = 18;
export const ENROL_AGE_MAX = 63;

/** An age at enrolment, peaking in the early forties as farm and informal workforces do. */
export function drawEnrolAge(rng: Rng): number {
  const span = ENROL_AGE_MAX - ENROL_AGE_MIN;
  return ENROL_AGE_MIN + Math.floor(((rng.float() + rng.float()) / 2) * (span + 1));
}

/**
 * A birth day such that the person is exactly `age` on the first day of
 * `month` (a month index): born after that day `age + 1` years earlier and
 * no later than that day `age` years earlier.
 */
export function birthDayForAge(rng: Rng, age: number, month: number): number {
  const latest = firstDayOfMonth(month - 12 * age);
  const earliest = firstDayOfMonth(month - 12 * (age + 1)) + 1;
  return rng.int(earliest, latest);
}
