/**
 * The scope check of a dashboard upload: a PROVINCE or REGENCY officer may only bring data of their own
 * regions. One row outside the scope rejects the whole file (nothing written), with one error per such
 * row, so the officer sees which rows to take out. The region value itself is not echoed (it is not
 * personal data, but every row error follows the same rule: line, column and reason only).
 */
import { isWithin } from './regions.js';
import type { RowError } from './validation.js';

export const OUT_OF_SCOPE = 'OUT_OF_SCOPE';

export interface RowRegion {
  line: number;
  /** Column the region came from, e.g. `regency_code`; for claims the participant's regency. */
  column: string;
  regency: string;
}

/** Errors for every row whose regency lies outside `scope`; none when scope is undefined (MINISTRY). */
export function rowsOutsideScope(file: string, rows: readonly RowRegion[], scope: string | undefined): RowError[] {
  if (scope === undefined) return [];
  return rows
    .filter((r) => !isWithin(r.regency, scope))
    .map((r) => ({ file, line: r.line, column: r.column, reason: `${OUT_OF_SCOPE}: the region lies outside your scope ${scope}` }));
}
