/**
 * The explorer's preloaded tabs: one question per kind of reader, as in the README's example queries,
 * aimed at the signed-in user's own scope so each runs without editing.
 */
export interface ExampleTab {
  query: string;
  variables?: string;
}

/**
 * `scope`: the user's region scope (null = everything). A regency government's examples stay inside its
 * regency, since the API refuses the province ranking to it. `defaultProvince`: the province the
 * examples of a user without a scope ask about (the pages' default, state.ts `defaultProvince`).
 */
export function exampleTabs(
  scope: string | null,
  options: { firstRegencyOf: (province: string) => string | undefined; year: number; defaultProvince: string },
): ExampleTab[] {
  const { year } = options;
  const province = scope?.split('.')[0] ?? options.defaultProvince;
  const regency = scope?.includes('.') ? scope : (options.firstRegencyOf(province) ?? `${province}.01`);
  if (scope?.includes('.')) return [regencyBreakdown(regency, year), regencyTotals(regency, year), auditorGap(regency, year)];
  return [provinceRanking(province, regency, year), ministryTotals(province, year), auditorGap(regency, year)];
}

function provinceRanking(province: string, regency: string, year: number): ExampleTab {
  return {
    query: `# Province: the regencies ranked by coverage,
# and one regency's participants by sector and funding source
query ProvinceRanking(
  $province: String!, $period: String!, $regency: String!, $month: Month!
) {
  coverageRanking(province: $province, period: $period) {
    previousPeriod
    entries {
      rank
      region { code name }
      activeParticipants
      targetWorkers
      coverageRate
      activeChange
      coverageRateChange
    }
  }
  stats(
    measures: [ACTIVE_PARTICIPANTS]
    dimensions: [SECTOR, FUNDING_SOURCE]
    filter: { region: [$regency] }
    from: $month
    to: $month
  ) {
    rows { sector fundingSource values { value } }
  }
}
`,
    variables: JSON.stringify({ province, period: String(year), regency, month: `${year}-12` }, null, 2),
  };
}

function ministryTotals(province: string, year: number): ExampleTab {
  return {
    query: `# Ministry: province totals by semester, and DBHCHT realization
query MinistryTotals(
  $province: String!, $from: Month!, $to: Month!, $fiscalYear: Int!
) {
  stats(
    measures: [ACTIVE_PARTICIPANTS, CONTRIBUTIONS_IDR, BUDGET_REALIZATION_RATE]
    dimensions: [REGION]
    regionLevel: PROVINCE
    filter: { region: [$province] }
    from: $from
    to: $to
    granularity: SEMESTER
  ) {
    rows { period region { name } values { measure value money } }
    totals { measure value }
  }
  dbhchtRealization(fiscalYear: $fiscalYear, province: $province) {
    rows {
      period allocation paid cumulativePaid expected gap
      realizationRate participantsCovered costPerParticipantMonth
    }
  }
}
`,
    variables: JSON.stringify({ province, from: `${year - 1}-01`, to: `${year}-12`, fiscalYear: year }, null, 2),
  };
}

function auditorGap(regency: string, year: number): ExampleTab {
  return {
    query: `# Auditor: expected vs paid by funding source, claims by age band,
# and the rollups that answered (where a figure came from)
query AuditorGap($regency: String!, $from: Month!, $to: Month!) {
  gap: stats(
    measures: [EXPECTED_CONTRIBUTIONS_IDR, CONTRIBUTIONS_IDR,
               CONTRIBUTION_GAP_IDR, BILLED_PARTICIPANTS]
    dimensions: [REGION, FUNDING_SOURCE]
    filter: { region: [$regency] }
    from: $from
    to: $to
  ) {
    rows { period regionCode fundingSource values { measure money } }
    rollups
  }
  claims: stats(
    measures: [CLAIMS, CLAIMS_PAID_IDR]
    dimensions: [PROGRAM, AGE_BAND]
    filter: { region: [$regency] }
    from: $from
    to: $to
    granularity: YEAR
  ) {
    rows { program ageBand values { measure value } }
  }
}
`,
    variables: JSON.stringify({ regency, from: `${year}-01`, to: `${year}-12` }, null, 2),
  };
}

function regencyBreakdown(regency: string, year: number): ExampleTab {
  return {
    query: `# Regency: participants by sector and funding source at the end of the year
query RegencyBreakdown($regency: String!, $month: Month!) {
  stats(
    measures: [ACTIVE_PARTICIPANTS, TARGET_WORKERS, COVERAGE_RATE]
    dimensions: [SECTOR]
    filter: { region: [$regency] }
    from: $month
    to: $month
  ) {
    rows { sector values { measure value } }
    totals { measure value }
  }
}
`,
    variables: JSON.stringify({ regency, month: `${year}-12` }, null, 2),
  };
}

function regencyTotals(regency: string, year: number): ExampleTab {
  return {
    query: `# Regency: totals by semester, and DBHCHT realization
query RegencyTotals($regency: String!, $from: Month!, $to: Month!, $fiscalYear: Int!) {
  stats(
    measures: [ACTIVE_PARTICIPANTS, CONTRIBUTIONS_IDR, BUDGET_REALIZATION_RATE]
    filter: { region: [$regency] }
    from: $from
    to: $to
    granularity: SEMESTER
  ) {
    rows { period values { measure value money } }
    totals { measure value }
  }
  dbhchtRealization(fiscalYear: $fiscalYear, regency: $regency) {
    rows { period allocation paid cumulativePaid realizationRate participantsCovered }
  }
}
`,
    variables: JSON.stringify({ regency, from: `${year - 1}-01`, to: `${year}-12`, fiscalYear: year }, null, 2),
  };
}
