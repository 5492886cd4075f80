import { describe, expect, it } from 'vitest';
import { bucketsBetween } from '../../../lambda/domain/period.js';
import { RegionCatalog, type Region } from '../../../lambda/domain/regions.js';
import { planSource } from '../../../lambda/plan/rollup-planner.js';
import { validateQuery } from '../../../lambda/plan/stats-query.js';

const region = (code: string, level: Region['level'], parent?: string): Region => ({ code, name: code, level, type: '', parent });
const regions = new RegionCatalog([region('35', 'PROVINCE'), region('35.09', 'REGENCY', '35'), region('35.10', 'REGENCY', '35')]);
const year = bucketsBetween('2025-01', '2025-12', 'MONTH');

describe('rollup planner', () => {
  it('answers a province ranking by regency from the small regency rollup, one partition', () => {
    const plan = planSource({ source: 'coverage', dims: [], cellLevel: 'REGENCY', scope: ['35'], granularity: 'MONTH', buckets: year }, regions);
    expect(plan.rollup.id).toBe('cov-reg');
    expect(plan.partitions).toEqual(['35']);
    expect([plan.fromBucket, plan.toBucket]).toEqual(['2025-01', '2025-12']);
  });

  it('answers a sector x age-band breakdown of one regency from that regency full cube', () => {
    const plan = planSource(
      { source: 'coverage', dims: ['SECTOR', 'AGE_BAND'], cellLevel: 'REGENCY', scope: ['35.09'], granularity: 'YEAR', buckets: bucketsBetween('2025-01', '2025-12', 'YEAR') },
      regions,
    );
    expect(plan.rollup.id).toBe('cov-reg-full');
    expect(plan.partitions).toEqual(['35.09']);
  });

  it("answers a province's DBHCHT-funded coverage by semester (DJPK's realization) from the province-by-funding rollup, not the full cube", () => {
    const semesters = bucketsBetween('2025-01', '2025-12', 'SEMESTER');
    const plan = planSource({ source: 'coverage', dims: ['FUNDING_SOURCE'], cellLevel: 'PROVINCE', scope: ['35'], granularity: 'SEMESTER', buckets: semesters }, regions);
    // 12 months of one item each, where the full cube has 2 semesters × 9 sector blocks of many more cells.
    expect(plan).toMatchObject({ rollup: { id: 'cov-prov-fund' }, granularity: 'MONTH', partitions: ['35'], fromBucket: '2025-01', toBucket: '2025-12' });
    // A sector breakdown still needs a full cube (here the regencies', as this province has only two).
    const bySector = planSource({ source: 'coverage', dims: ['FUNDING_SOURCE', 'SECTOR'], cellLevel: 'PROVINCE', scope: ['35'], granularity: 'SEMESTER', buckets: semesters }, regions);
    expect(bySector.rollup.dimensions).toContain('SECTOR');
  });

  it('reads only the last month of each year for stocks, every month for flows', () => {
    const years = bucketsBetween('2024-01', '2025-12', 'YEAR');
    const need = { source: 'coverage', dims: [], cellLevel: 'REGENCY', scope: ['35'], granularity: 'YEAR', buckets: years } as const;
    const stocks = planSource({ ...need, stocksOnly: true }, regions);
    expect(stocks).toMatchObject({ rollup: { id: 'cov-reg' }, granularity: 'MONTH', storedBuckets: ['2024-12', '2025-12'] });
    // Participant-months are summed over the months: all 24 are needed.
    const flows = planSource({ ...need, stocksOnly: false }, regions);
    expect(flows.storedBuckets).toBeUndefined();
    expect([flows.fromBucket, flows.toBucket]).toEqual(['2024-01', '2025-12']);
    // Asked per month, every month is a bucket of its own: nothing to leave out.
    expect(planSource({ ...need, granularity: 'MONTH', buckets: year, stocksOnly: true }, regions).storedBuckets).toBeUndefined();
  });

  it('reads yearly sources per year whatever the granularity asked', () => {
    const plan = planSource({ source: 'budgets', dims: [], cellLevel: 'REGENCY', scope: ['35'], granularity: 'SEMESTER', buckets: bucketsBetween('2024-01', '2025-12', 'SEMESTER') }, regions);
    expect(plan).toMatchObject({ granularity: 'YEAR', fromBucket: '2024', toBucket: '2025' });
  });

  it('refuses, rather than scans, when no rollup has the dimensions', () => {
    expect(() =>
      planSource({ source: 'payments', dims: ['SECTOR'], cellLevel: 'REGENCY', scope: ['35'], granularity: 'MONTH', buckets: year }, regions),
    ).toThrow(expect.objectContaining({ code: 'NO_ROLLUP' }));
  });
});

describe('query validation', () => {
  const base = { regionLevel: 'REGENCY' as const, filter: {}, from: '2025-01', to: '2025-12', granularity: 'MONTH' as const };
  it('names the measure and the dimension it does not support', () => {
    expect(() => validateQuery({ ...base, measures: ['CONTRIBUTIONS_IDR'], dimensions: ['SECTOR'] }, regions)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_DIMENSION', message: 'Measure CONTRIBUTIONS_IDR does not support dimension SECTOR' }),
    );
    expect(() => validateQuery({ ...base, measures: ['COVERAGE_RATE'], dimensions: [], filter: { FUNDING_SOURCE: ['DBHCHT'] } }, regions)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_DIMENSION' }),
    );
  });

  it('rejects unknown regions and codes', () => {
    expect(() => validateQuery({ ...base, measures: ['CLAIMS'], dimensions: [], filter: { REGION: ['36'] } }, regions)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_REGION' }),
    );
    expect(() => validateQuery({ ...base, measures: ['CLAIMS'], dimensions: [], filter: { GENDER: ['X'] } }, regions)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('takes a district filter only for a known district or the no-district cell of a known regency', () => {
    const withDistrict = new RegionCatalog([...regions.children(undefined, 'REGENCY'), ...regions.provinces(), region('35.09.01', 'DISTRICT', '35.09')]);
    const filterOn = (code: string) => () => validateQuery({ ...base, measures: ['CLAIMS'], dimensions: [], filter: { REGION: [code] } }, withDistrict);
    expect(filterOn('35.09.01')).not.toThrow();
    // Participants without a district sit in `<regency>.00`: a user can ask for them.
    expect(filterOn('35.09.00')).not.toThrow();
    for (const typo of ['35.09.99', '35.10.01', '35.11.00']) {
      expect(filterOn(typo), typo).toThrow(expect.objectContaining({ code: 'UNKNOWN_REGION' }));
    }
  });
});
