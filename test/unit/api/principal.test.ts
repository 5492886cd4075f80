import { describe, expect, it } from 'vitest';
import { groupsOf, principalFromClaims } from '../../../lambda/api/principal.js';
import { DomainError } from '../../../lambda/domain/errors.js';
import { RegionCatalog, type Region } from '../../../lambda/domain/regions.js';

const region = (code: string, level: Region['level']): Region => ({ code, name: code, level, type: '', parent: code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : undefined });
const regions = new RegionCatalog([region('35', 'PROVINCE'), region('35.09', 'REGENCY'), region('35.10', 'REGENCY')]);

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'OK';
};

describe('principal from the authorizer claims', () => {
  it('reads cognito:groups in the forms the HTTP API JWT authorizer and Cognito produce', () => {
    expect(groupsOf('[AUDITOR]')).toEqual(['AUDITOR']);
    expect(groupsOf('[AUDITOR PUBLIC]')).toEqual(['AUDITOR', 'PUBLIC']);
    expect(groupsOf('["AUDITOR","PUBLIC"]')).toEqual(['AUDITOR', 'PUBLIC']);
    expect(groupsOf(['REGENCY'])).toEqual(['REGENCY']);
    expect(groupsOf('REGENCY')).toEqual(['REGENCY']);
    expect(groupsOf(undefined)).toEqual([]);
  });

  it('gives each role its scope', () => {
    expect(principalFromClaims({ sub: 'm', 'cognito:groups': '[MINISTRY]', 'custom:region': '35.09' }, regions)).toEqual({ subject: 'm', role: 'MINISTRY', scope: undefined });
    expect(principalFromClaims({ sub: 'p', 'cognito:groups': '[PROVINCE]', 'custom:region': '35' }, regions)).toEqual({ subject: 'p', role: 'PROVINCE', scope: '35' });
    expect(principalFromClaims({ sub: 'r', 'cognito:groups': '[REGENCY]', 'custom:region': '3509' }, regions)).toEqual({ subject: 'r', role: 'REGENCY', scope: '35.09' });
    expect(principalFromClaims({ sub: 'a', 'cognito:groups': '[AUDITOR]' }, regions)).toEqual({ subject: 'a', role: 'AUDITOR', scope: undefined });
    expect(principalFromClaims({ sub: 'i', 'cognito:groups': '[AUDITOR]', 'custom:region': '35.10' }, regions)).toEqual({ subject: 'i', role: 'AUDITOR', scope: '35.10' });
    expect(principalFromClaims({ sub: 'x', 'cognito:groups': '[PUBLIC]' }, regions)).toEqual({ subject: 'x', role: 'PUBLIC', scope: undefined });
  });

  it('is UNAUTHENTICATED without claims or a subject', () => {
    expect(codeOf(() => principalFromClaims(undefined, regions))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => principalFromClaims({ 'cognito:groups': '[MINISTRY]' }, regions))).toBe('UNAUTHENTICATED');
  });

  it('is FORBIDDEN for accounts without exactly one role or without a valid region for their role', () => {
    const refused: Array<Record<string, string>> = [
      { sub: 'x' },
      { sub: 'x', 'cognito:groups': '[ADMIN]' },
      { sub: 'x', 'cognito:groups': '[REGENCY MINISTRY]', 'custom:region': '35.09' },
      { sub: 'x', 'cognito:groups': '[REGENCY]' },
      { sub: 'x', 'cognito:groups': '[REGENCY]', 'custom:region': '35' },
      { sub: 'x', 'cognito:groups': '[PROVINCE]', 'custom:region': '35.09' },
      { sub: 'x', 'cognito:groups': '[REGENCY]', 'custom:region': '35.99' },
      { sub: 'x', 'cognito:groups': '[AUDITOR]', 'custom:region': 'all' },
    ];
    for (const claims of refused) {
      expect(codeOf(() => principalFromClaims(claims, regions)), JSON.stringify(claims)).toBe('FORBIDDEN');
    }
  });
});
