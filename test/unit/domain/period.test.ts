import { describe, expect, it } from 'vitest';
import { bucketOf, bucketsBetween, isDate, parseBucket, previousBucket } from '../../../lambda/domain/period.js';
import { DomainError } from '../../../lambda/domain/errors.js';

describe('period arithmetic', () => {
  it('names the buckets of a month at every granularity', () => {
    expect(bucketOf('2025-08', 'MONTH')).toEqual({ granularity: 'MONTH', id: '2025-08', first: '2025-08', last: '2025-08' });
    expect(bucketOf('2025-08', 'QUARTER')).toEqual({ granularity: 'QUARTER', id: '2025-Q3', first: '2025-07', last: '2025-09' });
    expect(bucketOf('2025-06', 'SEMESTER')).toEqual({ granularity: 'SEMESTER', id: '2025-S1', first: '2025-01', last: '2025-06' });
    expect(bucketOf('2025-07', 'YEAR')).toEqual({ granularity: 'YEAR', id: '2025', first: '2025-01', last: '2025-12' });
  });

  it('parses period ids back and steps to the previous period across a year boundary', () => {
    expect(parseBucket('2025-S2').first).toBe('2025-07');
    expect(previousBucket(parseBucket('2025-Q1')).id).toBe('2024-Q4');
    expect(previousBucket(parseBucket('2025-01')).id).toBe('2024-12');
    expect(previousBucket(parseBucket('2025')).id).toBe('2024');
    expect(() => parseBucket('2025-Q5')).toThrow(DomainError);
  });

  it('lists the buckets of a range and refuses a range that does not align', () => {
    expect(bucketsBetween('2024-07', '2025-06', 'SEMESTER').map((b) => b.id)).toEqual(['2024-S2', '2025-S1']);
    expect(bucketsBetween('2025-01', '2025-03', 'MONTH')).toHaveLength(3);
    expect(() => bucketsBetween('2025-02', '2025-06', 'QUARTER')).toThrow(/align/);
    expect(() => bucketsBetween('2025-06', '2025-01', 'MONTH')).toThrow(/before/);
  });

  it('accepts real dates only', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2025-13-01')).toBe(false);
    expect(isDate('2025-1-01')).toBe(false);
  });
});
