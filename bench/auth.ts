/**
 * Identities of the benchmark's requests. The local server refuses requests without a valid
 * development token, as API Gateway's JWT authorizer refuses them without a Cognito token, so the
 * benchmark signs its own tokens with a key that lives only in its process and puts the same
 * authorizer in front of the handler as `npm start` does.
 */
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { signDevToken, verifyDevToken } from '../lambda/local/dev-token.js';
import { localJwtAuthorizer } from '../lambda/local/local-authorizer.js';
import type { Authorizer } from '../lambda/local/http-server.js';
import type { Role } from '../lambda/plan/scope.js';

/** Who a dashboard query is asked as: the ministry's national dashboard, or a national (BPK) auditor. */
export type BenchRole = 'viewer' | 'auditor';

const ACCOUNTS: Record<BenchRole, { role: Role; region?: string }> = {
  viewer: { role: 'MINISTRY' },
  auditor: { role: 'AUDITOR' },
};

export class BenchAuth {
  private readonly key = new Uint8Array(randomBytes(32));
  private readonly tokens = new Map<BenchRole, Promise<string>>();

  /** The local server's stand-in for the JWT authorizer, trusting this benchmark's key. */
  authorizer(): Authorizer<APIGatewayProxyEventV2WithJWTAuthorizer> {
    return localJwtAuthorizer(this.key);
  }

  token(role: BenchRole): Promise<string> {
    let token = this.tokens.get(role);
    if (!token) {
      token = signDevToken(this.key, { ...ACCOUNTS[role], subject: `bench-${role}`, ttlSeconds: 24 * 3600 });
      this.tokens.set(role, token);
    }
    return token;
  }

  /** The headers of a GraphQL POST as `role`. */
  async headers(role: BenchRole): Promise<Record<string, string>> {
    return { 'content-type': 'application/json', authorization: `Bearer ${await this.token(role)}` };
  }

  /** The claims API Gateway's authorizer would put in the event, for calling the handler without the server. */
  async claims(role: BenchRole): Promise<Record<string, string>> {
    return verifyDevToken(this.key, await this.token(role));
  }
}
