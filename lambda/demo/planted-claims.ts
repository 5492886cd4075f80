/**
 * Claim irregularities planted for auditors: an accident claimed in a month
 * the claimant was not covered, and a death claim paid in full within three
 * months of joining.
 */
import { firstDayOfMonth, lastDayOfMonth, monthLabel } from './calendar.js';
import {
  claimAmount,
  covers,
  JKM_WAITING_MONTHS,
  MAX_PAYOUT_DELAY_DAYS,
  MIN_PAYOUT_DELAY_DAYS,
  type Claim,
} from './claims.js';
import type { Rng } from './prng.js';
import type { Period, Person } from './roster.js';
import type { PlantedKind } from './types.js';

export interface PlantedClaim {
  claim: Claim;
  kind: PlantedKind;
  detail: string;
}

const MAX_DRAWS = 100_000;

export function claimPlantCounts(factor: number): { outsideCoverage: number; earlyJkm: number } {
  return { outsideCoverage: Math.max(2, Math.round(10 * factor)), earlyJkm: Math.max(2, Math.round(8 * factor)) };
}

/**
 * Draws claimants not yet in `claimed` (and adds them). Months are month
 * indexes of the data set's first and last month; a claim's payout never
 * falls after the last one.
 */
export function plantClaimIrregularities(
  persons: readonly Person[],
  periods: readonly Period[],
  counts: { outsideCoverage: number; earlyJkm: number },
  first: number,
  last: number,
  rng: Rng,
  claimed: Set<number>,
): PlantedClaim[] {
  const planted: PlantedClaim[] = [];
  if (persons.length === 0) return planted;
  const own = (person: Person): Period[] => periods.slice(person.firstPeriod, person.firstPeriod + person.periodCount);

  for (let draw = 0, made = 0; made < counts.outsideCoverage && draw < MAX_DRAWS; draw++) {
    const index = rng.int(0, persons.length - 1);
    if (claimed.has(index)) continue;
    const mine = own(persons[index] as Person);
    const firstPeriod = mine[0] as Period;
    const lastPeriod = mine[mine.length - 1] as Period;
    // An accident shortly after coverage lapsed, or shortly before it began.
    const month =
      lastPeriod.end !== null ? lastPeriod.end + rng.int(1, 3) : firstPeriod.start - rng.int(1, 3);
    if (month < first || month > last - 2 || mine.some((period) => covers(period, month))) continue;
    claimed.add(index);
    made++;
    planted.push({
      claim: claimIn(rng, index, 'JKK', month, last),
      kind: 'CLAIM_OUTSIDE_COVERAGE',
      detail: `JKK accident in ${monthLabel(month)}, when the claimant was not covered`,
    });
  }

  for (let draw = 0, made = 0; made < counts.earlyJkm && draw < MAX_DRAWS; draw++) {
    const index = rng.int(0, persons.length - 1);
    if (claimed.has(index)) continue;
    const firstPeriod = periods[(persons[index] as Person).firstPeriod] as Period;
    // Joining on the data set's first month may be an earlier enrolment cut off: it would not be a visible "join".
    const month = firstPeriod.start + rng.int(0, JKM_WAITING_MONTHS - 1);
    if (firstPeriod.start <= first || month > last - 2 || !covers(firstPeriod, month)) continue;
    claimed.add(index);
    made++;
    planted.push({
      claim: claimIn(rng, index, 'JKM', month, last),
      kind: 'EARLY_JKM_CLAIM',
      detail: `JKM death in ${monthLabel(month)}, within ${JKM_WAITING_MONTHS} months of joining in ${monthLabel(firstPeriod.start)}, paid in full`,
    });
  }
  return planted;
}

function claimIn(rng: Rng, person: number, program: Claim['program'], month: number, last: number): Claim {
  const eventDay = rng.int(firstDayOfMonth(month), lastDayOfMonth(month));
  const paidOn = Math.min(eventDay + rng.int(MIN_PAYOUT_DELAY_DAYS, MAX_PAYOUT_DELAY_DAYS), lastDayOfMonth(last));
  return { person, program, eventDay, paidOn, amountIdr: claimAmount(rng, program) };
}
