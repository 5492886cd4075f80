/**
 * Region scope: the one place where what a caller may see is enforced. Every statistics query passes
 * through `scopeStatsQuery` inside `runStats` (rankings and realization reports are built from runStats,
 * so they inherit it), and the participant drill-down passes its region through `scopeRegions`. Resolvers
 * never check regions themselves. Pure.
 *
 * Asking for a region outside the scope is FORBIDDEN naming that region, never an empty answer: an empty
 * answer would be indistinguishable from "no participants there" and would hide a misconfigured account.
 */
import type { Dimension } from '../domain/dimensions.js';
import { DomainError } from '../domain/errors.js';
import { ancestorAt, isWithin, levelOf, normalizeRegionCode, REGION_LEVELS, type RegionLevel } from '../domain/regions.js';

export const ROLES = ['MINISTRY', 'PROVINCE', 'REGENCY', 'AUDITOR', 'PUBLIC'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** What one request may read, and what its queries did read (for the audit log). */
export interface Access {
  /** The region the caller may see, with everything inside it; undefined = every region. */
  scope: string | undefined;
  /** Cells resting on fewer people than this are suppressed; undefined = no suppression. */
  minimumCellCount: number | undefined;
  /** Every region code a query of this request read (after scoping). */
  touched: Set<string>;
}

/**
 * Access for operator tools (report and maintenance CLIs) that read the tables with their own AWS
 * credentials: no API caller stands behind them, and whoever can read the tables sees everything anyway.
 */
export function operatorAccess(): Access {
  return { scope: undefined, minimumCellCount: undefined, touched: new Set() };
}

function forbidden(region: string, scope: string): DomainError {
  return new DomainError('FORBIDDEN', `Region ${region} is outside your scope (${scope})`, { region, scope });
}

/**
 * The region codes a query may read: the requested ones (normalised to the dotted form) when all lie
 * inside the scope, the scope itself when none were requested.
 */
export function scopeRegions(requested: readonly string[] | undefined, access: Pick<Access, 'scope'>): string[] | undefined {
  const { scope } = access;
  const codes = requested?.map((text) => {
    const code = normalizeRegionCode(text);
    // Not echoed: a client that sends anything but a code (a NIK, a name) must not get it back in an error.
    if (!code) throw new DomainError('INVALID_INPUT', 'Region filters take region codes such as 35 or 35.09', { argument: 'region' });
    return code;
  });
  if (scope === undefined) return codes;
  if (!codes) return [scope];
  // A code containing the scope (a province for a regency user) is outside it too: its figures include
  // regions the caller may not see.
  for (const code of codes) if (!isWithin(code, scope)) throw forbidden(code, scope);
  return codes;
}

/** A query with its REGION filter narrowed to the caller's scope, or FORBIDDEN naming the first region outside it. */
export function scopeStatsQuery<Q extends { dimensions: readonly Dimension[]; regionLevel: RegionLevel; filter: Partial<Record<Dimension, string[]>> }>(
  query: Q,
  access: Pick<Access, 'scope'>,
): Q {
  const { scope } = access;
  if (scope === undefined) return query;
  const region = scopeRegions(query.filter.REGION, access)!;
  // Rows at a level coarser than the scope would be labelled with a region the caller may not see
  // (a "35" row holding only Jember's figures): refuse rather than mislabel.
  if (query.dimensions.includes('REGION') && REGION_LEVELS.indexOf(query.regionLevel) < REGION_LEVELS.indexOf(levelOf(scope))) {
    throw forbidden(ancestorAt(scope, query.regionLevel), scope);
  }
  return { ...query, filter: { ...query.filter, REGION: region } };
}

/**
 * National views (the provinces ranked against each other, the country's realization) show every
 * province: a caller with a region scope gets FORBIDDEN, never the view narrowed to its own region, which
 * would look like a national answer.
 */
export function requireNationalScope(access: Pick<Access, 'scope'>): void {
  if (access.scope !== undefined) {
    throw new DomainError('FORBIDDEN', `This view covers the whole country; your scope is ${access.scope}`, { region: 'ID', scope: access.scope });
  }
}
