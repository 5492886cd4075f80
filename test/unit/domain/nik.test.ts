import { describe, expect, it } from 'vitest';
import { decodeNik, hashNik, maskNik } from '../../../lambda/domain/nik.js';
import { normalizeRegionCode } from '../../../lambda/domain/regions.js';

describe('NIK', () => {
  it('masks all but the region prefix and the serial', () => {
    expect(maskNik('3509015508900001')).toBe('3509********0001');
  });

  it('hashes with a key: same NIK same hash, another key another hash', () => {
    expect(hashNik('3509015508900001', 'k1')).toBe(hashNik('3509015508900001', 'k1'));
    expect(hashNik('3509015508900001', 'k1')).not.toBe(hashNik('3509015508900001', 'k2'));
    expect(hashNik('3509015508900001', 'k1')).not.toContain('3509015508900001');
  });

  it('decodes birth date and sex, with 40 added to the day for women', () => {
    expect(decodeNik('3509015508900001')).toMatchObject({ birthDay: 15, birthMonth: 8, birthYear2: 90, gender: 'P' });
    expect(decodeNik('3509011508900001')).toMatchObject({ birthDay: 15, gender: 'L' });
  });
});

describe('region codes', () => {
  it('normalizes the undotted BPS form to the dotted Kemendagri form', () => {
    expect(normalizeRegionCode('3509')).toBe('35.09');
    expect(normalizeRegionCode('350901')).toBe('35.09.01');
    expect(normalizeRegionCode('35.09')).toBe('35.09');
    expect(normalizeRegionCode('35-09')).toBeUndefined();
  });
});
