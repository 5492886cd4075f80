/**
 * The province's regencies ranked by programme coverage (ACTIVE_PARTICIPANTS / TARGET_WORKERS), as
 * provinces rank them for their July evaluation. Every regency of the province appears: one without a
 * target has no rate and ranks after those with one; ties are broken by region code.
 */
import { parseBucket, previousBucket } from '../domain/period.js';
import type { Region } from '../domain/regions.js';
import { DomainError } from '../domain/errors.js';
import type { StatsResult } from './stats-engine.js';
import type { StatsQuery } from './stats-query.js';

export interface RankingEntry {
  rank: number;
  region: Region;
  activeParticipants: number;
  targetWorkers: number;
  coverageRate: number | null;
  previousActiveParticipants: number;
  previousCoverageRate: number | null;
  activeChange: number;
  coverageRateChange: number | null;
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
  const value = (res: StatsResult, measure: string, period: string, region: string) =>
    res.rows.find((r) => r.bucket.id === period && r.dims.REGION === region)?.values[measure] ?? 0;
  const rate = (a: number, t: number) => (t > 0 ? a / t : null);
  const entries = regencies.map((region) => {
    const a = value(active, 'ACTIVE_PARTICIPANTS', bucket.id, region.code)!;
    const t = value(target, 'TARGET_WORKERS', bucket.id, region.code)!;
    const pa = value(active, 'ACTIVE_PARTICIPANTS', previous.id, region.code)!;
    const pt = value(target, 'TARGET_WORKERS', previous.id, region.code)!;
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
      activeChange: a - pa,
      coverageRateChange: r === null || pr === null ? null : r - pr,
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
