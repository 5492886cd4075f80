/**
 * Calibration of the East Java demo (province 35), at full scale.
 *
 * Published 2025 figures (see /work/shared/domain/reference.md) are reproduced
 * exactly at full scale: East Java covered 580,449 vulnerable workers through
 * DBHCHT in 2025, so the DBHCHT cohorts active in December 2025 add up to
 * exactly that (checked in test/unit/demo/calibration.test.ts). Regencies
 * without a published figure get plausible sizes: larger where DBHCHT
 * allocations are larger (Kabupaten Pasuruan receives the largest), and a sector
 * mix that follows what the regency lives from (tobacco fields, cigarette
 * factories, food crops, the coast, a city).
 */
import type { FundingSource, Sector } from './types.js';

/** A group of participants enrolled by one regency in one sector from one funding source. */
export interface CohortSpec {
  sector: Sector;
  funding: FundingSource;
  /** Participants covered in the cohort's last month (December 2025 unless `end` says otherwise). */
  count: number;
  /** Earliest and latest start month of the participants' (final) coverage period. */
  enrol: readonly [string, string];
  /** Inclusive last month of a block-funded cohort; absent means ongoing. */
  end?: string;
  /** How many of the cohort were covered in an earlier block (a renewal); they start on `enrol[0]`. */
  previous?: { start: string; end: string; count: number };
  /** Share of the cohort that also pays the optional JHT. */
  jhtShare?: number;
}

export interface RegencyProfile {
  code: string;
  /** Number of districts (kecamatan), capped at 30: the demo's NIK district digits run 01-30. */
  districts: number;
  /** A tobacco regency: target rows per tobacco sector, tobacco-weighted sector mix. */
  tobacco: boolean;
  /** Coverage the 2025 targets are set for; drawn in 30-80 % when absent. */
  coverage2025?: number;
  cohorts: CohortSpec[];
  /**
   * The regency's real district codes (reference data), in code order: district n of `districts` is the
   * n-th of them. Without them, district n is `<code>.<nn>` (East Java's are numbered without gaps).
   */
  districtCodes?: readonly string[];
}

type Mix = readonly (readonly [Sector, number])[];

/** Sector shares of the DBHCHT cohorts of regencies without a published breakdown. */
const MIXES = {
  tobacco: [
    ['TOBACCO_FARM_WORKER', 0.42],
    ['TOBACCO_FARMER', 0.14],
    ['FOOD_CROP_FARMER', 0.16],
    ['VILLAGE_VULNERABLE_WORKER', 0.14],
    ['RELIGIOUS_SOCIAL_WORKER', 0.08],
    ['FISHER', 0.03],
    ['STREET_VENDOR', 0.03],
  ],
  cigarette: [
    ['CIGARETTE_FACTORY_WORKER', 0.34],
    ['TOBACCO_FARM_WORKER', 0.1],
    ['VILLAGE_VULNERABLE_WORKER', 0.2],
    ['FOOD_CROP_FARMER', 0.12],
    ['RELIGIOUS_SOCIAL_WORKER', 0.1],
    ['STREET_VENDOR', 0.08],
    ['OTHER', 0.06],
  ],
  agrarian: [
    ['FOOD_CROP_FARMER', 0.36],
    ['VILLAGE_VULNERABLE_WORKER', 0.26],
    ['RELIGIOUS_SOCIAL_WORKER', 0.14],
    ['STREET_VENDOR', 0.08],
    ['TOBACCO_FARM_WORKER', 0.06],
    ['OTHER', 0.06],
    ['FISHER', 0.04],
  ],
  coastal: [
    ['FOOD_CROP_FARMER', 0.26],
    ['VILLAGE_VULNERABLE_WORKER', 0.24],
    ['FISHER', 0.22],
    ['RELIGIOUS_SOCIAL_WORKER', 0.12],
    ['STREET_VENDOR', 0.08],
    ['TOBACCO_FARM_WORKER', 0.04],
    ['OTHER', 0.04],
  ],
  city: [
    ['STREET_VENDOR', 0.32],
    ['OTHER', 0.26],
    ['RELIGIOUS_SOCIAL_WORKER', 0.18],
    ['CIGARETTE_FACTORY_WORKER', 0.14],
    ['VILLAGE_VULNERABLE_WORKER', 0.1],
  ],
} as const satisfies Record<string, Mix>;

export type MixName = keyof typeof MIXES;
export const MIX_NAMES = Object.keys(MIXES) as MixName[];

/** Latest start month of ongoing cohorts: enrolment tails off by mid-2025. */
const ENROL_UNTIL = '2025-06';

/**
 * Regencies without a published figure: code, districts, DBHCHT-funded
 * participants in December 2025, sector mix, month the programme began.
 */
const UNPUBLISHED: readonly (readonly [string, number, number, MixName, string])[] = [
  ['35.01', 12, 6_000, 'coastal', '2024-03'],
  ['35.03', 14, 7_000, 'coastal', '2024-02'],
  ['35.04', 19, 14_000, 'agrarian', '2024-01'],
  ['35.05', 22, 13_000, 'agrarian', '2024-02'],
  ['35.06', 26, 24_000, 'cigarette', '2024-01'],
  ['35.07', 30, 44_000, 'cigarette', '2024-01'],
  ['35.08', 21, 22_000, 'tobacco', '2024-01'],
  ['35.10', 25, 18_000, 'coastal', '2024-02'],
  ['35.12', 17, 15_000, 'tobacco', '2024-01'],
  ['35.14', 24, 56_980, 'cigarette', '2024-01'],
  ['35.15', 18, 20_000, 'cigarette', '2024-01'],
  ['35.16', 18, 11_000, 'agrarian', '2024-03'],
  ['35.18', 20, 12_000, 'agrarian', '2024-02'],
  ['35.19', 15, 9_000, 'agrarian', '2024-04'],
  ['35.20', 18, 9_500, 'tobacco', '2024-03'],
  ['35.21', 19, 10_500, 'agrarian', '2024-02'],
  ['35.22', 28, 26_000, 'tobacco', '2024-01'],
  ['35.23', 20, 17_000, 'tobacco', '2024-02'],
  ['35.24', 27, 18_000, 'tobacco', '2024-01'],
  ['35.25', 18, 12_000, 'coastal', '2024-03'],
  ['35.26', 18, 8_000, 'coastal', '2024-05'],
  ['35.71', 3, 12_000, 'cigarette', '2024-01'],
  ['35.72', 3, 2_500, 'city', '2024-03'],
  ['35.73', 5, 9_000, 'city', '2024-02'],
  ['35.74', 5, 3_500, 'city', '2024-03'],
  ['35.75', 4, 3_000, 'city', '2024-04'],
  ['35.76', 3, 2_000, 'city', '2024-04'],
  ['35.77', 3, 2_500, 'city', '2024-03'],
  ['35.78', 30, 30_000, 'city', '2024-01'],
  ['35.79', 3, 2_500, 'city', '2024-05'],
];

/**
 * Splits `total` over shares so that the parts add up to `total` exactly
 * (largest remainder), which keeps the published totals exact.
 */
export function apportion<T>(total: number, shares: readonly (readonly [T, number])[]): [T, number][] {
  const sum = shares.reduce((acc, [, share]) => acc + share, 0);
  const parts = shares.map(([key, share], index) => {
    const exact = (total * share) / sum;
    return { key, index, count: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = total - parts.reduce((acc, part) => acc + part.count, 0);
  const byRemainder = [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const part of byRemainder) {
    if (left <= 0) break;
    part.count += 1;
    left -= 1;
  }
  return parts.map((part) => [part.key, part.count]);
}

const ongoing = (sector: Sector, funding: FundingSource, count: number, since: string, jhtShare = 0): CohortSpec => ({
  sector,
  funding,
  count,
  enrol: [since, ENROL_UNTIL],
  jhtShare,
});

const block = (
  sector: Sector,
  funding: FundingSource,
  count: number,
  start: string,
  end: string,
  previous?: CohortSpec['previous'],
): CohortSpec => ({ sector, funding, count, enrol: [start, start], end, ...(previous ? { previous } : {}) });

/** Other payers in a regency without a published breakdown, relative to its DBHCHT cohort. */
function otherPayers(total: number, mix: MixName, isCity: boolean, since: string): CohortSpec[] {
  const cohorts = [
    // Many regencies pay religious teachers (guru ngaji) from the general budget.
    ongoing('RELIGIOUS_SOCIAL_WORKER', 'APBD', Math.round(total * (isCity ? 0.1 : 0.07)), since, 0.05),
    ongoing(mix === 'cigarette' ? 'CIGARETTE_FACTORY_WORKER' : 'OTHER', 'CSR', Math.round(total * 0.01), since, 0.2),
    // Self-paid informal workers often add the optional JHT savings.
    ongoing('STREET_VENDOR', 'MANDIRI', Math.round(total * 0.02), since, 0.4),
  ];
  // Only kabupaten have villages (desa) with their own budget.
  if (!isCity) cohorts.push(ongoing('VILLAGE_VULNERABLE_WORKER', 'APBDES', Math.round(total * 0.03), since));
  return cohorts;
}

function unpublishedProfile([code, districts, total, mix, since]: (typeof UNPUBLISHED)[number]): RegencyProfile {
  return plannedProfile({ code, districts, total, mix, since, isCity: code >= '35.71' });
}

/** A regency described by its size and sector mix only (no published breakdown). */
export interface RegencyPlan {
  code: string;
  districts: number;
  /** DBHCHT-funded participants covered in December 2025 at full scale. */
  total: number;
  mix: MixName;
  /** Month the programme began; ongoing enrolment runs from then to mid-2025. */
  since: string;
  isCity: boolean;
  coverage2025?: number;
}

/** The cohorts of a planned regency: its DBHCHT participants in the mix's shares, plus the other payers. */
export function plannedProfile(plan: RegencyPlan): RegencyProfile {
  const { code, districts, total, mix, since, isCity } = plan;
  const dbhcht = apportion(total, MIXES[mix]).map(([sector, count]) => ongoing(sector, 'DBHCHT', count, since, 0.03));
  return {
    code,
    districts,
    tobacco: mix === 'tobacco',
    ...(plan.coverage2025 === undefined ? {} : { coverage2025: plan.coverage2025 }),
    cohorts: [...dbhcht, ...otherPayers(total, mix, isCity, since)],
  };
}

/** Regencies with published 2025 (Jombang: 2024) figures, reproduced as published. */
const PUBLISHED: readonly RegencyProfile[] = [
  {
    // Jember's "Lingkaran Cinta": 82,093 regency-paid participants in 2025.
    code: '35.09',
    districts: 30,
    tobacco: true,
    coverage2025: 0.91,
    cohorts: [
      ongoing('TOBACCO_FARM_WORKER', 'DBHCHT', 40_300, '2024-01'),
      ongoing('FOOD_CROP_FARMER', 'DBHCHT', 10_000, '2024-01'),
      ongoing('RELIGIOUS_SOCIAL_WORKER', 'APBD', 19_474, '2024-01'),
      ongoing('VILLAGE_VULNERABLE_WORKER', 'DBH_PAJAK', 9_484, '2024-04'),
      ongoing('FISHER', 'DBH_PAJAK', 2_000, '2024-04'),
      // 82,093 - 81,258: the "some hundreds" of street vendors.
      ongoing('STREET_VENDOR', 'APBD', 835, '2024-07'),
    ],
  },
  {
    code: '35.13',
    districts: 24,
    tobacco: true,
    cohorts: [
      ongoing('TOBACCO_FARM_WORKER', 'DBHCHT', 14_000, '2024-01'),
      ongoing('TOBACCO_FARMER', 'DBHCHT', 5_250, '2024-01'),
      ongoing('FOOD_CROP_FARMER', 'DBHCHT', 3_000, '2024-02'),
      ongoing('FISHER', 'DBHCHT', 2_000, '2024-02'),
      ongoing('RELIGIOUS_SOCIAL_WORKER', 'APBD', 1_500, '2024-03', 0.05),
    ],
  },
  {
    code: '35.02',
    districts: 21,
    tobacco: false,
    coverage2025: 0.94,
    cohorts: [
      ongoing('VILLAGE_VULNERABLE_WORKER', 'DBHCHT', 12_000, '2024-02'),
      ongoing('FOOD_CROP_FARMER', 'DBHCHT', 9_000, '2024-02'),
      ongoing('RELIGIOUS_SOCIAL_WORKER', 'DBHCHT', 4_250, '2024-02'),
      ongoing('TOBACCO_FARM_WORKER', 'DBHCHT', 2_500, '2024-02'),
      ongoing('STREET_VENDOR', 'DBHCHT', 1_500, '2024-04'),
    ],
  },
  {
    // Bondowoso pays April-December; most of 2025's tobacco farmers were covered April-December 2024 too.
    code: '35.11',
    districts: 23,
    tobacco: true,
    cohorts: [
      block('TOBACCO_FARMER', 'DBHCHT', 8_445, '2025-04', '2025-12', { start: '2024-04', end: '2024-12', count: 7_100 }),
      ongoing('VILLAGE_VULNERABLE_WORKER', 'APBD', 1_200, '2024-01'),
    ],
  },
  {
    code: '35.27',
    districts: 14,
    tobacco: true,
    cohorts: [
      block('TOBACCO_FARMER', 'DBHCHT', 3_000, '2025-05', '2025-12', { start: '2024-06', end: '2024-12', count: 2_100 }),
      block('TOBACCO_FARM_WORKER', 'DBHCHT', 2_400, '2025-05', '2025-12', { start: '2024-06', end: '2024-12', count: 1_700 }),
      block('FISHER', 'DBHCHT', 1_500, '2025-05', '2025-12', { start: '2024-06', end: '2024-12', count: 1_100 }),
    ],
  },
  {
    code: '35.29',
    districts: 27,
    tobacco: true,
    cohorts: [
      ongoing('VILLAGE_VULNERABLE_WORKER', 'DBHCHT', 3_438, '2024-03'),
      ongoing('CIGARETTE_FACTORY_WORKER', 'DBHCHT', 2_274, '2024-03'),
      ongoing('FISHER', 'APBD', 1_000, '2024-05'),
    ],
  },
  {
    code: '35.28',
    districts: 13,
    tobacco: true,
    cohorts: [
      block('TOBACCO_FARM_WORKER', 'DBHCHT', 612, '2025-03', '2025-12', { start: '2024-04', end: '2024-12', count: 450 }),
      block('FISHER', 'DBHCHT', 500, '2025-03', '2025-12', { start: '2024-04', end: '2024-12', count: 380 }),
      ongoing('RELIGIOUS_SOCIAL_WORKER', 'APBD', 2_000, '2024-02'),
    ],
  },
  {
    // Jombang covered 13,250 for six months of 2024 (July-December), then the whole of 2025.
    code: '35.17',
    districts: 21,
    tobacco: false,
    cohorts: [
      block('VILLAGE_VULNERABLE_WORKER', 'DBHCHT', 6_500, '2025-01', '2025-12', { start: '2024-07', end: '2024-12', count: 6_000 }),
      block('FOOD_CROP_FARMER', 'DBHCHT', 4_600, '2025-01', '2025-12', { start: '2024-07', end: '2024-12', count: 4_250 }),
      block('RELIGIOUS_SOCIAL_WORKER', 'DBHCHT', 3_400, '2025-01', '2025-12', { start: '2024-07', end: '2024-12', count: 3_000 }),
    ],
  },
];

/** Regencies whose published figures the demo reproduces exactly at full scale. */
export const PUBLISHED_REGENCIES: ReadonlySet<string> = new Set(PUBLISHED.map((profile) => profile.code));

/** Every regency and city of East Java, keyed by code. */
export const EAST_JAVA_PROFILES: ReadonlyMap<string, RegencyProfile> = new Map(
  [...PUBLISHED, ...UNPUBLISHED.map(unpublishedProfile)].map((profile) => [profile.code, profile]),
);

/** First month the calibration describes; renewed participants' earlier periods start no earlier. */
export const CALIBRATION_START = '2024-01';
