import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dayLabel, dayParts, monthIndex, monthLabel } from '../../../lambda/demo/calendar.js';
import { apportion } from '../../../lambda/demo/calibration.js';
import { Rng, mulberry32 } from '../../../lambda/demo/prng.js';
import { JHT_MONTHLY_IDR, JKK_MONTHLY_IDR, JKM_MONTHLY_IDR } from '../../../lambda/demo/rates.js';
import { participantsForScale, SMALL_SCALE_PARTICIPANTS, FULL_SCALE_PARTICIPANTS } from '../../../lambda/demo/scale.js';

describe('seeded PRNG', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws integers over the whole inclusive range, evenly', () => {
    const rng = new Rng(3);
    const seen = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) seen[rng.int(1, 6) - 1]! += 1;
    for (const times of seen) expect(Math.abs(times - 10_000)).toBeLessThan(500);
  });
});

describe('calendar arithmetic', () => {
  it('agrees with Date on every day from 1900 to 2100', () => {
    for (let day = Date.UTC(1900, 0, 1) / 86_400_000; day <= Date.UTC(2100, 11, 31) / 86_400_000; day++) {
      const date = new Date(day * 86_400_000);
      const parts = dayParts(day);
      if (parts.year !== date.getUTCFullYear() || parts.month !== date.getUTCMonth() + 1 || parts.dayOfMonth !== date.getUTCDate()) {
        expect(parts).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() });
      }
    }
    expect(dayLabel(Date.UTC(2024, 1, 29) / 86_400_000)).toBe('2024-02-29');
  });

  it('round-trips months and rejects malformed ones', () => {
    expect(monthLabel(monthIndex('2025-04'))).toBe('2025-04');
    expect(monthIndex('2025-01') - monthIndex('2024-12')).toBe(1);
    expect(() => monthIndex('2025-4')).toThrow();
  });
});

describe('calibration arithmetic', () => {
  it('apportions a total over shares without losing or inventing anyone', () => {
    const parts = apportion(10, [['a', 1], ['b', 1], ['c', 1]] as const);
    expect(parts.reduce((sum, [, n]) => sum + n, 0)).toBe(10);
    expect(parts).toEqual([['a', 4], ['b', 3], ['c', 3]]);
  });

  it('reads scales as typed on the command line', () => {
    expect(participantsForScale('small')).toBe(SMALL_SCALE_PARTICIPANTS);
    expect(participantsForScale('full')).toBe(FULL_SCALE_PARTICIPANTS);
    expect(participantsForScale('60000')).toBe(60_000);
    expect(() => participantsForScale('0')).toThrow();
    expect(() => participantsForScale('1e5')).toThrow();
  });

  it('uses the rates of reference/contribution-rates.csv', () => {
    const table: Record<string, string>[] = parse(readFileSync('reference/contribution-rates.csv', 'utf8'), { columns: true });
    const rate = (program: string) => Number(table.find((row) => row.program === program && row.effective_to === '')?.monthly_idr);
    expect({ JKK: JKK_MONTHLY_IDR, JKM: JKM_MONTHLY_IDR, JHT: JHT_MONTHLY_IDR }).toEqual({ JKK: rate('JKK'), JKM: rate('JKM'), JHT: rate('JHT') });
  });
});
