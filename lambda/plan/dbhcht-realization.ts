/**
 * DBHCHT realization for DJPK: allocation against contributions paid from DBHCHT, with what the covered
 * DBHCHT-funded participants should have cost, per period of the fiscal year (semesters by default).
 * Figures withheld from the caller (small cells) are null, and so is everything computed from them.
 */
import { DomainError } from '../domain/errors.js';
import type { Granularity } from '../domain/period.js';
import type { StatsResult } from './stats-engine.js';
import type { StatsQuery } from './stats-query.js';

export interface RealizationRow {
  period: string;
  allocation: number;
  paid: number | null;
  cumulativePaid: number | null;
  expected: number | null;
  gap: number | null;
  realizationRate: number | null;
  cumulativeRealizationRate: number | null;
  participantsCovered: number | null;
  participantMonths: number | null;
  costPerParticipantMonth: number | null;
  suppressed: boolean;
}

export interface Realization {
  rows: RealizationRow[];
  total: RealizationRow;
}

function checkFiscalYear(fiscalYear: number): void {
  if (!Number.isInteger(fiscalYear) || fiscalYear < 2000 || fiscalYear > 2100) {
    throw new DomainError('INVALID_INPUT', 'fiscalYear must be a year between 2000 and 2100');
  }
}

/** The realization of one region (a province or a regency), or of the whole country when region is undefined. */
export async function dbhchtRealization(
  req: { region: string | undefined; fiscalYear: number; granularity: Granularity },
  run: (q: StatsQuery) => Promise<StatsResult>,
): Promise<Realization> {
  checkFiscalYear(req.fiscalYear);
  const region = req.region === undefined ? undefined : [req.region];
  const range = { from: `${req.fiscalYear}-01`, to: `${req.fiscalYear}-12`, granularity: req.granularity, dimensions: [], regionLevel: 'REGENCY' as const };
  const [budget, flows] = await Promise.all([
    run({ ...range, measures: ['BUDGET_IDR'], filter: { REGION: region } }),
    run({
      ...range,
      measures: ['CONTRIBUTIONS_IDR', 'EXPECTED_CONTRIBUTIONS_IDR', 'ACTIVE_PARTICIPANTS', 'PARTICIPANT_MONTHS'],
      filter: { REGION: region, FUNDING_SOURCE: ['DBHCHT'] },
    }),
  ]);
  const allocation = budget.totals.BUDGET_IDR ?? 0;
  // No row = nothing in that period (0); a null value = withheld from the caller.
  const at = (res: StatsResult, period: string, m: string): number | null => {
    const r = res.rows.find((x) => x.bucket.id === period);
    return r ? (r.values[m] ?? null) : 0;
  };
  let cumulative: number | null = 0;
  const rows = flows.query.buckets.map((b) => {
    const paid = at(flows, b.id, 'CONTRIBUTIONS_IDR');
    cumulative = cumulative === null || paid === null ? null : cumulative + paid;
    return row(b.id, allocation, paid, cumulative, at(flows, b.id, 'EXPECTED_CONTRIBUTIONS_IDR'), at(flows, b.id, 'ACTIVE_PARTICIPANTS'), at(flows, b.id, 'PARTICIPANT_MONTHS'));
  });
  const t = flows.totals;
  const total = row(String(req.fiscalYear), allocation, t.CONTRIBUTIONS_IDR ?? null, cumulative, t.EXPECTED_CONTRIBUTIONS_IDR ?? null, t.ACTIVE_PARTICIPANTS ?? null, t.PARTICIPANT_MONTHS ?? null);
  return { rows, total };
}

/**
 * The national realization and each province's, for the provinces with a DBHCHT allocation or
 * DBHCHT-funded payments in the fiscal year (ordered by code). The caller must be allowed to see the
 * whole country (plan/scope.ts requireNationalScope).
 */
export async function nationalDbhchtRealization(
  req: { fiscalYear: number; granularity: Granularity },
  provinces: readonly string[],
  run: (q: StatsQuery) => Promise<StatsResult>,
): Promise<Realization & { provinces: Array<{ region: string } & Realization> }> {
  checkFiscalYear(req.fiscalYear);
  const year = { from: `${req.fiscalYear}-01`, to: `${req.fiscalYear}-12`, granularity: 'YEAR' as const, dimensions: ['REGION' as const], regionLevel: 'PROVINCE' as const };
  const [national, budgets, payments] = await Promise.all([
    dbhchtRealization({ region: undefined, ...req }, run),
    run({ ...year, measures: ['BUDGET_IDR'], filter: {} }),
    run({ ...year, measures: ['CONTRIBUTIONS_IDR'], filter: { FUNDING_SOURCE: ['DBHCHT'] } }),
  ]);
  // A withheld (null) payment total still means payments exist.
  const active = new Set(
    [...budgets.rows.filter((r) => r.values.BUDGET_IDR !== 0), ...payments.rows.filter((r) => r.values.CONTRIBUTIONS_IDR !== 0)].map((r) => r.dims.REGION!),
  );
  const listed = provinces.filter((p) => active.has(p)).sort();
  const perProvince = await Promise.all(listed.map(async (region) => ({ region, ...(await dbhchtRealization({ region, ...req }, run)) })));
  return { ...national, provinces: perProvince };
}

function row(
  period: string,
  allocation: number,
  paid: number | null,
  cumulativePaid: number | null,
  expected: number | null,
  covered: number | null,
  pm: number | null,
): RealizationRow {
  return {
    period,
    allocation,
    paid,
    cumulativePaid,
    expected,
    gap: expected === null || paid === null ? null : expected - paid,
    realizationRate: paid !== null && allocation > 0 ? paid / allocation : null,
    cumulativeRealizationRate: cumulativePaid !== null && allocation > 0 ? cumulativePaid / allocation : null,
    participantsCovered: covered,
    participantMonths: pm,
    costPerParticipantMonth: paid !== null && pm !== null && pm > 0 ? paid / pm : null,
    suppressed: [paid, cumulativePaid, expected, covered, pm].includes(null),
  };
}
