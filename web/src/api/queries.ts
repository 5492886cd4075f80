/**
 * The GraphQL documents the pages send, with the shapes of their answers. Each page asks for all it
 * shows in one request: one round trip, one loading state, one error to explain.
 */
import type { Granularity } from '../period.js';
import { query } from './client.js';

export interface RegionRef {
  code: string;
  name: string;
}

export interface MeasureValue {
  measure: string;
  value: number | null;
}

export interface StatsRow {
  period: string;
  regionCode?: string | null;
  region?: RegionRef | null;
  sector?: string | null;
  program?: string | null;
  fundingSource?: string | null;
  gender?: string | null;
  ageBand?: string | null;
  values: MeasureValue[];
}

export interface StatsAnswer {
  rows: StatsRow[];
  totals: MeasureValue[];
  rollups: string[];
}

const RATIOS = new Set(['COVERAGE_RATE', 'BUDGET_REALIZATION_RATE']);

/**
 * True when the API withheld a count or an amount (small cells, for PUBLIC): those are null, while a
 * ratio is null also when its denominator is zero.
 */
export function anySuppressed(values: readonly MeasureValue[]): boolean {
  return values.some((v) => v.value === null && !RATIOS.has(v.measure));
}

/** The value of `measure` in a row's or a total's values (null when absent or undefined). */
export function valueOf(values: readonly MeasureValue[], measure: string): number | null {
  return values.find((v) => v.measure === measure)?.value ?? null;
}

export interface PeriodArgs {
  from: string;
  to: string;
  granularity: Granularity;
}

// ---------------------------------------------------------------- regions and data availability

export interface RegionsAnswer {
  provinces: Array<RegionRef & { regencies: RegionRef[] }>;
}

export const REGIONS = /* GraphQL */ `
  query Regions {
    provinces: regions {
      code
      name
      regencies: children(level: REGENCY) {
        code
        name
      }
    }
  }
`;

export interface AvailabilityAnswer {
  years: { rows: StatsRow[] };
}

/** Which years hold figures in a scope, to offer only those in the period picker. */
export const AVAILABILITY = /* GraphQL */ `
  query Availability($scope: [String!], $from: Month!, $to: Month!) {
    years: stats(measures: [ACTIVE_PARTICIPANTS, CONTRIBUTIONS_IDR], filter: { region: $scope }, from: $from, to: $to, granularity: YEAR) {
      rows {
        period
        values {
          measure
          value
        }
      }
    }
  }
`;

// ---------------------------------------------------------------- province overview

/** Counts and the figures computed from them are null where the API withholds small cells (PUBLIC). */
export interface RankingEntry {
  rank: number;
  region: RegionRef;
  activeParticipants: number | null;
  targetWorkers: number;
  coverageRate: number | null;
  activeChange: number | null;
  coverageRateChange: number | null;
}

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
}

export interface OverviewAnswer {
  province: RegionRef | null;
  ranking: { period: string; previousPeriod: string; entries: RankingEntry[] };
  totals: { totals: MeasureValue[] };
  realization: { rows: RealizationRow[]; total: RealizationRow };
}

const REALIZATION_FIELDS = `period allocation paid cumulativePaid expected gap realizationRate cumulativeRealizationRate participantsCovered`;

export const SUMMARY_MEASURES = [
  'ACTIVE_PARTICIPANTS',
  'TARGET_WORKERS',
  'COVERAGE_RATE',
  'EXPECTED_CONTRIBUTIONS_IDR',
  'CONTRIBUTIONS_IDR',
  'CONTRIBUTION_GAP_IDR',
  'BUDGET_IDR',
  'BUDGET_REALIZATION_RATE',
] as const;

export const OVERVIEW = /* GraphQL */ `
  query ProvinceOverview($province: String!, $period: String!, $from: Month!, $to: Month!, $granularity: Granularity!, $fiscalYear: Int!) {
    province: region(code: $province) { code name }
    ranking: coverageRanking(province: $province, period: $period) {
      period
      previousPeriod
      entries { rank region { code name } activeParticipants targetWorkers coverageRate activeChange coverageRateChange }
    }
    totals: stats(measures: [${SUMMARY_MEASURES.join(', ')}], filter: { region: [$province] }, from: $from, to: $to, granularity: $granularity) {
      totals { measure value }
    }
    realization: dbhchtRealization(fiscalYear: $fiscalYear, province: $province) {
      rows { ${REALIZATION_FIELDS} }
      total { ${REALIZATION_FIELDS} }
    }
  }
`;

export function fetchOverview(vars: { province: string; period: string; fiscalYear: number } & PeriodArgs, signal?: AbortSignal) {
  return query<OverviewAnswer>(OVERVIEW, vars, signal);
}

// ---------------------------------------------------------------- national page

export interface NationalAnswer {
  ranking: { period: string; previousPeriod: string; total: number; entries: RankingEntry[] };
  realization: { rows: RealizationRow[]; total: RealizationRow };
}

/** The provinces ranked across the country and the national DBHCHT realization (callers without a region scope). */
export const NATIONAL = /* GraphQL */ `
  query NationalOverview($period: String!, $fiscalYear: Int!) {
    ranking: coverageRanking(period: $period, level: PROVINCE) {
      period
      previousPeriod
      total
      entries { rank region { code name } activeParticipants targetWorkers coverageRate activeChange coverageRateChange }
    }
    realization: nationalDbhchtRealization(fiscalYear: $fiscalYear) {
      rows { ${REALIZATION_FIELDS} }
      total { ${REALIZATION_FIELDS} }
    }
  }
`;

export function fetchNational(vars: { period: string; fiscalYear: number }, signal?: AbortSignal) {
  return query<NationalAnswer>(NATIONAL, vars, signal);
}

// ---------------------------------------------------------------- regency detail

export interface RegencyAnswer {
  regency: (RegionRef & { parent: RegionRef | null }) | null;
  summary: { totals: MeasureValue[] };
  series: { rows: StatsRow[] };
  sectors: { rows: StatsRow[] };
  ageGender: { rows: StatsRow[] };
  money: { rows: StatsRow[] };
  moneyByFunding: { rows: StatsRow[]; totals: MeasureValue[] };
}

export const REGENCY = /* GraphQL */ `
  query RegencyDetail($regency: String!, $from: Month!, $to: Month!, $granularity: Granularity!, $seriesFrom: Month!, $yearFrom: Month!, $yearTo: Month!) {
    regency: region(code: $regency) { code name parent { code name } }
    summary: stats(measures: [${SUMMARY_MEASURES.join(', ')}], filter: { region: [$regency] }, from: $from, to: $to, granularity: $granularity) {
      totals { measure value }
    }
    series: stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [FUNDING_SOURCE], filter: { region: [$regency] }, from: $seriesFrom, to: $to) {
      rows { period fundingSource values { measure value } }
    }
    sectors: stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [SECTOR], filter: { region: [$regency] }, from: $from, to: $to, granularity: $granularity) {
      rows { period sector values { measure value } }
    }
    ageGender: stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [AGE_BAND, GENDER], filter: { region: [$regency] }, from: $from, to: $to, granularity: $granularity) {
      rows { period ageBand gender values { measure value } }
    }
    money: stats(measures: [EXPECTED_CONTRIBUTIONS_IDR, CONTRIBUTIONS_IDR, CONTRIBUTION_GAP_IDR], filter: { region: [$regency] }, from: $yearFrom, to: $yearTo) {
      rows { period values { measure value } }
    }
    moneyByFunding: stats(measures: [BILLED_PARTICIPANTS, EXPECTED_CONTRIBUTIONS_IDR, CONTRIBUTIONS_IDR, CONTRIBUTION_GAP_IDR], dimensions: [FUNDING_SOURCE], filter: { region: [$regency] }, from: $from, to: $to, granularity: $granularity) {
      rows { period fundingSource values { measure value } }
      totals { measure value }
    }
  }
`;

export function fetchRegency(
  vars: { regency: string; seriesFrom: string; yearFrom: string; yearTo: string } & PeriodArgs,
  signal?: AbortSignal,
) {
  return query<RegencyAnswer>(REGENCY, vars, signal);
}

// ---------------------------------------------------------------- auditor view

export interface AnomalyEvidence {
  participantIds: string[];
  /** As the API returns them: masked (`3509********0001`), never in clear. */
  nikMasked: string[];
  paymentIds: string[];
  claimIds: string[];
  regencies: string[];
}

export interface Anomaly {
  id: string;
  type: string;
  severity: string;
  regionCode: string;
  region: RegionRef | null;
  period: string;
  count: number;
  detail: string;
  evidence: AnomalyEvidence;
  foundAt: string;
  /** The rollups' asOf when the run that found it started; null when stored by an earlier version. */
  asOf: string | null;
}

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
  benefitsToContributions: number | null;
  flags: Array<{ code: string; message: string }>;
}

export interface Reconciliation {
  region: RegionRef;
  fiscalYear: number;
  allocation: number;
  months: ReconciliationRow[];
  semesters: ReconciliationRow[];
}

export interface AuditAnswer {
  scope: RegionRef | null;
  /** Absent unless asked for (`withAnomalies`): the field is for auditors only. */
  anomalies?: Anomaly[];
  reconciliation: Reconciliation;
  gap: StatsAnswer;
  claims: StatsAnswer;
}

export interface AnomalyFilter {
  region: string[];
  type?: string[];
  severity?: string[];
  from: string;
  to: string;
}

/**
 * The whole auditor view in one request. `anomalies` is for auditors only and a refused field fails the
 * whole answer, so other roles send `withAnomalies: false` and the field is skipped, not refused.
 */
export const AUDIT = /* GraphQL */ `
  query AuditorView(
    $region: String!
    $from: Month!
    $to: Month!
    $granularity: Granularity!
    $fiscalYear: Int!
    $province: String
    $regency: String
    $withAnomalies: Boolean!
    $anomalyFilter: AnomalyFilter
  ) {
    scope: region(code: $region) {
      code
      name
    }
    anomalies(filter: $anomalyFilter) @include(if: $withAnomalies) {
      id
      type
      severity
      regionCode
      region {
        code
        name
      }
      period
      count
      detail
      evidence {
        participantIds
        nikMasked
        paymentIds
        claimIds
        regencies
      }
      foundAt
      asOf
    }
    reconciliation(fiscalYear: $fiscalYear, province: $province, regency: $regency) {
      region {
        code
        name
      }
      fiscalYear
      allocation
      months {
        ...ReconciliationFields
      }
      semesters {
        ...ReconciliationFields
      }
    }
    gap: stats(
      measures: [BILLED_PARTICIPANTS, EXPECTED_CONTRIBUTIONS_IDR, CONTRIBUTIONS_IDR, CONTRIBUTION_GAP_IDR]
      dimensions: [REGION, FUNDING_SOURCE]
      regionLevel: REGENCY
      filter: { region: [$region] }
      from: $from
      to: $to
      granularity: $granularity
    ) {
      rows {
        period
        regionCode
        region {
          code
          name
        }
        fundingSource
        values {
          measure
          value
        }
      }
      totals {
        measure
        value
      }
      rollups
    }
    claims: stats(
      measures: [CLAIMS, CLAIMS_PAID_IDR]
      dimensions: [REGION, PROGRAM]
      regionLevel: REGENCY
      filter: { region: [$region] }
      from: $from
      to: $to
      granularity: $granularity
    ) {
      rows {
        period
        regionCode
        region {
          code
          name
        }
        program
        values {
          measure
          value
        }
      }
      totals {
        measure
        value
      }
      rollups
    }
  }

  fragment ReconciliationFields on ReconciliationRow {
    period
    allocation
    paid
    cumulativePaid
    realizationRate
    cumulativeRealizationRate
    participantsCovered
    participantMonths
    expected
    gap
    costPerParticipantMonth
    claimsPaid
    benefitsToContributions
    flags {
      code
      message
    }
  }
`;

export interface AuditVariables extends PeriodArgs {
  region: string;
  fiscalYear: number;
  /** Exactly one of province and regency: the region of the reconciliation. */
  province: string | null;
  regency: string | null;
  withAnomalies: boolean;
  anomalyFilter: AnomalyFilter | null;
}

export function fetchAudit(vars: AuditVariables, signal?: AbortSignal) {
  return query<AuditAnswer>(AUDIT, vars, signal);
}
