/**
 * The coverage periods of one member of a cohort: when they joined, whether
 * they were covered before (a renewal, possibly paid by someone else), and
 * whether they left before the end of 2025 (a termination).
 */
import { CALIBRATION_START, type CohortSpec } from './calibration.js';
import { monthIndex } from './calendar.js';
import type { Rng } from './prng.js';
import type { FundingSource, Sector } from './types.js';

/** Share of a new programme's participants enrolled in its first month (the launch batch). */
const LAUNCH_BATCH_SHARE = 0.55;
/** Share of ongoing cohorts' members who had an earlier, separate period (a renewal). */
export const RENEWAL_RATE = 0.1;
/** Terminations happen up to this month, so that December 2025 counts stay as calibrated. */
const LAST_TERMINATION = monthIndex('2025-09');
const FIRST_TERMINATION = monthIndex('2024-09');
/** Who paid before a regency took a renewed participant over, when it was not the same payer. */
const EARLIER_PAYERS: readonly FundingSource[] = ['MANDIRI', 'APBD', 'APBDES', 'DBHCHT'];

/** A cohort with its months resolved to month indexes. */
export interface Cohort {
  sector: Sector;
  funding: FundingSource;
  enrolFirst: number;
  enrolLast: number;
  /** Last month of a block; null when ongoing. */
  end: number | null;
  previous: { start: number; end: number } | null;
  jhtShare: number;
}

/** A coverage period before it belongs to a person; `end` null = ongoing. */
export interface PeriodDraft {
  funding: FundingSource;
  start: number;
  end: number | null;
}

export type MemberKind = 'covered' | 'renewed-block' | 'terminated';

export function resolveCohort(spec: CohortSpec): Cohort {
  return {
    sector: spec.sector,
    funding: spec.funding,
    enrolFirst: monthIndex(spec.enrol[0]),
    enrolLast: monthIndex(spec.enrol[1]),
    end: spec.end === undefined ? null : monthIndex(spec.end),
    previous: spec.previous ? { start: monthIndex(spec.previous.start), end: monthIndex(spec.previous.end) } : null,
    jhtShare: spec.jhtShare ?? 0,
  };
}

/**
 * Periods of one member, oldest first, never overlapping. `covered` members
 * are covered in the cohort's last month; `renewed-block` members also had the
 * cohort's earlier block; `terminated` members left before October 2025.
 */
export function memberPeriods(rng: Rng, cohort: Cohort, kind: MemberKind): PeriodDraft[] {
  const { funding } = cohort;
  if (kind === 'renewed-block') {
    const previous = cohort.previous;
    if (!previous) throw new Error('a renewed-block member needs a cohort with a previous block');
    return [
      { funding, start: previous.start, end: previous.end },
      { funding, start: cohort.enrolFirst, end: cohort.end },
    ];
  }
  if (kind === 'terminated') {
    const start = enrolMonth(rng, cohort.enrolFirst, Math.min(cohort.enrolLast, LAST_TERMINATION - 2));
    const earliestEnd = Math.max(start + 2, FIRST_TERMINATION);
    const end = earliestEnd <= LAST_TERMINATION ? rng.int(earliestEnd, LAST_TERMINATION) : start + 2;
    return [{ funding, start, end }];
  }
  const renewable = cohort.end === null && cohort.previous === null;
  const earliestRenewalStart = Math.max(cohort.enrolFirst, monthIndex(CALIBRATION_START) + 3);
  if (renewable && earliestRenewalStart <= cohort.enrolLast && rng.chance(RENEWAL_RATE)) {
    return renewedPeriods(rng, cohort, earliestRenewalStart);
  }
  return [{ funding, start: enrolMonth(rng, cohort.enrolFirst, cohort.enrolLast), end: cohort.end }];
}

function renewedPeriods(rng: Rng, cohort: Cohort, earliestStart: number): PeriodDraft[] {
  const calibrationStart = monthIndex(CALIBRATION_START);
  const start = rng.int(earliestStart, cohort.enrolLast);
  // A lapse of up to two unpaid months between the periods is common when budgets are late.
  const previousEnd = start - 1 - rng.int(0, 2);
  const previousStart = rng.int(calibrationStart, Math.max(calibrationStart, previousEnd - 2));
  const previousFunding = rng.chance(0.6)
    ? cohort.funding
    : rng.pick(EARLIER_PAYERS.filter((payer) => payer !== cohort.funding));
  return [
    { funding: previousFunding, start: previousStart, end: previousEnd },
    { funding: cohort.funding, start, end: cohort.end },
  ];
}

function enrolMonth(rng: Rng, first: number, last: number): number {
  if (last <= first || rng.chance(LAUNCH_BATCH_SHARE)) return first;
  return rng.int(first, last);
}
