/**
 * Reconciliation for auditors and DJPK: did the DBHCHT money buy the protection reported? Budget
 * allocated -> contributions paid from DBHCHT -> DBHCHT-funded participants covered each month (and what
 * they should have cost at the rate in force) -> claims paid, per month and per semester, with flags
 * whose thresholds are configuration (reference/audit-thresholds.json).
 */
import { DomainError } from '../domain/errors.js';
import { bucketOf } from '../domain/period.js';
import type { ReconciliationThresholds } from '../reference-data.js';
import type { StatsResult } from './stats-engine.js';
import type { StatsQuery } from './stats-query.js';

export type ReconciliationFlagCode = 'UNDERPAID' | 'OVERPAID' | 'OVER_BUDGET' | 'COST_OUTSIDE_RATE' | 'PARTICIPANTS_UP_PAYMENTS_DOWN';

export interface ReconciliationRow {
  period: string;
  allocation: number;
  paid: number;
  cumulativePaid: number;
  realizationRate: number | null;
  cumulativeRealizationRate: number | null;
  participantsCovered: number;
  participantMonths: number;
  expected: number;
  gap: number;
  costPerParticipantMonth: number | null;
  claimsPaid: number;
  /** Claims paid / contributions paid from every source (claims are not funded per source). */
  benefitsToContributions: number | null;
  flags: Array<{ code: ReconciliationFlagCode; message: string }>;
}

interface MonthFigures {
  month: string;
  paid: number;
  expected: number;
  covered: number;
  participantMonths: number;
  claimsPaid: number;
  paidAllSources: number;
}

export async function reconciliation(
  req: { region: string; fiscalYear: number },
  thresholds: ReconciliationThresholds,
  run: (q: StatsQuery) => Promise<StatsResult>,
): Promise<{ allocation: number; months: ReconciliationRow[]; semesters: ReconciliationRow[] }> {
  if (!Number.isInteger(req.fiscalYear) || req.fiscalYear < 2000 || req.fiscalYear > 2100) {
    throw new DomainError('INVALID_INPUT', 'fiscalYear must be a year between 2000 and 2100');
  }
  const year = { from: `${req.fiscalYear}-01`, to: `${req.fiscalYear}-12`, dimensions: [], regionLevel: 'REGENCY' as const };
  const [budget, dbhcht, all] = await Promise.all([
    run({ ...year, granularity: 'YEAR', measures: ['BUDGET_IDR'], filter: { REGION: [req.region] } }),
    run({
      ...year,
      granularity: 'MONTH',
      measures: ['CONTRIBUTIONS_IDR', 'EXPECTED_CONTRIBUTIONS_IDR', 'ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'],
      filter: { REGION: [req.region], FUNDING_SOURCE: ['DBHCHT'] },
    }),
    run({ ...year, granularity: 'MONTH', measures: ['CLAIMS_PAID_IDR', 'CONTRIBUTIONS_IDR'], filter: { REGION: [req.region] } }),
  ]);
  const allocation = budget.totals.BUDGET_IDR ?? 0;
  const value = (res: StatsResult, month: string, m: string) => res.rows.find((r) => r.bucket.id === month)?.values[m] ?? 0;
  const months: MonthFigures[] = dbhcht.query.buckets.map((b) => ({
    month: b.id,
    paid: value(dbhcht, b.id, 'CONTRIBUTIONS_IDR')!,
    expected: value(dbhcht, b.id, 'EXPECTED_CONTRIBUTIONS_IDR')!,
    covered: value(dbhcht, b.id, 'ACTIVE_PARTICIPANTS')!,
    participantMonths: value(dbhcht, b.id, 'PARTICIPANT_MONTHS')!,
    claimsPaid: value(all, b.id, 'CLAIMS_PAID_IDR')!,
    paidAllSources: value(all, b.id, 'CONTRIBUTIONS_IDR')!,
  }));
  // Semesters from months: flows add up, participants covered is the semester's last month.
  const semesters: MonthFigures[] = [];
  for (const m of months) {
    const id = bucketOf(m.month, 'SEMESTER').id;
    const s = semesters.find((x) => x.month === id);
    if (!s) semesters.push({ ...m, month: id });
    else {
      s.paid += m.paid;
      s.expected += m.expected;
      s.covered = m.covered;
      s.participantMonths += m.participantMonths;
      s.claimsPaid += m.claimsPaid;
      s.paidAllSources += m.paidAllSources;
    }
  }
  return { allocation, months: rows(months, allocation, thresholds), semesters: rows(semesters, allocation, thresholds) };
}

function rows(figures: MonthFigures[], allocation: number, t: ReconciliationThresholds): ReconciliationRow[] {
  let cumulative = 0;
  return figures.map((f, i) => {
    cumulative += f.paid;
    const cost = f.participantMonths > 0 ? f.paid / f.participantMonths : null;
    const cumulativeRate = allocation > 0 ? cumulative / allocation : null;
    const flags: ReconciliationRow['flags'] = [];
    if (f.expected > 0 && f.paid < t.underpaidBelowShareOfExpected * f.expected) {
      flags.push({ code: 'UNDERPAID', message: `paid ${pct(f.paid / f.expected)} of the expected contributions (threshold ${pct(t.underpaidBelowShareOfExpected)})` });
    }
    if (f.paid > t.overpaidAboveShareOfExpected * f.expected) {
      flags.push({ code: 'OVERPAID', message: `paid Rp ${f.paid - f.expected} more than the covered participants cost at the rate in force` });
    }
    if (cumulativeRate !== null && cumulativeRate > t.overBudgetAboveRealization) {
      flags.push({ code: 'OVER_BUDGET', message: `cumulative payments are ${pct(cumulativeRate)} of the allocation` });
    }
    if (cost !== null && (cost < t.costPerParticipantMonthMinimumIdr || cost > t.costPerParticipantMonthMaximumIdr)) {
      flags.push({
        code: 'COST_OUTSIDE_RATE',
        message: `Rp ${Math.round(cost)} per participant-month, outside Rp ${t.costPerParticipantMonthMinimumIdr}-${t.costPerParticipantMonthMaximumIdr}`,
      });
    }
    const prev = figures[i - 1];
    if (prev && f.covered > prev.covered && f.paid < prev.paid) {
      flags.push({ code: 'PARTICIPANTS_UP_PAYMENTS_DOWN', message: `participants covered rose from ${prev.covered} to ${f.covered} while payments fell` });
    }
    return {
      period: f.month,
      allocation,
      paid: f.paid,
      cumulativePaid: cumulative,
      realizationRate: allocation > 0 ? f.paid / allocation : null,
      cumulativeRealizationRate: cumulativeRate,
      participantsCovered: f.covered,
      participantMonths: f.participantMonths,
      expected: f.expected,
      gap: f.expected - f.paid,
      costPerParticipantMonth: cost,
      claimsPaid: f.claimsPaid,
      benefitsToContributions: f.paidAllSources > 0 ? f.claimsPaid / f.paidAllSources : null,
      flags,
    };
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
