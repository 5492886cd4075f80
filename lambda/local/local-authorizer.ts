/**
 * The local server's stand-in for the HTTP API JWT authorizer: a request without a valid development
 * token in `Authorization: Bearer <token>` is answered 401 `{"message":"Unauthorized"}` without reaching
 * the function, as API Gateway answers; a valid one reaches it with the claims in
 * `requestContext.authorizer.jwt.claims`. Whatever else the client sends is passed on untouched and never
 * read as identity.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { verifyDevToken } from './dev-token.js';
import type { Authorizer, AuthorizerDenial } from './http-server.js';

const UNAUTHORIZED: AuthorizerDenial = {
  statusCode: 401,
  body: JSON.stringify({ message: 'Unauthorized' }),
  headers: { 'www-authenticate': 'Bearer' },
};

export function localJwtAuthorizer(key: Uint8Array): Authorizer<APIGatewayProxyEventV2WithJWTAuthorizer> {
  return async (event: APIGatewayProxyEventV2) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(event.headers.authorization ?? '');
    if (!match) return UNAUTHORIZED;
    let claims: Record<string, string>;
    try {
      claims = await verifyDevToken(key, match[1]!);
    } catch {
      return UNAUTHORIZED;
    }
    return {
      ...event,
      requestContext: {
        ...event.requestContext,
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } },
      },
    };
  };
}
