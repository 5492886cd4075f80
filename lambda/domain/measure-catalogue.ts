/**
 * The measure catalogue: the semantic layer, declared as data (as in Cube). Each entry says what the
 * measure means, which source records feed it, how it aggregates over time, and which dimensions it
 * supports. A ratio, a difference or a filtered measure over existing measures is one entry here: the
 * schema's Measure enum is generated from this list (scripts/build-catalogue-schema.ts), the engine
 * reads it through lambda/domain/measures.ts. Adding one is this entry plus its independent definition
 * in the test reference (README, "Adding a measure, a dimension, a province").
 */
import type { BaseMeasure, MeasureDefinition, Temporal, Unit, ValueRef } from './measure-definition.js';

const PARTICIPANT_DIMS = ['SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND'] as const;
const CLAIM_DIMS = ['SECTOR', 'PROGRAM', 'GENDER', 'AGE_BAND'] as const;
const ALL_LEVELS = ['PROVINCE', 'REGENCY', 'DISTRICT'] as const;
const PROVINCE_REGENCY = ['PROVINCE', 'REGENCY'] as const;

const coverage = <N extends string>(
  name: N,
  description: string,
  unit: Unit,
  temporal: Temporal,
  value: ValueRef,
): BaseMeasure & { name: N } => ({
  kind: 'base',
  name,
  description,
  unit,
  source: 'coverage',
  temporal,
  value,
  dimensions: PARTICIPANT_DIMS,
  regionLevels: ALL_LEVELS,
});

export const MEASURES = [
  coverage(
    'ACTIVE_PARTICIPANTS',
    "Distinct participants whose coverage includes the period's last month. Additive only because one participant has at most one coverage period in a month (overlaps are rejected at import).",
    'PARTICIPANTS',
    'stock',
    { field: 'act' },
  ),
  coverage('PARTICIPANT_MONTHS', "Sum over the period's months of the participants covered in that month.", 'PARTICIPANT_MONTHS', 'flow', {
    field: 'pm',
  }),
  coverage('NEW_ENROLLMENTS', 'Coverage periods whose start month falls in the period.', 'COUNT', 'flow', { field: 'new' }),
  coverage('TERMINATIONS', 'Coverage periods whose end month falls in the period.', 'COUNT', 'flow', { field: 'term' }),
  coverage(
    'EXPECTED_CONTRIBUTIONS_IDR',
    "For each month, the covered participants times that month's rate of each of their programs (JKK Rp 10,000 + JKM Rp 6,800 at the minimum declared income; JHT Rp 20,000).",
    'IDR',
    'flow',
    { perProgram: 'e' },
  ),
  {
    kind: 'base',
    name: 'CONTRIBUTIONS_IDR',
    description: 'Contributions paid: amounts of payments whose coverage month falls in the period.',
    unit: 'IDR',
    source: 'payments',
    temporal: 'flow',
    value: { field: 'paid' },
    dimensions: ['FUNDING_SOURCE'],
    regionLevels: PROVINCE_REGENCY,
  },
  {
    kind: 'base',
    name: 'BILLED_PARTICIPANTS',
    description: 'Participant-months billed by payments whose coverage month falls in the period.',
    unit: 'PARTICIPANT_MONTHS',
    source: 'payments',
    temporal: 'flow',
    value: { field: 'billed' },
    dimensions: ['FUNDING_SOURCE'],
    regionLevels: PROVINCE_REGENCY,
  },
  {
    kind: 'difference',
    name: 'CONTRIBUTION_GAP_IDR',
    description: 'Expected minus paid contributions (positive = underpaid).',
    unit: 'IDR',
    left: { measure: 'EXPECTED_CONTRIBUTIONS_IDR' },
    right: { measure: 'CONTRIBUTIONS_IDR' },
  },
  {
    kind: 'base',
    name: 'CLAIMS',
    description: "Claims paid in the period, attributed to the claimant's region, sector, gender and age band.",
    unit: 'COUNT',
    source: 'claims',
    temporal: 'flow',
    value: { field: 'n' },
    dimensions: CLAIM_DIMS,
    regionLevels: ALL_LEVELS,
  },
  {
    kind: 'base',
    name: 'CLAIMS_PAID_IDR',
    description: 'Amount of the claims paid in the period.',
    unit: 'IDR',
    source: 'claims',
    temporal: 'flow',
    value: { field: 'amt' },
    dimensions: CLAIM_DIMS,
    regionLevels: ALL_LEVELS,
  },
  {
    kind: 'base',
    name: 'TARGET_WORKERS',
    description:
      "Target population of the year the period ends in. A regency's all-sectors target when it has one, else the sum of its sector targets.",
    unit: 'PARTICIPANTS',
    source: 'targets',
    temporal: 'yearOfEnd',
    value: { target: true },
    dimensions: ['SECTOR'],
    regionLevels: PROVINCE_REGENCY,
  },
  {
    kind: 'ratio',
    name: 'COVERAGE_RATE',
    description: 'Programme coverage: ACTIVE_PARTICIPANTS / TARGET_WORKERS.',
    unit: 'RATIO',
    left: { measure: 'ACTIVE_PARTICIPANTS' },
    right: { measure: 'TARGET_WORKERS' },
  },
  {
    kind: 'base',
    name: 'BUDGET_IDR',
    description: 'DBHCHT allocation to social-security contributions of the fiscal year(s) the period covers.',
    unit: 'IDR',
    source: 'budgets',
    temporal: 'perYear',
    value: { field: 'alloc' },
    dimensions: [],
    regionLevels: PROVINCE_REGENCY,
  },
  {
    kind: 'ratio',
    name: 'BUDGET_REALIZATION_RATE',
    description: 'Contributions paid with DBHCHT funding / BUDGET_IDR.',
    unit: 'RATIO',
    left: { measure: 'CONTRIBUTIONS_IDR', filter: { FUNDING_SOURCE: ['DBHCHT'] } },
    right: { measure: 'BUDGET_IDR' },
  },
] as const satisfies readonly MeasureDefinition[];
