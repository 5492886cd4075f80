import { describe, expect, it } from 'vitest';
import { ageBand, ageOn } from '../../../lambda/domain/age-band.js';

describe('age bands', () => {
  it('counts a birthday on the day itself', () => {
    expect(ageOn('2000-08-15', '2025-08-14')).toBe(24);
    expect(ageOn('2000-08-15', '2025-08-15')).toBe(25);
    expect(ageOn('2000-02-29', '2025-02-28')).toBe(24);
  });

  it('puts ages into the published bands', () => {
    expect([14, 15, 24, 25, 34, 35, 44, 45, 54, 55, 64, 65, 80].map(ageBand)).toEqual([
      '<15', '15-24', '15-24', '25-34', '25-34', '35-44', '35-44', '45-54', '45-54', '55-64', '55-64', '65+', '65+',
    ]);
  });
});
