/**
 * The national benchmark's data notes how sparse it is (bench/national-data.ts), which the report uses to
 * explain items read that grow between scales: checked here against the CSV it wrote.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNationalDataset } from '../../../bench/national-data.js';
import { referenceData } from '../../../lambda/reference-data.js';

const dir = mkdtempSync(join(tmpdir(), 'national-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('national bench data', () => {
  it('counts the regencies with nobody covered in the last month, as the participants file has them', () => {
    const dataset = writeNationalDataset(dir, referenceData().regions, 2, 1);
    const rows = parse(readFileSync(join(dir, 'participants.csv')), { columns: true }) as Array<Record<string, string>>;
    const coveredInDecember = new Set(rows.filter((r) => r.end_month === '' || r.end_month === '2025-12').map((r) => r.regency_code));
    expect(dataset.lastMonth).toBe('2025-12');
    expect(dataset.regencies).toBe(514);
    expect(dataset.regenciesWithoutActive).toBe(514 - coveredInDecember.size);
    // Two people per regency leave many regencies empty in a given month; the report relies on that being visible.
    expect(dataset.regenciesWithoutActive).toBeGreaterThan(0);
  });
});
