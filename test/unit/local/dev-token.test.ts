import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { DEV_TOKEN_AUDIENCE, DEV_TOKEN_ISSUER, loadOrCreateDevKey, signDevToken, verifyDevToken } from '../../../lambda/local/dev-token.js';

const dir = mkdtempSync(join(tmpdir(), 'jamrep-devkey-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('development tokens', () => {
  it('creates one private key in the data folder and reuses it', () => {
    const a = loadOrCreateDevKey(dir);
    const b = loadOrCreateDevKey(dir);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(a.length).toBe(32);
    expect(statSync(join(dir, 'dev-token-key')).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, 'dev-token-key'), 'utf8').trim().length).toBeGreaterThan(40);
  });

  it('signs tokens whose claims reach the API as the HTTP API JWT authorizer passes them', async () => {
    const key = loadOrCreateDevKey(dir);
    const claims = await verifyDevToken(key, await signDevToken(key, { role: 'REGENCY', region: '35.09' }));
    expect(claims).toMatchObject({ sub: 'local-regency-35.09', 'cognito:groups': '[REGENCY]', 'custom:region': '35.09', iss: DEV_TOKEN_ISSUER, aud: DEV_TOKEN_AUDIENCE });
    expect(typeof claims.exp).toBe('string');
  });

  it('rejects expired, foreign, unsigned and wrong-audience tokens', async () => {
    const key = loadOrCreateDevKey(dir);
    const other = new Uint8Array(32).fill(7);
    const expired = await signDevToken(key, { role: 'MINISTRY', ttlSeconds: 60 }, new Date(Date.now() - 3_600_000));
    const foreign = await signDevToken(other, { role: 'MINISTRY' });
    const unsigned = new UnsecuredJWT({ 'cognito:groups': ['MINISTRY'], sub: 'x' }).setIssuer(DEV_TOKEN_ISSUER).setAudience(DEV_TOKEN_AUDIENCE).setExpirationTime('1h').encode();
    const audience = await new SignJWT({ 'cognito:groups': ['MINISTRY'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(DEV_TOKEN_ISSUER).setAudience('someone-else').setExpirationTime('1h').sign(key);
    for (const token of [expired, foreign, unsigned, audience]) await expect(verifyDevToken(key, token)).rejects.toThrow();
  });

  it('refuses to work in production', async () => {
    const previous = process.env.JAMREP_ENV;
    process.env.JAMREP_ENV = 'production';
    try {
      expect(() => loadOrCreateDevKey(dir)).toThrow(/production/);
      await expect(signDevToken(new Uint8Array(32), { role: 'MINISTRY' })).rejects.toThrow(/production/);
    } finally {
      if (previous === undefined) delete process.env.JAMREP_ENV;
      else process.env.JAMREP_ENV = previous;
    }
  });
});
