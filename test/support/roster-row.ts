/**
 * One row of a participants CSV (the import contract's columns, in its order) for hand-made fixtures:
 * a man born 1990-08-15, tobacco farm worker in Jember (35.09), JKK+JKM paid from DBHCHT since 2025-01,
 * ongoing. Each test names what it changes, so the figure it expects can be counted from the file.
 */
export type RosterRow = Record<string, string>;

export function rosterRow(over: RosterRow): RosterRow {
  return {
    participant_id: '',
    nik: '',
    name: '',
    gender: 'L',
    birth_date: '1990-08-15',
    regency_code: '35.09',
    district_code: '',
    sector: 'TOBACCO_FARM_WORKER',
    programs: 'JKK+JKM',
    funding_source: 'DBHCHT',
    start_month: '2025-01',
    end_month: '',
    ...over,
  };
}
