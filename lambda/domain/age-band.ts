/** Age bands of the statistics: age in whole years on the last day of the reporting period. */
export const AGE_BANDS = ['<15', '15-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Whole years between a birth date and a date (both `YYYY-MM-DD`): a birthday on the date counts. */
export function ageOn(birthDate: string, date: string): number {
  const by = Number(birthDate.slice(0, 4));
  const bmd = birthDate.slice(5);
  const y = Number(date.slice(0, 4));
  const md = date.slice(5);
  return y - by - (md < bmd ? 1 : 0);
}

export function ageBand(age: number): AgeBand {
  return BAND_OF_AGE[age] ?? bandOf(age);
}

function bandOf(age: number): AgeBand {
  if (age < 15) return '<15';
  if (age >= 65) return '65+';
  const lower = Math.floor((age - 15) / 10) * 10 + 15;
  return `${lower}-${lower + 9}` as AgeBand;
}

/** The aggregator asks for a band per fact, millions of times per import: ages 0–130 are looked up. */
const BAND_OF_AGE: readonly AgeBand[] = Array.from({ length: 131 }, (_, age) => bandOf(age));
