/**
 * How big a demo data set is. Every cohort of the calibration is multiplied by
 * one factor, so a scaled-down data set keeps the shape of the full one
 * (regency ranking, sector mix, coverage rates, realization rates).
 */
import { EAST_JAVA_PROFILES, type CohortSpec, type RegencyProfile } from './calibration.js';

/** Share of an ongoing cohort that left before December 2025, on top of its December count. */
export const TERMINATION_RATE = 0.04;

/** Participants (distinct ids) a cohort yields at factor `factor`, planted extras aside. */
export function cohortParticipants(cohort: CohortSpec, factor: number): { covered: number; terminated: number } {
  const covered = Math.round(cohort.count * factor);
  const terminated = cohort.end === undefined ? Math.round(covered * TERMINATION_RATE) : 0;
  return { covered, terminated };
}

export function participantsAt(profiles: Iterable<RegencyProfile>, factor: number): number {
  let total = 0;
  for (const profile of profiles) {
    for (const cohort of profile.cohorts) {
      const { covered, terminated } = cohortParticipants(cohort, factor);
      total += covered + terminated;
    }
  }
  return total;
}

/** Distinct participants of the full-scale East Java demo (factor 1): 700,910. */
export const FULL_SCALE_PARTICIPANTS = participantsAt(EAST_JAVA_PROFILES.values(), 1);

/**
 * The default: small enough that a first local start, with DynamoDB Local persisting to disk, imports
 * and aggregates in about a minute on 2 cores. Factor 10,000 / 700,910 = 0.014267 (about 1 in 70.1).
 */
export const SMALL_SCALE_PARTICIPANTS = 10_000;

/**
 * Factor applied to every full-scale cohort to get about `participants` participants, out of `fullScale`
 * at factor 1 (East Java's by default; the selected provinces' together when there are several).
 */
export function scaleFactor(participants: number, fullScale: number = FULL_SCALE_PARTICIPANTS): number {
  if (!Number.isFinite(participants) || participants <= 0) {
    throw new RangeError(`participants must be a positive number, got ${participants}`);
  }
  return participants / fullScale;
}

/** `small` | `full` | a participant count (as typed on the command line) -> participant count. */
export function participantsForScale(scale: string): number {
  if (scale === 'small') return SMALL_SCALE_PARTICIPANTS;
  if (scale === 'full') return FULL_SCALE_PARTICIPANTS;
  if (/^[1-9]\d*$/.test(scale)) return Number(scale);
  throw new RangeError(`--scale must be small, full or a participant count, got ${JSON.stringify(scale)}`);
}
