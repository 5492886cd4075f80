/**
 * JKK and JKM claims paid to covered participants. East Java paid 775 claims
 * worth about Rp 28 billion in 2025; death benefits (Rp 42 million each)
 * dominate the total, work-accident medical bills are smaller and vary.
 */
import { firstDayOfMonth, lastDayOfMonth, monthOfDay, yearOfMonth } from './calendar.js';
import type { Rng } from './prng.js';
import { JKK_DEATH_BENEFIT_IDR, JKM_BENEFIT_IDR } from './rates.js';
import type { Period, Person } from './roster.js';

export type ClaimProgram = 'JKK' | 'JKM';

export interface Claim {
  person: number;
  program: ClaimProgram;
  eventDay: number;
  paidOn: number;
  amountIdr: number;
}

/** Claims paid per year at full scale: 775 published for 2025; 2024 a little lower, with fewer covered. */
const CLAIMS_PAID_FULL_SCALE: Readonly<Record<number, number>> = { 2024: 610, 2025: 775 };
/** Share of JKM among claims, chosen so 775 claims come to about Rp 28 billion. */
const JKM_SHARE = 0.74;
/** Share of JKK claims that are a work-accident death rather than a medical bill. */
const JKK_DEATH_SHARE = 0.08;
/** BPJS pays a claim some days after the event: 5 to 60 here. */
export const MIN_PAYOUT_DELAY_DAYS = 5;
export const MAX_PAYOUT_DELAY_DAYS = 60;
/** A death within this many months of joining pays less for BPU (PP 82/2019), so regular JKM claims avoid it. */
export const JKM_WAITING_MONTHS = 3;
const MAX_DRAWS_PER_CLAIM = 10_000;

export interface ClaimWindow {
  first: number;
  last: number;
}

/**
 * Claims of every year of the window, each for a different participant
 * (recorded in `claimed`), with the event inside the claimant's coverage.
 */
export function claimsFor(
  persons: readonly Person[],
  periods: readonly Period[],
  window: ClaimWindow,
  factor: number,
  rng: Rng,
  claimed: Set<number>,
): Claim[] {
  const claims: Claim[] = [];
  if (periods.length === 0) return claims;
  for (let year = yearOfMonth(window.first); year <= yearOfMonth(window.last); year++) {
    const firstDay = firstDayOfMonth(Math.max(year * 12, window.first));
    const lastDay = lastDayOfMonth(Math.min(year * 12 + 11, window.last));
    const monthsInWindow = Math.min(year * 12 + 11, window.last) - Math.max(year * 12, window.first) + 1;
    const perYear = CLAIMS_PAID_FULL_SCALE[year] ?? CLAIMS_PAID_FULL_SCALE[2025] ?? 0;
    const count = Math.round((perYear * factor * monthsInWindow) / 12);
    for (let i = 0; i < count; i++) {
      const claim = drawClaim(persons, periods, rng, claimed, firstDay, lastDay);
      if (claim) claims.push(claim);
    }
  }
  return claims;
}

function drawClaim(
  persons: readonly Person[],
  periods: readonly Period[],
  rng: Rng,
  claimed: Set<number>,
  firstPaidDay: number,
  lastPaidDay: number,
): Claim | null {
  const program: ClaimProgram = rng.chance(JKM_SHARE) ? 'JKM' : 'JKK';
  for (let draw = 0; draw < MAX_DRAWS_PER_CLAIM; draw++) {
    const paidOn = rng.int(firstPaidDay, lastPaidDay);
    const eventDay = paidOn - rng.int(MIN_PAYOUT_DELAY_DAYS, MAX_PAYOUT_DELAY_DAYS);
    const eventMonth = monthOfDay(eventDay);
    // Drawing a period, not a person, weighs people by how long they are covered, as risk does.
    const period = periods[rng.int(0, periods.length - 1)] as Period;
    if (claimed.has(period.person) || !covers(period, eventMonth)) continue;
    const person = persons[period.person] as Person;
    const joined = (periods[person.firstPeriod] as Period).start;
    if (program === 'JKM' && eventMonth < joined + JKM_WAITING_MONTHS) continue;
    claimed.add(period.person);
    return { person: period.person, program, eventDay, paidOn, amountIdr: claimAmount(rng, program) };
  }
  return null;
}

export function covers(period: Period, month: number): boolean {
  return period.start <= month && (period.end === null || month <= period.end);
}

/** JKM pays the fixed benefit; JKK pays the medical bill (no cap) or, rarely, the death benefit. */
export function claimAmount(rng: Rng, program: ClaimProgram): number {
  if (program === 'JKM') return JKM_BENEFIT_IDR;
  if (rng.chance(JKK_DEATH_SHARE)) return JKK_DEATH_BENEFIT_IDR;
  // Log-uniform between Rp 2 and 50 million: many small bills, a few large ones.
  const amount = Math.exp(rng.between(Math.log(2_000_000), Math.log(50_000_000)));
  return Math.round(amount / 1_000) * 1_000;
}
