/**
 * Development tokens for the local platform: HS256 JWTs shaped like Cognito ID tokens (`sub`,
 * `cognito:groups`, `custom:region`), signed with a random key generated once into the git-ignored data
 * folder. `npm run token` signs them; the local server verifies them and passes the claims on the way the
 * HTTP API JWT authorizer does. Neither works when JAMREP_ENV=production: there, only Cognito issues
 * tokens and only API Gateway verifies them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Role } from '../plan/scope.js';

export const DEV_TOKEN_ISSUER = 'https://jamrep.local/dev-tokens';
export const DEV_TOKEN_AUDIENCE = 'jamrep-local';
export const DEV_KEY_FILE = 'dev-token-key';

export function refuseInProduction(env: NodeJS.ProcessEnv = process.env): void {
  if (env.JAMREP_ENV === 'production') {
    throw new Error('Development tokens are refused when JAMREP_ENV=production: production accepts Cognito tokens verified by API Gateway only');
  }
}

/**
 * The development signing key in `<dataDir>/dev-token-key`, created on first use. Created as a whole
 * (written to a temporary file, then linked into place) so that `npm start` and `npm run token` starting
 * at the same moment agree on one key.
 */
export function loadOrCreateDevKey(dataDir: string): Uint8Array {
  refuseInProduction();
  const file = join(dataDir, DEV_KEY_FILE);
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.${randomUUID()}`;
  writeFileSync(temporary, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(temporary, { force: true });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
}

export interface DevTokenRequest {
  role: Role;
  /** custom:region: a province or regency code. */
  region?: string;
  /** Default: a stable name derived from role and region, so audit entries of a local user group together. */
  subject?: string;
  /** Default 8 hours: a working day on the local platform. */
  ttlSeconds?: number;
}

export async function signDevToken(key: Uint8Array, request: DevTokenRequest, now = new Date()): Promise<string> {
  refuseInProduction();
  const claims: JWTPayload = { 'cognito:groups': [request.role], token_use: 'id' };
  if (request.region) claims['custom:region'] = request.region;
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject ?? `local-${request.role.toLowerCase()}${request.region ? `-${request.region}` : ''}`)
    .setIssuer(DEV_TOKEN_ISSUER)
    .setAudience(DEV_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (request.ttlSeconds ?? 8 * 3600))
    .sign(key);
}

/**
 * Verifies a development token and returns its claims as the HTTP API JWT authorizer passes them in
 * payload format 2.0: every value a string, arrays flattened to "[a b]". Throws when the token is not
 * valid (signature, issuer, audience, expiry, algorithm).
 */
export async function verifyDevToken(key: Uint8Array, token: string, now = new Date()): Promise<Record<string, string>> {
  refuseInProduction();
  const { payload } = await jwtVerify(token, key, {
    issuer: DEV_TOKEN_ISSUER,
    audience: DEV_TOKEN_AUDIENCE,
    algorithms: ['HS256'],
    currentDate: now,
  });
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}
