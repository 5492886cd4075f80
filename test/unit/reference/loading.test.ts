import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ageBandOf, ageOn, bucketsBetween, datasetFromRows, loadDataset, loadRates, loadRegions, previousBucketLabel, referenceStats,
} from '../../support/reference/reference-stats.js';
import { fixtureRows } from './fixture.js';

describe('reference: reading the import files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jamrep-reference-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the CSVs with columns in any order, a BOM, and a missing file as empty', () => {
    writeFileSync(join(dir, 'participants.csv'), [
      '\uFEFFstart_month,end_month,participant_id,nik,name,gender,birth_date,regency_code,district_code,sector,programs,funding_source',
      '2025-02,2025-08,11111111111,3509010101880001,A,L,1988-01-01,35.09,35.09.01,TOBACCO_FARM_WORKER,JKK+JKM,DBHCHT',
      '2025-05,,22222222222,3509015508000001,"Siti, B",P,2000-08-15,35.09,,TOBACCO_FARM_WORKER,JKK+JKM+JHT,DBHCHT',
      '',
    ].join('\n'));
    writeFileSync(join(dir, 'contributions.csv'), [
      'amount_idr,payment_id,regency_code,month,funding_source,participants,paid_on',
      '33600,PAY1,35.09,2025-06,DBHCHT,2,2025-06-14',
    ].join('\r\n'));
    writeFileSync(join(dir, 'budgets.csv'), 'regency_code,fiscal_year,allocation_idr\n35.09,2025,200000\n');
    // claims.csv and targets.csv are missing on purpose.
    const data = loadDataset(dir);
    expect(data.periods).toEqual([
      {
        participantId: '11111111111', gender: 'L', birthDate: '1988-01-01', regencyCode: '35.09', districtCode: '35.09.01',
        sector: 'TOBACCO_FARM_WORKER', programs: ['JKK', 'JKM'], fundingSource: 'DBHCHT', startMonth: '2025-02', endMonth: '2025-08',
      },
      {
        participantId: '22222222222', gender: 'P', birthDate: '2000-08-15', regencyCode: '35.09', districtCode: null,
        sector: 'TOBACCO_FARM_WORKER', programs: ['JKK', 'JKM', 'JHT'], fundingSource: 'DBHCHT', startMonth: '2025-05', endMonth: null,
      },
    ]);
    expect(data.payments).toEqual([
      { paymentId: 'PAY1', regencyCode: '35.09', month: '2025-06', fundingSource: 'DBHCHT', participants: 2, amountIdr: 33600 },
    ]);
    expect(data.budgets).toEqual([{ regencyCode: '35.09', fiscalYear: 2025, allocationIdr: 200000 }]);
    expect(data.claims).toEqual([]);
    expect(data.targets).toEqual([]);
  });

  it('throws on a row it cannot read, naming the file, row and column', () => {
    const [first] = fixtureRows.participants!;
    expect(() => datasetFromRows({ participants: [{ ...first!, programs: 'JKK' }] }))
      .toThrow(/participants row 2, programs/);
    expect(() => datasetFromRows({ participants: [{ ...first!, district_code: '35.10.01' }] }))
      .toThrow(/district_code: not a district of 35\.09/);
    expect(() => datasetFromRows({ budgets: [{ regency_code: '35.09', fiscal_year: '2025', allocation_idr: '1.5' }] }))
      .toThrow(/budgets row 2, allocation_idr/);
  });

  it('throws on a claim of an unknown participant when it is needed', () => {
    const data = datasetFromRows({
      claims: [{ claim_id: 'X', participant_id: '99999999999', program: 'JKK', event_date: '2025-01-01', paid_on: '2025-01-02', amount_idr: '1' }],
    });
    expect(() => referenceStats(data, { measures: ['CLAIMS'], dimensions: [], from: '2025-01', to: '2025-01', granularity: 'MONTH' }))
      .toThrow(/unknown participant/);
  });

  it('reads the shipped regions and rates', () => {
    const regions = loadRegions();
    expect(regions).toHaveLength(514);
    expect(regions.filter((r) => r.code.startsWith('35.'))).toHaveLength(38);
    expect(regions).toContainEqual({ code: '35.09', name: 'Kabupaten Jember', type: 'kabupaten' });
    expect(loadRates().map((r) => [r.program, r.effectiveFrom, r.effectiveTo, r.monthlyIdr])).toEqual([
      ['JKK', '2015-07', null, 10000], ['JKM', '2015-07', null, 6800], ['JHT', '2015-07', null, 20000],
    ]);
  });

  it('prices each month at the rate in force then', () => {
    const data = datasetFromRows(
      { participants: [{ ...fixtureRows.participants![0]!, start_month: '2025-01', end_month: '2025-03' }] },
      [
        { program: 'JKK', effectiveFrom: '2015-07', effectiveTo: '2025-01', monthlyIdr: 10000 },
        { program: 'JKK', effectiveFrom: '2025-02', effectiveTo: null, monthlyIdr: 5000 },
        { program: 'JKM', effectiveFrom: '2015-07', effectiveTo: null, monthlyIdr: 6800 },
      ],
    );
    const result = referenceStats(data, {
      measures: ['EXPECTED_CONTRIBUTIONS_IDR'], dimensions: [], from: '2025-01', to: '2025-03', granularity: 'QUARTER',
    });
    expect(result.totals.EXPECTED_CONTRIBUTIONS_IDR).toBe(16800 + 2 * 11800); // Jan 10,000 + 6,800; Feb-Mar 5,000 + 6,800
  });
});

describe('reference: calendar', () => {
  it('labels buckets and finds the previous one across a year', () => {
    expect(bucketsBetween('2025-01', '2025-12', 'SEMESTER').map((b) => [b.label, b.months.length, b.lastDay]))
      .toEqual([['2025-S1', 6, '2025-06-30'], ['2025-S2', 6, '2025-12-31']]);
    expect(bucketsBetween('2024-02', '2024-02', 'MONTH')[0]!.lastDay).toBe('2024-02-29');
    expect(previousBucketLabel('2025-Q1')).toBe('2024-Q4');
    expect(previousBucketLabel('2025-S1')).toBe('2024-S2');
    expect(previousBucketLabel('2025-01')).toBe('2024-12');
    expect(previousBucketLabel('2025')).toBe('2024');
  });

  it('counts whole years, the birthday included', () => {
    expect(ageOn('2000-08-15', '2025-08-14')).toBe(24);
    expect(ageOn('2000-08-15', '2025-08-15')).toBe(25);
    expect([14, 15, 24, 25, 64, 65].map(ageBandOf)).toEqual(['<15', '15-24', '15-24', '25-34', '55-64', '65+']);
  });
});
