/**
 * The caller, from the claims API Gateway's JWT authorizer has already verified. In AWS the handler
 * never sees an unverified token: the HTTP API refuses requests without a valid Cognito ID token before
 * they reach it, and puts the token's claims in `requestContext.authorizer.jwt.claims`, a place clients
 * cannot write. Locally the local server's authorizer does the same with a development key. Identity is
 * never read from headers.
 *
 * Roles are Cognito groups (`cognito:groups`); the region scope is the `custom:region` attribute.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../domain/errors.js';
import { levelOf, normalizeRegionCode, type RegionCatalog, type RegionLevel } from '../domain/regions.js';
import { isRole, type Role } from '../plan/scope.js';

export interface Principal {
  /** The token's `sub`: stable and opaque; the audit log records it. */
  subject: string;
  role: Role;
  /** undefined = every region. */
  scope: string | undefined;
}

export type Claims = Record<string, string | number | boolean | string[]>;

/** The level a role's `custom:region` must have; undefined = the role is not limited to a region. */
const SCOPE_LEVEL: Record<Role, RegionLevel | 'optional' | undefined> = {
  MINISTRY: undefined,
  PROVINCE: 'PROVINCE',
  REGENCY: 'REGENCY',
  // BPK audits everything; a regional inspectorate's auditors carry their region.
  AUDITOR: 'optional',
  PUBLIC: undefined,
};

/** The verified claims of a request, or undefined when no authorizer vouched for it. */
export function claimsOf(event: APIGatewayProxyEventV2): Claims | undefined {
  const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer;
  return authorizer?.jwt?.claims;
}

/**
 * `cognito:groups` as the HTTP API JWT authorizer passes it: a JSON array when the claims are kept as
 * JSON, but flattened to a string like "[AUDITOR]" or "[AUDITOR PROVINCE]" in payload format 2.0.
 */
export function groupsOf(value: Claims[string] | undefined): string[] {
  if (value === undefined || typeof value === 'boolean' || typeof value === 'number') return [];
  if (Array.isArray(value)) return value.map(String);
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner.split(/[\s,]+/).map((g) => g.replace(/^"|"$/g, '')).filter(Boolean);
}

export function principalFromClaims(claims: Claims | undefined, regions: RegionCatalog): Principal {
  const subject = typeof claims?.sub === 'string' ? claims.sub : undefined;
  if (!claims || !subject) throw new DomainError('UNAUTHENTICATED', 'A valid token is required');
  const roles = [...new Set(groupsOf(claims['cognito:groups']))].filter(isRole);
  if (roles.length === 0) throw new DomainError('FORBIDDEN', 'Your account has no role: ask an administrator to add it to one group');
  // Taking the strongest or the weakest of several roles would both surprise someone: refuse instead.
  if (roles.length > 1) throw new DomainError('FORBIDDEN', `Your account has several roles (${roles.join(', ')}): it must have exactly one`);
  const role = roles[0]!;
  const level = SCOPE_LEVEL[role];
  if (level === undefined) return { subject, role, scope: undefined };
  const raw = claims['custom:region'];
  const code = typeof raw === 'string' && raw.trim() !== '' ? normalizeRegionCode(raw) : undefined;
  if (code === undefined && level === 'optional' && (raw === undefined || raw === '')) return { subject, role, scope: undefined };
  if (!code || !regions.get(code) || (level !== 'optional' && levelOf(code) !== level)) {
    throw new DomainError('FORBIDDEN', `Your account's region (custom:region) is not a valid ${level === 'optional' ? 'region' : level.toLowerCase()} code`);
  }
  return { subject, role, scope: code };
}
