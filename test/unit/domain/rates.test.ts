import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRateTable } from '../../../lambda/domain/rates.js';

describe('contribution rate table', () => {
  it('ships the BPU package a regency pays: JKK Rp 10,000 + JKM Rp 6,800 = Rp 16,800 a month', () => {
    const rates = parseRateTable(readFileSync('reference/contribution-rates.csv', 'utf8'));
    expect(rates.monthlyRate('JKK', '2025-07') + rates.monthlyRate('JKM', '2025-07')).toBe(16_800);
    expect(rates.monthlyRate('JHT', '2025-07')).toBe(20_000);
  });

  it('applies the rate in force in each month', () => {
    const rates = parseRateTable(
      'program,effective_from,effective_to,monthly_idr,basis\nJKM,2015-07,2025-06,6800,a\nJKM,2025-07,,3400,b\nJKK,2015-07,,10000,c\nJHT,2015-07,,20000,d\n',
    );
    expect(rates.monthlyRate('JKM', '2025-06')).toBe(6800);
    expect(rates.monthlyRate('JKM', '2025-07')).toBe(3400);
    expect(() => rates.monthlyRate('JKM', '2010-01')).toThrow(/no JKM rate/);
  });

  it('rejects overlapping rate periods and non-integer amounts', () => {
    expect(() => parseRateTable('program,effective_from,effective_to,monthly_idr,basis\nJKM,2015-07,,6800,a\nJKM,2025-07,,3400,b\n')).toThrow(/overlap/);
    expect(() => parseRateTable('program,effective_from,effective_to,monthly_idr,basis\nJKM,2015-07,,68.5,a\n')).toThrow(/whole rupiah/);
  });
});
