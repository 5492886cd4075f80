/** Code lists of the import contract (reference.md). Codes are stable identifiers; labels live in the docs. */
export const SECTORS = [
  'TOBACCO_FARM_WORKER',
  'TOBACCO_FARMER',
  'CIGARETTE_FACTORY_WORKER',
  'FOOD_CROP_FARMER',
  'FISHER',
  'RELIGIOUS_SOCIAL_WORKER',
  'VILLAGE_VULNERABLE_WORKER',
  'STREET_VENDOR',
  'OTHER',
] as const;
export type Sector = (typeof SECTORS)[number];

export const FUNDING_SOURCES = ['DBHCHT', 'APBD', 'DBH_PAJAK', 'APBDES', 'CSR', 'MANDIRI'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const PROGRAMS = ['JKK', 'JKM', 'JHT'] as const;
export type Program = (typeof PROGRAMS)[number];

/** The packages a BPU participant may be enrolled in: JKK and JKM always, JHT optional (reference.md). */
export const PROGRAM_SETS = { 'JKK+JKM': ['JKK', 'JKM'], 'JKK+JKM+JHT': ['JKK', 'JKM', 'JHT'] } as const satisfies Record<
  string,
  readonly Program[]
>;
export type ProgramSet = keyof typeof PROGRAM_SETS;

export const CLAIM_PROGRAMS = ['JKK', 'JKM'] as const;
export type ClaimProgram = (typeof CLAIM_PROGRAMS)[number];

export const GENDERS = ['L', 'P'] as const;
export type Gender = (typeof GENDERS)[number];

export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
