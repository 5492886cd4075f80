/**
 * The import contract's file kinds and their columns (required, then optional), apart from the zod
 * schemas that validate them (validation.ts): the API names kinds and builds templates from these, and
 * must not load zod for it (about 450 KB of a cold start's bundle, README "Cold start").
 */
export const IMPORT_KINDS = ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const COLUMNS: Record<ImportKind, { required: readonly string[]; optional: readonly string[] }> = {
  participants: {
    required: [
      'participant_id',
      'nik',
      'name',
      'gender',
      'birth_date',
      'regency_code',
      'sector',
      'programs',
      'funding_source',
      'start_month',
    ],
    optional: ['district_code', 'end_month'],
  },
  contributions: {
    required: ['payment_id', 'regency_code', 'month', 'funding_source', 'participants', 'amount_idr', 'paid_on'],
    optional: [],
  },
  claims: { required: ['claim_id', 'participant_id', 'program', 'event_date', 'paid_on', 'amount_idr'], optional: [] },
  budgets: { required: ['regency_code', 'fiscal_year', 'allocation_idr'], optional: [] },
  targets: { required: ['regency_code', 'year', 'target_workers'], optional: ['sector'] },
};
