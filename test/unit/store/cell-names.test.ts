import { describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../../../lambda/domain/age-band.js';
import { FUNDING_SOURCES, GENDERS, PROGRAM_SETS, SECTORS } from '../../../lambda/domain/codes.js';
import { cellName, isCellName, parseCellName, splitCellName } from '../../../lambda/store/keys.js';

const FULL = ['SECTOR', 'PROGRAM', 'FUNDING_SOURCE', 'GENDER', 'AGE_BAND'] as const;

describe('rollup cell names', () => {
  it('are a region relative to the partition, one character per dimension value and one for the field', () => {
    // Written out by hand from the layout described in keys.ts.
    expect(cellName([], '35', { region: '35.09', values: [] }, 'act')).toBe('09|a');
    expect(cellName(['FUNDING_SOURCE'], '35.09', { region: '35.09.01', values: ['DBHCHT'] }, 'pm')).toBe('01|Dp');
    expect(cellName(['FUNDING_SOURCE'], '35.09', { region: '35.09.00', values: ['APBDES'] }, 'term')).toBe('00|Vt');
    expect(cellName([], 'ID', { region: '35', values: [] }, 'new')).toBe('35|n');
    expect(cellName(FULL, '35.09', { region: undefined, values: ['FISHER', 'JKK+JKM+JHT', 'MANDIRI', 'P', '65+'] }, 'eJHT')).toBe('|N3MP6H');
    expect(cellName(['SECTOR'], '35', { region: '35.09', values: ['*'] }, 't')).toBe('09|*w');
  });

  it('read back to the same cell and field for every value of every dimension', () => {
    for (const sector of SECTORS)
      for (const program of Object.keys(PROGRAM_SETS))
        for (const funding of FUNDING_SOURCES)
          for (const gender of GENDERS)
            for (const age of AGE_BANDS) {
              const values = [sector, program, funding, gender, age];
              const name = cellName(FULL, '35.09', { region: undefined, values }, 'eJKM');
              expect(isCellName(name)).toBe(true);
              expect(parseCellName(FULL, '35.09', name)).toEqual({ cell: { region: undefined, values }, field: 'eJKM' });
            }
    expect(parseCellName(['PROGRAM'], '35', '09.01|Kx')).toEqual({ cell: { region: '35.09.01', values: ['JKK'] }, field: 'amt' });
    expect(splitCellName('09|Da')).toEqual({ cellKey: '09|D', field: 'act' });
  });

  it('tell cells from the item keys and markers', () => {
    for (const name of ['pk', 'sk', 'appliedParts']) expect(isCellName(name)).toBe(false);
  });

  it('refuse what they cannot encode instead of storing a cell under a wrong name', () => {
    expect(() => cellName([], '35', { region: '36.01', values: [] }, 'act')).toThrow(/not inside partition 35/);
    expect(() => cellName([], '35', { region: '35.09', values: [] }, 'bogus')).toThrow(/field bogus/);
    expect(() => cellName(['SECTOR'], '35', { region: '35.09', values: ['MINER'] }, 'act')).toThrow(/SECTOR value MINER/);
  });
});
