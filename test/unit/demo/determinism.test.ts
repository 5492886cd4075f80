import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../lambda/demo/generate.js';
import { regions } from './support.js';

describe('deterministic demo generation', () => {
  it('gives the same data set for the same seed and options', () => {
    const first = generateDemo({ regions, seed: 5, participants: 5_000 });
    const second = generateDemo({ regions, seed: 5, participants: 5_000 });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('gives a different data set for a different seed', () => {
    const first = generateDemo({ regions, seed: 5, participants: 5_000 });
    const other = generateDemo({ regions, seed: 6, participants: 5_000 });
    expect(other.participants.map((row) => row.nik)).not.toEqual(first.participants.map((row) => row.nik));
    expect(JSON.stringify(other.claims)).not.toBe(JSON.stringify(first.claims));
  });

  it('keeps payment ids stable across seeds: they name regency, month and payer', () => {
    const ids = (seed: number) => new Set(generateDemo({ regions, seed, participants: 5_000 }).contributions.map((row) => row.payment_id));
    const a = ids(1);
    const b = ids(2);
    const common = [...a].filter((id) => b.has(id)).length;
    expect(common / a.size).toBeGreaterThan(0.95);
    expect(a.has('PAY-3509-202501-DBHCHT')).toBe(true);
  });

  it('sizes the data set by the requested participant count', () => {
    const count = (participants: number) =>
      new Set(generateDemo({ regions, participants }).participants.map((row) => row.participant_id)).size;
    for (const requested of [3_000, 20_000]) {
      expect(Math.abs(count(requested) / requested - 1)).toBeLessThan(0.02);
    }
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateDemo({ regions, participants: 0 })).toThrow(/participants/);
    expect(() => generateDemo({ regions, from: '2025-12', to: '2024-01' })).toThrow(/before/);
    expect(() => generateDemo({ regions, from: '2024-13' })).toThrow(/YYYY-MM/);
    expect(() => generateDemo({ regions: regions.slice(1) })).toThrow(/35\.01/);
  });
});
