/**
 * Period close: a province or ministry user closes a period for a region; the figures as closed are kept
 * as a snapshot sealed by a SHA-256 over its content. Later corrections change the current figures only,
 * and each figure shows published, current and the adjustment between them.
 */
import { createHash } from 'node:crypto';
import type { MeasureName } from '../domain/measures.js';
import { parseBucket } from '../domain/period.js';
import { canonicalJson } from '../domain/canonical-json.js';
import type { ClosedPeriod } from '../domain/closed-period.js';
import type { StatsResult } from './stats-engine.js';
import type { StatsQuery } from './stats-query.js';

export type { ClosedPeriod };

export const CLOSED_MEASURES = [
  'ACTIVE_PARTICIPANTS',
  'PARTICIPANT_MONTHS',
  'NEW_ENROLLMENTS',
  'TERMINATIONS',
  'EXPECTED_CONTRIBUTIONS_IDR',
  'CONTRIBUTIONS_IDR',
  'CONTRIBUTION_GAP_IDR',
  'CLAIMS',
  'CLAIMS_PAID_IDR',
  'TARGET_WORKERS',
  'COVERAGE_RATE',
  'BUDGET_IDR',
  'BUDGET_REALIZATION_RATE',
] as const satisfies readonly MeasureName[];


export async function currentFigures(region: string, period: string, run: (q: StatsQuery) => Promise<StatsResult>): Promise<Record<string, number | null>> {
  const bucket = parseBucket(period);
  const result = await run({
    measures: [...CLOSED_MEASURES],
    dimensions: [],
    regionLevel: 'REGENCY',
    filter: { REGION: [region] },
    from: bucket.first,
    to: bucket.last,
    granularity: bucket.granularity,
  });
  return result.totals;
}

export function sealOf(snapshot: Omit<ClosedPeriod, 'sha256'>): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

export function seal(snapshot: Omit<ClosedPeriod, 'sha256'>): ClosedPeriod {
  return { ...snapshot, sha256: sealOf(snapshot) };
}

/** True when the stored snapshot is exactly what was sealed. */
export function verifySeal(closed: ClosedPeriod): boolean {
  const { sha256, ...content } = closed;
  return sealOf(content) === sha256;
}

export function compareFigures(published: Record<string, number | null>, current: Record<string, number | null>) {
  return CLOSED_MEASURES.map((measure) => {
    const p = published[measure] ?? null;
    const c = current[measure] ?? null;
    return { measure, published: p, current: c, adjustment: p === null || c === null ? null : c - p };
  });
}
