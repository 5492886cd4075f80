/**
 * The regencies (with their districts) of the provinces generateDemo is asked for, from the platform's
 * reference data (reference/regions.json, generated from idn-area-data). Kept apart from generate.ts
 * so the generator stays free of file access.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { assetRoot, referenceData } from '../reference-data.js';
import { MIX_NAMES, type MixName } from './calibration.js';
import type { RegencyPlanRow } from './generate.js';
import type { DemoRegion } from './types.js';

/** Every regency and city of each province, in province order then code order. */
export function readRegions(provinces: readonly string[] = ['35']): DemoRegion[] {
  const { regions } = referenceData();
  return provinces.flatMap((province) => {
    if (regions.get(province)?.level !== 'PROVINCE') throw new Error(`${province} is not a province code of the reference data`);
    return regions.children(province, 'REGENCY').map((regency) => ({
      code: regency.code,
      name: regency.name,
      type: regency.type as DemoRegion['type'],
      districts: regions.districtsOf(regency.code).map((district) => district.code),
    }));
  });
}

/** reference/demo/dbhcht-provinces.csv: the invented plans of regencies outside East Java. */
export const REGENCY_PLANS_FILE = join(assetRoot(), 'reference', 'demo', 'dbhcht-provinces.csv');

/** The plans by regency code; a malformed row is an error naming its line and column. */
export function readRegencyPlans(path: string = REGENCY_PLANS_FILE): Map<string, RegencyPlanRow> {
  const rows: Record<string, string>[] = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  const plans = new Map<string, RegencyPlanRow>();
  rows.forEach((row, index) => {
    const fail = (column: string, why: string): never => {
      throw new Error(`${path}:${index + 2}: ${column}: ${why}`);
    };
    const code = /^\d{2}\.\d{2}$/.test(row.regency_code ?? '') ? (row.regency_code as string) : fail('regency_code', 'must be a regency code NN.NN');
    if (plans.has(code)) fail('regency_code', 'is listed twice');
    const total = /^\d+$/.test(row.dbhcht_participants ?? '') ? Number(row.dbhcht_participants) : fail('dbhcht_participants', 'must be a whole number');
    const mix = (MIX_NAMES as readonly string[]).includes(row.mix ?? '') ? (row.mix as MixName) : fail('mix', `must be one of ${MIX_NAMES.join(', ')}`);
    const since = /^20\d{2}-(0[1-9]|1[0-2])$/.test(row.since ?? '') && (row.since as string) <= '2025-06' ? (row.since as string) : fail('since', 'must be a month YYYY-MM up to 2025-06');
    const coverage = Number(row.coverage_2025);
    if (!(coverage > 0 && coverage <= 1)) fail('coverage_2025', 'must be a share in (0, 1]');
    plans.set(code, { total, mix, since, coverage2025: coverage });
  });
  return plans;
}
