/**
 * CSV templates for the dashboard's "download template": the header is exactly the validator's column
 * list (import-columns.ts COLUMNS, required then optional), and one example row that passes the validator
 * (test/unit/domain/import-template.test.ts imports each one). The example values are invented: the NIK
 * and the name are not a real person's.
 */
import { COLUMNS, type ImportKind } from './import-columns.js';

const EXAMPLES: { [K in ImportKind]: Record<string, string> } = {
  participants: {
    participant_id: '12345678901',
    nik: '3509010101900001',
    name: 'Contoh Peserta',
    gender: 'L',
    birth_date: '1990-01-01',
    regency_code: '35.09',
    sector: 'TOBACCO_FARM_WORKER',
    programs: 'JKK+JKM',
    funding_source: 'DBHCHT',
    start_month: '2024-01',
    district_code: '',
    end_month: '',
  },
  contributions: {
    payment_id: 'PAY-2024-01-0001',
    regency_code: '35.09',
    month: '2024-01',
    funding_source: 'DBHCHT',
    participants: '100',
    amount_idr: '1680000',
    paid_on: '2024-01-15',
  },
  claims: {
    claim_id: 'CLM-2024-0001',
    participant_id: '12345678901',
    program: 'JKK',
    event_date: '2024-02-10',
    paid_on: '2024-03-01',
    amount_idr: '5000000',
  },
  budgets: { regency_code: '35.09', fiscal_year: '2024', allocation_idr: '1000000000' },
  targets: { regency_code: '35.09', year: '2024', target_workers: '10000', sector: '' },
};

export function templateColumns(kind: ImportKind): string[] {
  return [...COLUMNS[kind].required, ...COLUMNS[kind].optional];
}

/** The template file: header and one example row, CRLF-free, ending in a newline. */
export function importTemplate(kind: ImportKind): string {
  const columns = templateColumns(kind);
  const example = EXAMPLES[kind];
  return `${columns.join(',')}\n${columns.map((c) => example[c] ?? '').join(',')}\n`;
}
