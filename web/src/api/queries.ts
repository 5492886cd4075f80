/**
 * The GraphQL documents the pages send. Each page asks for all it shows in one request: one round trip,
 * one loading state, one error to explain. The answer and variable types are generated from the schema
 * (`npm run codegen`, client preset, into the git-ignored web/src/generated/): a field the schema does
 * not have, or an argument of the wrong type, fails `npm run typecheck`.
 */
import { graphql } from '../generated/gql.js';
import type {
  AuditorViewQuery,
  AuditorViewQueryVariables,
  Measure,
  MeasureValueFieldsFragment,
  NationalOverviewQuery,
  ProvinceOverviewQuery,
  ProvinceOverviewQueryVariables,
  RankingEntryFieldsFragment,
  RealizationFieldsFragment,
  ReconciliationFieldsFragment,
  RegencyDetailQuery,
  RegencyDetailQueryVariables,
  RegionRefFragment,
} from '../generated/graphql.js';
import { query } from './client.js';

export type { Measure, MeasureUnit } from '../generated/graphql.js';

export type RegionRef = RegionRefFragment;
export type MeasureValue = MeasureValueFieldsFragment;
export type RankingEntry = RankingEntryFieldsFragment;
export type RealizationRow = RealizationFieldsFragment;
export type ReconciliationRow = ReconciliationFieldsFragment;
export type OverviewAnswer = ProvinceOverviewQuery;
export type NationalAnswer = NationalOverviewQuery;
export type RegencyAnswer = RegencyDetailQuery;
export type AuditAnswer = AuditorViewQuery;
export type AuditVariables = AuditorViewQueryVariables;
export type Anomaly = NonNullable<AuditorViewQuery['anomalies']>[number];
export type Reconciliation = AuditorViewQuery['reconciliation'];
export type StatsAnswer = AuditorViewQuery['gap'] | AuditorViewQuery['claims'];
/** A row of any of the pages' stats answers (each asks for its own dimension fields). */
export type StatsRow = StatsAnswer['rows'][number] | RegencyDetailQuery['series' | 'sectors' | 'ageGender' | 'money']['rows'][number];

// Fragments: field lists the documents share. Fragment masking is off (codegen.yml), so a spread's
// fields are part of the answer's type.
graphql(/* GraphQL */ `
  fragment RegionRef on Region {
    code
    name
  }
`);

graphql(/* GraphQL */ `
  fragment MeasureValueFields on MeasureValue {
    measure
    unit
    value
    suppressed
  }
`);

/** True when the API withheld a figure for the caller (small cells, for PUBLIC): the schema says so per value. */
export function anySuppressed(values: readonly MeasureValue[]): boolean {
  return values.some((v) => v.suppressed);
}

/** The entry of `measure` in a row's or a total's values (undefined when the answer has none). */
export function measureOf(values: readonly MeasureValue[], measure: Measure): MeasureValue | undefined {
  return values.find((v) => v.measure === measure);
}

/** The value of `measure` in a row's or a total's values (null when absent or undefined). */
export function valueOf(values: readonly MeasureValue[], measure: Measure): number | null {
  return measureOf(values, measure)?.value ?? null;
}

// ---------------------------------------------------------------- regions and data availability

export const REGIONS = graphql(/* GraphQL */ `
  query Regions {
    provinces: regions {
      ...RegionRef
      regencies: children(level: REGENCY) {
        ...RegionRef
      }
    }
  }
`);

/**
 * Which years hold figures in a scope, to offer only those in the period picker; and, for a caller
 * without a region scope (`national`), which provinces hold figures, to open on one of them.
 */
export const AVAILABILITY = graphql(/* GraphQL */ `
  query Availability($scope: [String!], $from: Month!, $to: Month!, $national: Boolean!) {
    years: stats(measures: [ACTIVE_PARTICIPANTS, CONTRIBUTIONS_IDR], filter: { region: $scope }, from: $from, to: $to, granularity: YEAR) {
      rows {
        period
        values {
          ...MeasureValueFields
        }
      }
    }
    provinces: stats(measures: [PARTICIPANT_MONTHS], dimensions: [REGION], regionLevel: PROVINCE, from: $from, to: $to, granularity: YEAR)
      @include(if: $national) {
      rows {
        regionCode
        values {
          ...MeasureValueFields
        }
      }
    }
  }
`);

// ---------------------------------------------------------------- province overview

graphql(/* GraphQL */ `
  fragment RankingEntryFields on RankingEntry {
    rank
    region {
      ...RegionRef
    }
    activeParticipants
    targetWorkers
    coverageRate
    activeChange
    coverageRateChange
  }
`);

graphql(/* GraphQL */ `
  fragment RealizationFields on RealizationRow {
    period
    allocation
    paid
    cumulativePaid
    expected
    gap
    realizationRate
    cumulativeRealizationRate
    participantsCovered
  }
`);

/** The figures at the top of the province and regency pages, in their order. */
export const SUMMARY_MEASURES = [
  'ACTIVE_PARTICIPANTS',
  'TARGET_WORKERS',
  'COVERAGE_RATE',
  'EXPECTED_CONTRIBUTIONS_IDR',
  'CONTRIBUTIONS_IDR',
  'CONTRIBUTION_GAP_IDR',
  'BUDGET_IDR',
  'BUDGET_REALIZATION_RATE',
] as const satisfies readonly Measure[];

export const OVERVIEW = graphql(/* GraphQL */ `
  query ProvinceOverview(
    $province: String!
    $period: String!
    $summaryMeasures: [Measure!]!
    $from: Month!
    $to: Month!
    $granularity: Granularity!
    $fiscalYear: Int!
  ) {
    province: region(code: $province) {
      ...RegionRef
    }
    ranking: coverageRanking(province: $province, period: $period) {
      period
      previousPeriod
      entries {
        ...RankingEntryFields
      }
    }
    totals: stats(measures: $summaryMeasures, filter: { region: [$province] }, from: $from, to: $to, granularity: $granularity) {
      totals {
        ...MeasureValueFields
      }
    }
    realization: dbhchtRealization(fiscalYear: $fiscalYear, province: $province) {
      rows {
        ...RealizationFields
      }
      total {
        ...RealizationFields
      }
    }
  }
`);

export function fetchOverview(vars: Omit<ProvinceOverviewQueryVariables, 'summaryMeasures'>, signal?: AbortSignal) {
  return query(OVERVIEW, { ...vars, summaryMeasures: [...SUMMARY_MEASURES] }, signal);
}

// ---------------------------------------------------------------- national page

/** The provinces ranked across the country and the national DBHCHT realization (callers without a region scope). */
export const NATIONAL = graphql(/* GraphQL */ `
  query NationalOverview($period: String!, $fiscalYear: Int!) {
    ranking: coverageRanking(period: $period, level: PROVINCE) {
      period
      previousPeriod
      total
      entries {
        ...RankingEntryFields
      }
    }
    realization: nationalDbhchtRealization(fiscalYear: $fiscalYear) {
      rows {
        ...RealizationFields
      }
      total {
        ...RealizationFields
      }
    }
  }
`);

export function fetchNational(vars: { period: string; fiscalYear: number }, signal?: AbortSignal) {
  return query(NATIONAL, vars, signal);
}

// ---------------------------------------------------------------- regency detail

export const REGENCY = graphql(/* GraphQL */ `
  query RegencyDetail(
    $regency: String!
    $summaryMeasures: [Measure!]!
    $from: Month!
    $to: Month!
    $granularity: Granularity!
    $seriesFrom: Month!
    $yearFrom: Month!
    $yearTo: Month!
  ) {
    regency: region(code: $regency) {
      ...RegionRef
      parent {
        ...RegionRef
      }
    }
    summary: stats(measures: $summaryMeasures, filter: { region: [$regency] }, from: $from, to: $to, granularity: $granularity) {
      totals {
        ...MeasureValueFields
      }
    }
    series: stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [FUNDING_SOURCE], filter: { region: [$regency] }, from: $seriesFrom, to: $to) {
      rows {
        period
        fundingSource
        values {
          ...MeasureValueFields
        }
      }
    }
    sectors: stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [SECTOR], filter: { region: [$regency] }, from: $from, to: $to, granularity: $granularity) {
      rows {
        period
        sector
        values {
          ...MeasureValueFields
        }
      }
    }
    ageGender: stats(
      measures: [ACTIVE_PARTICIPANTS]
      dimensions: [AGE_BAND, GENDER]
      filter: { region: [$regency] }
      from: $from
      to: $to
      granularity: $granularity
    ) {
      rows {
        period
        ageBand
        gender
        values {
          ...MeasureValueFields
        }
      }
    }
    money: stats(
      measures: [EXPECTED_CONTRIBUTIONS_IDR, CONTRIBUTIONS_IDR, CONTRIBUTION_GAP_IDR]
      filter: { region: [$regency] }
      from: $yearFrom
      to: $yearTo
    ) {
      rows {
        period
        values {
          ...MeasureValueFields
        }
      }
    }
    moneyByFunding: stats(
      measures: [BILLED_PARTICIPANTS, EXPECTED_CONTRIBUTIONS_IDR, CONTRIBUTIONS_IDR, CONTRIBUTION_GAP_IDR]
      dimensions: [FUNDING_SOURCE]
      filter: { region: [$regency] }
      from: $from
      to: $to
      granularity: $granularity
    ) {
      rows {
        period
        fundingSource
        values {
          ...MeasureValueFields
        }
      }
      totals {
        ...MeasureValueFields
      }
    }
  }
`);

export function fetchRegency(vars: Omit<RegencyDetailQueryVariables, 'summaryMeasures'>, signal?: AbortSignal) {
  return query(REGENCY, { ...vars, summaryMeasures: [...SUMMARY_MEASURES] }, signal);
}

// ---------------------------------------------------------------- auditor view

/**
 * The whole auditor view in one request. `anomalies` is for auditors only and a refused field fails the
 * whole answer, so other roles send `withAnomalies: false` and the field is skipped, not refused.
 * Masked NIKs (`3509********0001`) arrive as the API returns them, never in clear.
 */
export const AUDIT = graphql(/* GraphQL */ `
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
      ...RegionRef
    }
    anomalies(filter: $anomalyFilter) @include(if: $withAnomalies) {
      id
      type
      severity
      regionCode
      region {
        ...RegionRef
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
        ...RegionRef
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
          ...RegionRef
        }
        fundingSource
        values {
          ...MeasureValueFields
        }
      }
      totals {
        ...MeasureValueFields
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
          ...RegionRef
        }
        program
        values {
          ...MeasureValueFields
        }
      }
      totals {
        ...MeasureValueFields
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
`);

export function fetchAudit(vars: AuditVariables, signal?: AbortSignal) {
  return query(AUDIT, vars, signal);
}
