/**
 * Turns validated participant rows into participant records merged with what is already stored.
 * A row is one coverage period, identified by (participant_id, start_month): a re-imported row replaces
 * the stored period with the same start. Overlapping periods of one participant are rejected, because
 * ACTIVE_PARTICIPANTS is summed from rollups on the promise that a participant is covered at most once
 * in any month.
 */
import { hashNik, maskNik, nikAgreement } from '../domain/nik.js';
import type { CoveragePeriod, ParticipantRecord } from '../domain/records.js';
import { monthIndex } from '../domain/period.js';
import type { ParsedRow, RowError } from '../domain/validation.js';
import { COVERAGE_HORIZON } from '../domain/rollups.js';

export interface LinedRow<T> {
  line: number;
  row: T;
}

type Row = ParsedRow<'participants'>;

export function groupParticipantRows(rows: readonly LinedRow<Row>[]): Map<string, LinedRow<Row>[]> {
  const groups = new Map<string, LinedRow<Row>[]>();
  for (const r of rows) {
    const list = groups.get(r.row.participant_id) ?? [];
    list.push(r);
    groups.set(r.row.participant_id, list);
  }
  return groups;
}

const PERSONAL = ['nik', 'name', 'gender', 'birth_date'] as const;

export function buildParticipants(
  file: string,
  groups: Map<string, LinedRow<Row>[]>,
  stored: Map<string, ParticipantRecord>,
  nikHashKey: string,
): { records: ParticipantRecord[]; errors: RowError[] } {
  const records: ParticipantRecord[] = [];
  const errors: RowError[] = [];
  for (const [participantId, rows] of groups) {
    const first = rows[0]!;
    let ok = true;
    for (const r of rows.slice(1)) {
      for (const col of PERSONAL) {
        if (r.row[col] !== first.row[col]) {
          ok = false;
          errors.push({ file, line: r.line, column: col, reason: `differs from line ${first.line} for the same participant_id` });
        }
      }
    }
    const periods = new Map<string, { period: CoveragePeriod; line: number | undefined }>();
    for (const p of stored.get(participantId)?.periods ?? []) periods.set(p.start, { period: p, line: undefined });
    const seenStarts = new Map<string, number>();
    for (const { line, row } of rows) {
      const dup = seenStarts.get(row.start_month);
      if (dup !== undefined) {
        ok = false;
        errors.push({ file, line, column: 'start_month', reason: `repeats the period of line ${dup} (participant_id, start_month identify a row)` });
        continue;
      }
      seenStarts.set(row.start_month, line);
      periods.set(row.start_month, {
        line,
        period: {
          start: row.start_month,
          end: row.end_month,
          regency: row.regency_code,
          district: row.district_code,
          sector: row.sector,
          programs: row.programs,
          funding: row.funding_source,
        },
      });
    }
    const sorted = [...periods.values()].sort((a, b) => a.period.start.localeCompare(b.period.start));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      const prevEnd = monthIndex(prev.period.end ?? COVERAGE_HORIZON);
      if (prevEnd >= monthIndex(cur.period.start)) {
        ok = false;
        const at = cur.line ?? prev.line ?? first.line;
        const other =
          cur.line === undefined || prev.line === undefined
            ? `a stored period of this participant starting ${cur.line === undefined ? cur.period.start : prev.period.start}`
            : `line ${cur.line === at ? prev.line : cur.line}`;
        errors.push({ file, line: at, column: 'start_month', reason: `coverage overlaps ${other}` });
      }
    }
    if (!ok) continue;
    const p = first.row;
    records.push({
      kind: 'participant',
      participantId,
      nikHash: hashNik(p.nik, nikHashKey),
      nikMasked: maskNik(p.nik),
      name: p.name,
      gender: p.gender,
      birthDate: p.birth_date,
      nikAgrees: nikAgreement(p.nik, p.birth_date, p.gender),
      periods: sorted.map((s) => s.period),
    });
  }
  return { records, errors };
}
