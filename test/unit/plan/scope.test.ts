import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../lambda/domain/errors.js';
import { scopeRegions, scopeStatsQuery } from '../../../lambda/plan/scope.js';
import type { StatsQuery } from '../../../lambda/plan/stats-query.js';

const query = (over: Partial<StatsQuery> = {}): StatsQuery => ({
  measures: ['ACTIVE_PARTICIPANTS'],
  dimensions: [],
  regionLevel: 'REGENCY',
  filter: {},
  from: '2025-01',
  to: '2025-12',
  granularity: 'MONTH',
  ...over,
});

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('region scope', () => {
  it('makes the scope the filter when a query names no region', () => {
    expect(scopeStatsQuery(query(), { scope: '35.09' }).filter.REGION).toEqual(['35.09']);
    expect(scopeStatsQuery(query(), { scope: undefined }).filter.REGION).toBeUndefined();
  });

  it('keeps regions inside the scope, districts included, in either code form', () => {
    expect(scopeRegions(['35.09', '3509', '35.09.01'], { scope: '35.09' })).toEqual(['35.09', '35.09', '35.09.01']);
    expect(scopeRegions(['35.10', '35.29'], { scope: '35' })).toEqual(['35.10', '35.29']);
  });

  it('refuses a neighbouring regency, naming it, instead of answering with nothing', () => {
    const e = refusal(() => scopeStatsQuery(query({ filter: { REGION: ['35.09', '35.10'] } }), { scope: '35.09' }));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.details).toMatchObject({ region: '35.10' });
    expect(e.message).toContain('35.10');
  });

  it('refuses the province that contains the scope: its figures include other regencies', () => {
    expect(refusal(() => scopeRegions(['35'], { scope: '35.09' })).details).toMatchObject({ region: '35' });
  });

  it('refuses another province for a province user', () => {
    expect(refusal(() => scopeRegions(['36.01'], { scope: '35' })).details).toMatchObject({ region: '36.01' });
  });

  it('refuses rows at a level coarser than the scope, which would be labelled with a region outside it', () => {
    const e = refusal(() => scopeStatsQuery(query({ dimensions: ['REGION'], regionLevel: 'PROVINCE' }), { scope: '35.09' }));
    expect(e).toMatchObject({ code: 'FORBIDDEN', details: { region: '35' } });
    expect(scopeStatsQuery(query({ dimensions: ['REGION'], regionLevel: 'DISTRICT' }), { scope: '35.09' }).filter.REGION).toEqual(['35.09']);
  });

  it('refuses text that is not a region code without echoing it', () => {
    const e = refusal(() => scopeRegions(['3509014101900001'], { scope: undefined }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).not.toContain('3509014101900001');
  });
});
