/**
 * DBHCHT realization for DJPK: allocation against contributions paid from DBHCHT, with what the covered
 * DBHCHT-funded participants should have cost, per period of the fiscal year (semesters by default).
 */
import { DomainError } from '../domain/errors.js';
import type { Granularity } from '../domain/period.js';
import type { StatsResult } from './stats-engine.js';
import type { StatsQuery } from './stats-query.js';

export interface RealizationRow {
  period: string;
  allocation: number;
  paid: number;
  cumulativePaid: number;
  expected: number;
  gap: number;
  realizationRate: number | null;
  cumulativeRealizationRate: number | null;
  participantsCovered: number;
  participantMonths: number;
  costPerParticipantMonth: number | null;
}

export async function dbhchtRealization(
  req: { region: string; fiscalYear: number; granularity: Granularity },
  run: (q: StatsQuery) => Promise<StatsResult>,
): Promise<{ rows: RealizationRow[]; total: RealizationRow }> {
  if (!Number.isInteger(req.fiscalYear) || req.fiscalYear < 2000 || req.fiscalYear > 2100) {
    throw new DomainError('INVALID_INPUT', 'fiscalYear must be a year between 2000 and 2100');
  }
  const range = { from: `${req.fiscalYear}-01`, to: `${req.fiscalYear}-12`, granularity: req.granularity, dimensions: [], regionLevel: 'REGENCY' as const };
  const [budget, flows] = await Promise.all([
    run({ ...range, measures: ['BUDGET_IDR'], filter: { REGION: [req.region] } }),
    run({
      ...range,
      measures: ['CONTRIBUTIONS_IDR', 'EXPECTED_CONTRIBUTIONS_IDR', 'ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'],
      filter: { REGION: [req.region], FUNDING_SOURCE: ['DBHCHT'] },
    }),
  ]);
  const allocation = budget.totals.BUDGET_IDR ?? 0;
  const at = (res: StatsResult, period: string, m: string) => res.rows.find((r) => r.bucket.id === period)?.values[m] ?? 0;
  let cumulative = 0;
  const rows = flows.query.buckets.map((b) => {
    const paid = at(flows, b.id, 'CONTRIBUTIONS_IDR')!;
    cumulative += paid;
    return row(b.id, allocation, paid, cumulative, at(flows, b.id, 'EXPECTED_CONTRIBUTIONS_IDR')!, at(flows, b.id, 'ACTIVE_PARTICIPANTS')!, at(flows, b.id, 'PARTICIPANT_MONTHS')!);
  });
  const t = flows.totals;
  const total = row(String(req.fiscalYear), allocation, t.CONTRIBUTIONS_IDR ?? 0, cumulative, t.EXPECTED_CONTRIBUTIONS_IDR ?? 0, t.ACTIVE_PARTICIPANTS ?? 0, t.PARTICIPANT_MONTHS ?? 0);
  return { rows, total };
}

function row(period: string, allocation: number, paid: number, cumulativePaid: number, expected: number, covered: number, pm: number): RealizationRow {
  return {
    period,
    allocation,
    paid,
    cumulativePaid,
    expected,
    gap: expected - paid,
    realizationRate: allocation > 0 ? paid / allocation : null,
    cumulativeRealizationRate: allocation > 0 ? cumulativePaid / allocation : null,
    participantsCovered: covered,
    participantMonths: pm,
    costPerParticipantMonth: pm > 0 ? paid / pm : null,
  };
}
