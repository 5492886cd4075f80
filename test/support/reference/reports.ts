/**
 * The test reference for the two report queries (the province's regency ranking and the
 * DBHCHT realization of a fiscal year), built on `referenceStats` one bucket and one
 * region at a time, which is slow and plain on purpose.
 */
import type { Granularity } from './calendar.js';
import { bucketFromLabel, bucketsBetween, parseBucketLabel, previousBucketLabel } from './calendar.js';
import type { Dataset, Region } from './dataset.js';
import type { RefQuery } from './catalogue.js';
import { referenceStats } from './measures.js';

export interface RankingFigures {
  /** 1-based. */
  rank: number;
  activeParticipants: number;
  targetWorkers: number;
  coverageRate: number | null;
}

export interface RankingEntry extends RankingFigures {
  regencyCode: string;
  name: string;
  /** The same figures for the bucket before, and the rank the regency held then. */
  previous: RankingFigures;
}

function totalsOfBucket(data: Dataset, label: string, query: Omit<RefQuery, 'from' | 'to' | 'granularity'>) {
  const { granularity } = parseBucketLabel(label);
  const bucket = bucketFromLabel(label);
  return referenceStats(data, { ...query, from: bucket.months[0]!, to: bucket.lastMonth, granularity }).totals;
}

function rankedFigures(data: Dataset, regencies: Region[], label: string): Map<string, RankingFigures> {
  const figures = regencies.map((r) => {
    const totals = totalsOfBucket(data, label, {
      measures: ['ACTIVE_PARTICIPANTS', 'TARGET_WORKERS', 'COVERAGE_RATE'],
      dimensions: [],
      filter: { REGION: [r.code] },
    });
    return {
      code: r.code,
      activeParticipants: totals.ACTIVE_PARTICIPANTS as number,
      targetWorkers: totals.TARGET_WORKERS as number,
      coverageRate: totals.COVERAGE_RATE ?? null,
    };
  });
  // Highest coverage first; a null rate (no target) after every number; ties by code.
  figures.sort((a, b) => {
    if (a.coverageRate !== b.coverageRate) {
      if (a.coverageRate === null) return 1;
      if (b.coverageRate === null) return -1;
      return b.coverageRate - a.coverageRate;
    }
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
  const ranked = new Map<string, RankingFigures>();
  figures.forEach(({ code, ...rest }, i) => ranked.set(code, { rank: i + 1, ...rest }));
  return ranked;
}

/**
 * Every regency of `province` listed in `regions` (with or without data), ranked by coverage
 * rate in `bucket` (`2025-07`, `2025-Q3`, `2025-S2`, `2025`), with the previous bucket's figures.
 */
export function referenceRanking(data: Dataset, regions: Region[], province: string, bucket: string): RankingEntry[] {
  const regencies = regions.filter((r) => new RegExp(`^${province}\\.\\d{2}$`).test(r.code));
  if (regencies.length === 0) throw new Error(`reference: no regency of province ${province} in the regions list`);
  const current = rankedFigures(data, regencies, bucket);
  const previous = rankedFigures(data, regencies, previousBucketLabel(bucket));
  return regencies
    .map((r) => ({ regencyCode: r.code, name: r.name, ...current.get(r.code)!, previous: previous.get(r.code)! }))
    .sort((a, b) => a.rank - b.rank);
}

/**
 * Nationally: every province listed in `regions` (codes of two digits), or every regency of the country,
 * ranked by coverage rate in `bucket` (a province's figures are those of everything inside it).
 * Entries carry the region's code in `regencyCode`.
 */
export function referenceNationalRanking(data: Dataset, regions: Region[], level: 'PROVINCE' | 'REGENCY', bucket: string): RankingEntry[] {
  const ranked = regions.filter((r) => (level === 'PROVINCE' ? /^\d{2}$/ : /^\d{2}\.\d{2}$/).test(r.code));
  if (ranked.length === 0) throw new Error(`reference: no ${level} in the regions list`);
  const current = rankedFigures(data, ranked, bucket);
  const previous = rankedFigures(data, ranked, previousBucketLabel(bucket));
  return ranked
    .map((r) => ({ regencyCode: r.code, name: r.name, ...current.get(r.code)!, previous: previous.get(r.code)! }))
    .sort((a, b) => a.rank - b.rank);
}

export interface RealizationRow {
  bucket: string;
  /** BUDGET_IDR: the fiscal year's allocation (the same in every bucket of the year). */
  allocationIdr: number;
  /** CONTRIBUTIONS_IDR of payments funded by DBHCHT. */
  paidIdr: number;
  /** EXPECTED_CONTRIBUTIONS_IDR of DBHCHT-funded coverage periods. */
  expectedIdr: number;
  gapIdr: number;
  /** paid / allocation; null without allocation. */
  realizationRate: number | null;
  cumulativePaidIdr: number;
  cumulativeRealizationRate: number | null;
  /** DBHCHT-funded periods covering the bucket's last month. */
  participantsCovered: number;
  participantMonths: number;
  /** paid / participant months; null when there are none. */
  costPerParticipantMonth: number | null;
}

/**
 * DBHCHT realization of `fiscalYear` per bucket, within `regionCodes` (codes at province or
 * regency level; an empty list means every region in the data).
 */
export function referenceRealization(
  data: Dataset,
  regionCodes: string[],
  fiscalYear: number,
  granularity: Granularity,
): RealizationRow[] {
  const region = regionCodes.length > 0 ? { REGION: regionCodes } : {};
  let cumulativePaid = 0;
  return bucketsBetween(`${fiscalYear}-01`, `${fiscalYear}-12`, granularity).map((bucket) => {
    const budget = totalsOfBucket(data, bucket.label, { measures: ['BUDGET_IDR'], dimensions: [], filter: region });
    const dbhcht = totalsOfBucket(data, bucket.label, {
      measures: ['CONTRIBUTIONS_IDR', 'EXPECTED_CONTRIBUTIONS_IDR', 'ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'],
      dimensions: [],
      filter: { ...region, FUNDING_SOURCE: ['DBHCHT'] },
    });
    const allocation = budget.BUDGET_IDR as number;
    const paid = dbhcht.CONTRIBUTIONS_IDR as number;
    const expected = dbhcht.EXPECTED_CONTRIBUTIONS_IDR as number;
    const participantMonths = dbhcht.PARTICIPANT_MONTHS as number;
    cumulativePaid += paid;
    return {
      bucket: bucket.label,
      allocationIdr: allocation,
      paidIdr: paid,
      expectedIdr: expected,
      gapIdr: expected - paid,
      realizationRate: allocation === 0 ? null : paid / allocation,
      cumulativePaidIdr: cumulativePaid,
      cumulativeRealizationRate: allocation === 0 ? null : cumulativePaid / allocation,
      participantsCovered: dbhcht.ACTIVE_PARTICIPANTS as number,
      participantMonths,
      costPerParticipantMonth: participantMonths === 0 ? null : paid / participantMonths,
    };
  });
}
