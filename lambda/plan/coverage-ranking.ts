/**
 * Regions ranked by programme coverage (ACTIVE_PARTICIPANTS / TARGET_WORKERS): a province's regencies, as
 * provinces rank them for their July evaluation, or nationally the provinces (their regencies' counts and
 * targets summed) or every regency of the country. Every region given appears: one without a target, or
 * whose count is withheld from the caller (small cells), has no rate and ranks after those with one; ties
 * are broken by region code.
 */
import { parseBucket, previousBucket } from '../domain/period.js';
import type { Region } from '../domain/regions.js';
import { DomainError } from '../domain/errors.js';
import type { StatsResult } from './stats-engine.js';
import type { StatsQuery } from './stats-query.js';
import { compareOrdinal } from '../domain/ordinal.js';

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
  /** The province whose regions are ranked; undefined = the whole country. */
  province: Region | undefined;
  /** The level of the ranked regions. */
  level: 'PROVINCE' | 'REGENCY';
  period: string;
  /** Keep only the first N entries after ranking (1..1000). */
  first?: number;
  fundingSource?: string[];
  sector?: string[];
}

export async function coverageRanking(
  req: RankingRequest,
  ranked: Region[],
  run: (q: StatsQuery) => Promise<StatsResult>,
): Promise<{ period: string; previousPeriod: string; total: number; entries: RankingEntry[] }> {
  if (req.province && req.province.level !== 'PROVINCE') throw new DomainError('INVALID_INPUT', `${req.province.code} is not a province`);
  if (req.province && req.level !== 'REGENCY') throw new DomainError('INVALID_INPUT', 'A province ranks its regencies: level must be REGENCY', { argument: 'level' });
  if (req.first !== undefined && (!Number.isInteger(req.first) || req.first < 1 || req.first > 1000)) {
    throw new DomainError('INVALID_INPUT', 'first must be between 1 and 1000', { argument: 'first' });
  }
  const bucket = parseBucket(req.period);
  const previous = previousBucket(bucket);
  const base = { dimensions: ['REGION'] as const, regionLevel: req.level, from: previous.first, to: bucket.last, granularity: bucket.granularity };
  const region = req.province ? [req.province.code] : undefined;
  const [active, target] = await Promise.all([
    run({
      ...base,
      dimensions: [...base.dimensions],
      measures: ['ACTIVE_PARTICIPANTS'],
      filter: { REGION: region, FUNDING_SOURCE: req.fundingSource, SECTOR: req.sector },
    }),
    run({ ...base, dimensions: [...base.dimensions], measures: ['TARGET_WORKERS'], filter: { REGION: region, SECTOR: req.sector } }),
  ]);
  // No row = nothing there (0); a row whose value is null = withheld from the caller.
  const value = (res: StatsResult, measure: string, period: string, region: string): number | null => {
    const row = res.rows.find((r) => r.bucket.id === period && r.dims.REGION === region);
    return row ? (row.values[measure] ?? null) : 0;
  };
  const rate = (a: number | null, t: number) => (a !== null && t > 0 ? a / t : null);
  const entries = ranked.map((region): RankingEntry => {
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
    return compareOrdinal(x.region.code, y.region.code);
  });
  entries.forEach((e, i) => (e.rank = i + 1));
  return { period: bucket.id, previousPeriod: previous.id, total: entries.length, entries: req.first === undefined ? entries : entries.slice(0, req.first) };
}
