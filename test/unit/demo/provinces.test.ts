/**
 * The demo for provinces beside East Java: Jawa Tengah (33) and Nusa Tenggara Barat (52), generated
 * from the plans in reference/demo/dbhcht-provinces.csv. Expected figures are read from that CSV and
 * from idn-area-data's own districts.csv here, not from the generator.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { demoProfiles, generateDemo } from '../../../lambda/demo/generate.js';
import { participantsAt } from '../../../lambda/demo/scale.js';
import { readRegencyPlans, readRegions } from '../../../lambda/demo/regions-file.js';
import type { Row } from '../../../lambda/demo/types.js';
import { coversMonth, field } from './support.js';

const readCsv = (path: string) => parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
const plansCsv = readCsv(new URL('../../../reference/demo/dbhcht-provinces.csv', import.meta.url).pathname);
const packageDir = dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json'));
const packageRegencies = readCsv(join(packageDir, 'data', 'regencies.csv'));
const packageDistricts = new Set(readCsv(join(packageDir, 'data', 'districts.csv')).map((d) => `${d.regency_code}|${d.code}`));

const regenciesOf = (province: string) => packageRegencies.filter((r) => r.province_code === province).map((r) => r.code!).sort();
const plans = readRegencyPlans();
const small = generateDemo({ regions: readRegions(['35', '33', '52']), plans, seed: 1, participants: 10_000 });
const regencyOf = (row: Row) => field(row, 'regency_code');

describe('demo of Jawa Tengah and Nusa Tenggara Barat', () => {
  it('plans every regency and city of both provinces, and nothing else', () => {
    expect(plansCsv.map((r) => r.regency_code).sort()).toEqual([...regenciesOf('33'), ...regenciesOf('52')]);
  });

  it.each(['35', '33', '52'])('gives every regency of province %s participants, payments, budgets and targets', (province) => {
    const expected = regenciesOf(province);
    const inProvince = (rows: Row[]) => [...new Set(rows.map(regencyOf).filter((code) => code.startsWith(`${province}.`)))].sort();
    expect(inProvince(small.participants)).toEqual(expected);
    expect(inProvince(small.contributions.filter((r) => r.funding_source === 'DBHCHT'))).toEqual(expected);
    expect(inProvince(small.budgets)).toEqual(expected);
    expect(inProvince(small.targets.filter((r) => r.sector === '' && r.year === '2025'))).toEqual(expected);
  });

  it('writes only districts that exist, each inside its regency', () => {
    const bad = small.participants.filter((r) => r.district_code !== '' && !packageDistricts.has(`${r.regency_code}|${r.district_code}`));
    expect(bad.map((r) => r.district_code)).toEqual([]);
    // 52.01's district codes have gaps (no 52.01.04-06): the demo still uses some of its districts.
    expect(small.participants.some((r) => r.regency_code === '52.01' && r.district_code !== '')).toBe(true);
  });

  it('keeps the default total near 10,000 and the provinces in proportion to their plans', () => {
    const ids = new Set(small.participants.map((r) => r.participant_id));
    expect(ids.size).toBeGreaterThan(9_500);
    expect(ids.size).toBeLessThan(10_500);
    const dbhchtDec = (prefix: string) =>
      small.participants.filter((r) => r.funding_source === 'DBHCHT' && coversMonth(r, '2025-12') && r.regency_code!.startsWith(prefix)).length;
    const planned = (prefix: string) => plansCsv.filter((r) => r.regency_code!.startsWith(prefix)).reduce((sum, r) => sum + Number(r.dbhcht_participants), 0);
    // East Java's published DBHCHT total (580,449) against the plans of the other two.
    const eastJava = dbhchtDec('35.');
    expect(dbhchtDec('33.') / eastJava).toBeCloseTo(planned('33.') / 580_449, 2);
    expect(dbhchtDec('52.') / eastJava).toBeCloseTo(planned('52.') / 580_449, 2);
  });

  it('covers each planned regency at its planned size and 2025 coverage, at full scale', () => {
    const regions = readRegions(['33', '52']);
    // Factor 1: the plans' sizes are full scale, so covered DBHCHT participants in December 2025 equal them.
    const demo = generateDemo({ regions, plans, seed: 2, participants: participantsAt(demoProfiles(regions, plans), 1) });
    const active = new Map<string, number>();
    const activeDbhcht = new Map<string, number>();
    for (const r of demo.participants) {
      if (!coversMonth(r, '2025-12')) continue;
      active.set(r.regency_code!, (active.get(r.regency_code!) ?? 0) + 1);
      if (r.funding_source === 'DBHCHT') activeDbhcht.set(r.regency_code!, (activeDbhcht.get(r.regency_code!) ?? 0) + 1);
    }
    for (const plan of plansCsv) {
      const code = plan.regency_code!;
      // The planted irregularities (a double funding, ages out of range, ...) move a few participants.
      const diff = Math.abs((activeDbhcht.get(code) ?? 0) - Number(plan.dbhcht_participants));
      expect([code, diff <= 10]).toEqual([code, true]);
      const target = demo.targets.find((t) => t.regency_code === code && t.year === '2025' && t.sector === '');
      expect((active.get(code) ?? 0) / Number(target!.target_workers)).toBeCloseTo(Number(plan.coverage_2025), 2);
    }
    // The big tobacco producers lead their provinces.
    const largest = (prefix: string) => [...activeDbhcht].filter(([c]) => c.startsWith(prefix)).sort((a, b) => b[1] - a[1]).map(([c]) => c);
    expect(largest('52.').slice(0, 2)).toEqual(['52.03', '52.02']);
    expect(largest('33.')[0]).toBe('33.23');
  });

  it('is deterministic by seed', () => {
    const again = generateDemo({ regions: readRegions(['35', '33', '52']), plans, seed: 1, participants: 10_000 });
    expect(again).toEqual(small);
    const other = generateDemo({ regions: readRegions(['35', '33', '52']), plans, seed: 2, participants: 10_000 });
    expect(other.participants).not.toEqual(small.participants);
  });

  it('refuses a regency without a plan', () => {
    expect(() => generateDemo({ regions: readRegions(['32']), plans })).toThrow(/no demo plan for 32\.01/);
  });
});

