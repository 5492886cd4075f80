/** The measure catalogue's own consistency: entries the engine could not evaluate fail when it loads. */
import { describe, expect, it } from 'vitest';
import { baseOperands, checkCatalogue, MEASURES, measureUnit, type MeasureDefinition } from '../../../lambda/domain/measures.js';

const filtered = (over: Partial<Extract<MeasureDefinition, { kind: 'filtered' }>>): MeasureDefinition => ({
  kind: 'filtered', name: 'X', description: 'x', measure: 'ACTIVE_PARTICIPANTS', filter: { FUNDING_SOURCE: ['DBHCHT'] }, ...over,
});

describe('measure catalogue', () => {
  it('the shipped catalogue passes its checks', () => {
    expect(() => checkCatalogue(MEASURES)).not.toThrow();
  });

  it('BUDGET_REALIZATION_RATE reads DBHCHT-funded contributions over the budget', () => {
    expect(baseOperands('BUDGET_REALIZATION_RATE').map((o) => [o.measure.name, o.filter])).toEqual([
      ['CONTRIBUTIONS_IDR', { FUNDING_SOURCE: ['DBHCHT'] }],
      ['BUDGET_IDR', undefined],
    ]);
    expect(measureUnit('BUDGET_REALIZATION_RATE')).toBe('RATIO');
  });

  it('refuses a fixed filter on a dimension the base measure lacks', () => {
    expect(() => checkCatalogue([...MEASURES, filtered({ measure: 'CONTRIBUTIONS_IDR', filter: { GENDER: ['P'] } })])).toThrow(
      /X filters CONTRIBUTIONS_IDR on GENDER/,
    );
  });

  it('refuses unknown filter values and empty filters', () => {
    expect(() => checkCatalogue([...MEASURES, filtered({ filter: { FUNDING_SOURCE: ['DBHCHTT'] } })])).toThrow(/FUNDING_SOURCE on DBHCHTT/);
    expect(() => checkCatalogue([...MEASURES, filtered({ filter: { SECTOR: [] } })])).toThrow(/SECTOR on no value/);
  });

  it('refuses an unknown base, a derived base, and a name used twice', () => {
    expect(() => checkCatalogue([...MEASURES, filtered({ name: 'ACTIVE_PARTICIPANTS' })])).toThrow(/defined twice/);
    expect(() => checkCatalogue([...MEASURES, filtered({ measure: 'NOT_A_MEASURE' })])).toThrow(/X: unknown measure NOT_A_MEASURE/);
    expect(() => checkCatalogue([...MEASURES, filtered({ measure: 'COVERAGE_RATE' })])).toThrow(/operand COVERAGE_RATE must be a base or a filtered measure/);
    expect(() => baseOperands('NOT_A_MEASURE')).toThrow(/Unknown measure NOT_A_MEASURE/);
  });
});
