/**
 * `npm run bench` options: what a run with no options measures (the scales, each scale's share
 * of the repeated phases) and which runs count as the default run judged against its 30 minutes.
 */
import { describe, expect, it } from 'vitest';
import { parseOptions, scaleBudget, type BenchOptions } from '../../../bench/options.js';

const parse = (...argv: string[]) => parseOptions(argv) as BenchOptions;

describe('bench options', () => {
  it('with no options measures 60,000 and 600,000 participants and the national shape at 2 and 20 per regency', () => {
    const o = parse();
    expect(o.scales).toEqual([60_000, 600_000]);
    expect(o.national).toEqual([2, 20]);
    expect(o.lanes).toEqual([1, 4]);
    expect(o.naiveRuns).toBe(3);
    expect(o.naiveRunsLarge).toBe(1);
    expect(o.defaultRun).toBe(true);
  });

  it('is still the default run when only where results go or the seed change', () => {
    expect(parse('--out', '/tmp/x', '--work-dir', '/tmp/w', '--seed', '2').defaultRun).toBe(true);
  });

  it('is not the default run when anything measured changes, even to its default value', () => {
    expect(parse('--runs', '10').defaultRun).toBe(false);
    expect(parse('--scales', '60000,600000').defaultRun).toBe(false);
    expect(parse('--national', 'none').defaultRun).toBe(false);
    expect(parse('--load-seconds', '0').defaultRun).toBe(false);
  });

  it('gives scales under 300,000 participants three naive runs each and the ceiling at 16 and 32 requests', () => {
    const o = parse();
    expect(scaleBudget(60_000, o)).toEqual({ naiveRuns: 3, shareNaiveReads: false, ceilingConcurrencies: [16, 32] });
    expect(scaleBudget(299_999, o)).toEqual({ naiveRuns: 3, shareNaiveReads: false, ceilingConcurrencies: [16, 32] });
  });

  it('gives scales of 300,000 and more one naive run, one scan shared by the province-wide queries, the ceiling at 32', () => {
    const o = parse();
    expect(scaleBudget(300_000, o)).toEqual({ naiveRuns: 1, shareNaiveReads: true, ceilingConcurrencies: [32] });
    expect(scaleBudget(600_000, o)).toEqual({ naiveRuns: 1, shareNaiveReads: true, ceilingConcurrencies: [32] });
  });

  it('takes the naive runs of each size from its own option', () => {
    const o = parse('--naive-runs', '5', '--naive-runs-large', '2');
    expect(scaleBudget(60_000, o).naiveRuns).toBe(5);
    expect(scaleBudget(600_000, o).naiveRuns).toBe(2);
  });

  it('refuses a naive run count under 1', () => {
    expect(() => parse('--naive-runs-large', '0')).toThrow('--naive-runs-large must be a whole number ≥ 1, got 0');
  });
});
