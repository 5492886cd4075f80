/**
 * Callers for tests: the claims API Gateway's JWT authorizer puts in `requestContext.authorizer.jwt`
 * for a Cognito ID token (payload format 2.0: string values, groups flattened to "[ROLE]").
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Role } from '../../lambda/plan/scope.js';

export interface TestIdentity {
  role: Role;
  /** custom:region */
  region?: string;
  sub?: string;
}

/** A national auditor (BPK): every region, every query, nothing suppressed. */
export const AUDITOR: TestIdentity = { role: 'AUDITOR', sub: 'test-auditor' };

export function claimsFor(identity: TestIdentity): Record<string, string> {
  return {
    sub: identity.sub ?? `test-${identity.role.toLowerCase()}${identity.region ? `-${identity.region}` : ''}`,
    'cognito:groups': `[${identity.role}]`,
    token_use: 'id',
    ...(identity.region !== undefined ? { 'custom:region': identity.region } : {}),
  };
}

/** The event as the authorizer passes it on: with the caller's claims, or unchanged for no caller. */
export function authorized(event: APIGatewayProxyEventV2, claims: Record<string, string> | undefined): APIGatewayProxyEventV2 {
  if (!claims) return event;
  return { ...event, requestContext: { ...event.requestContext, authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } } } } as APIGatewayProxyEventV2;
}
