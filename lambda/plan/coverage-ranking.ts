/**
 * The province's regencies ranked by programme coverage (ACTIVE_PARTICIPANTS / TARGET_WORKERS), as
 * provinces rank them for their July evaluation. Every regency of the province appears: one without a
 * target, or whose count is withheld from the caller (small cells), has no rate and ranks after those
 * with one; ties are broken by region code.
 */
import { parseBucket, previousBucket } from '../domain/period.js';
import type { Region } from '../domain/regions.js';
import { DomainError } from '../domain/errors.js';
import type { StatsResult } from './stats-engine.js';
import type { StatsQuery } from './stats-query.js';

export interface RankingEntry {
  rank: number;
  region: Region;
  /** null when withheld from the caller; so is everything computed from it. */
  activeParticipants: number | null;
  targetWorkers: number;
  coverageRate: number | null;
  previousActiveParticipants: number | null;
  previousCoverageRate: number | null;
  activeChange: number | null;
  coverageRateChange: number | null;
  suppressed: boolean;
}

export interface RankingRequest {
  province: Region;
  period: string;
  fundingSource?: string[];
  sector?: string[];
}

export async function coverageRanking(
  req: RankingRequest,
  regencies: Region[],
  run: (q: StatsQuery) => Promise<StatsResult>,
): Promise<{ period: string; previousPeriod: string; entries: RankingEntry[] }> {
  if (req.province.level !== 'PROVINCE') throw new DomainError('INVALID_INPUT', `${req.province.code} is not a province`);
  const bucket = parseBucket(req.period);
  const previous = previousBucket(bucket);
  const base = { dimensions: ['REGION'] as const, regionLevel: 'REGENCY' as const, from: previous.first, to: bucket.last, granularity: bucket.granularity };
  const [active, target] = await Promise.all([
    run({
      ...base,
      dimensions: [...base.dimensions],
      measures: ['ACTIVE_PARTICIPANTS'],
      filter: { REGION: [req.province.code], FUNDING_SOURCE: req.fundingSource, SECTOR: req.sector },
    }),
    run({ ...base, dimensions: [...base.dimensions], measures: ['TARGET_WORKERS'], filter: { REGION: [req.province.code], SECTOR: req.sector } }),
  ]);
  // No row = nothing there (0); a row whose value is null = withheld from the caller.
  const value = (res: StatsResult, measure: string, period: string, region: string): number | null => {
    const row = res.rows.find((r) => r.bucket.id === period && r.dims.REGION === region);
    return row ? (row.values[measure] ?? null) : 0;
  };
  const rate = (a: number | null, t: number) => (a !== null && t > 0 ? a / t : null);
  const entries = regencies.map((region): RankingEntry => {
    const a = value(active, 'ACTIVE_PARTICIPANTS', bucket.id, region.code);
    const t = value(target, 'TARGET_WORKERS', bucket.id, region.code) ?? 0;
    const pa = value(active, 'ACTIVE_PARTICIPANTS', previous.id, region.code);
    const pt = value(target, 'TARGET_WORKERS', previous.id, region.code) ?? 0;
    const r = rate(a, t);
    const pr = rate(pa, pt);
    return {
      rank: 0,
      region,
      activeParticipants: a,
      targetWorkers: t,
      coverageRate: r,
      previousActiveParticipants: pa,
      previousCoverageRate: pr,
      activeChange: a === null || pa === null ? null : a - pa,
      coverageRateChange: r === null || pr === null ? null : r - pr,
      suppressed: a === null || pa === null,
    };
  });
  entries.sort((x, y) => {
    if (x.coverageRate !== y.coverageRate) {
      if (x.coverageRate === null) return 1;
      if (y.coverageRate === null) return -1;
      return y.coverageRate - x.coverageRate;
    }
    return x.region.code.localeCompare(y.region.code);
  });
  entries.forEach((e, i) => (e.rank = i + 1));
  return { period: bucket.id, previousPeriod: previous.id, entries };
}
