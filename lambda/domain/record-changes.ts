/**
 * What an import changed: for each record it writes, the stored version before and the version after,
 * reduced to the fields that differ, with personal data masked (the import ledger keeps these). For
 * participants, coverage periods (identified by their start month) are counted as added, changed or
 * removed. Pure.
 */
import { maskBirthDate, maskName } from './personal-data.js';
import type { CoveragePeriod, ParticipantRecord, RawRecord } from './records.js';

export interface FieldChange {
  field: string;
  /** Masked where personal; null = absent (a new record, or an optional field left empty). */
  old: string | null;
  new: string | null;
}

export interface RecordChange {
  /** The record's identity as the import contract names it (participant id, payment id, ...). */
  record: string;
  change: 'ADDED' | 'CHANGED';
  fields: FieldChange[];
}

export interface ChangeSummary {
  periodsAdded: number;
  periodsChanged: number;
  periodsRemoved: number;
  /** Records added or changed (every one, also those beyond the kept list). */
  changesTotal: number;
  /** The first `limit` record changes, in the order the records were given. */
  changes: RecordChange[];
}

export const PERIOD_FIELDS = ['end', 'regency', 'district', 'sector', 'programs', 'funding'] as const;

export function recordIdentity(r: RawRecord): string {
  switch (r.kind) {
    case 'participant':
      return r.participantId;
    case 'payment':
      return r.paymentId;
    case 'claim':
      return r.claimId;
    case 'budget':
      return `${r.regency}/${r.fiscalYear}`;
    case 'target':
      return `${r.regency}/${r.year}/${r.sector ?? '*'}`;
  }
}

const text = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v));

/** A field's value as compared (raw) and as shown (masked where personal). */
type Field = { raw: string | null; shown: string | null };

/**
 * Flat fields of a record. Personal ones are compared raw but shown masked, so a corrected name shows
 * as changed even when its masked form is the same; the NIK is compared by its keyed hash.
 */
function flatFields(r: RawRecord): Map<string, Field> {
  const out = new Map<string, Field>();
  const put = (field: string, v: unknown, shown: string | null = text(v)) => out.set(field, { raw: text(v), shown });
  switch (r.kind) {
    case 'participant':
      put('nikMasked', r.nikHash, r.nikMasked);
      put('name', r.name, maskName(r.name));
      put('gender', r.gender);
      put('birthDate', r.birthDate, maskBirthDate(r.birthDate));
      for (const p of r.periods) for (const f of PERIOD_FIELDS) put(`periods[${p.start}].${f}`, p[f]);
      break;
    case 'claim':
      for (const [k, v] of Object.entries(r)) if (k !== 'kind' && k !== 'claimant') put(k, v);
      put('claimant.regency', r.claimant.regency);
      put('claimant.district', r.claimant.district);
      put('claimant.sector', r.claimant.sector);
      put('claimant.gender', r.claimant.gender);
      put('claimant.birthDate', r.claimant.birthDate, maskBirthDate(r.claimant.birthDate));
      break;
    default:
      for (const [k, v] of Object.entries(r)) if (k !== 'kind') put(k, v);
  }
  return out;
}

function diffFields(before: RawRecord | undefined, after: RawRecord): FieldChange[] {
  const a = before ? flatFields(before) : new Map<string, Field>();
  const b = flatFields(after);
  const fields: FieldChange[] = [];
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    const o = a.get(field);
    const n = b.get(field);
    if ((o?.raw ?? null) !== (n?.raw ?? null)) fields.push({ field, old: o?.shown ?? null, new: n?.shown ?? null });
  }
  return fields;
}

function periodCounts(before: ParticipantRecord | undefined, after: ParticipantRecord): { added: number; changed: number; removed: number } {
  const old = new Map<string, CoveragePeriod>((before?.periods ?? []).map((p) => [p.start, p]));
  let added = 0;
  let changed = 0;
  for (const p of after.periods) {
    const o = old.get(p.start);
    if (!o) added++;
    else if (PERIOD_FIELDS.some((f) => o[f] !== p[f])) changed++;
    old.delete(p.start);
  }
  return { added, changed, removed: old.size };
}

/**
 * The changes of `written` records against their stored versions (`before`, by `recordIdentity`),
 * keeping the first `limit` record changes and `maxFields` fields of each.
 */
export function summarizeChanges(
  written: readonly RawRecord[],
  before: (r: RawRecord) => RawRecord | undefined,
  limit: number,
  maxFields: number,
): ChangeSummary {
  const summary: ChangeSummary = { periodsAdded: 0, periodsChanged: 0, periodsRemoved: 0, changesTotal: 0, changes: [] };
  for (const r of written) {
    const old = before(r);
    if (r.kind === 'participant') {
      const c = periodCounts(old as ParticipantRecord | undefined, r);
      summary.periodsAdded += c.added;
      summary.periodsChanged += c.changed;
      summary.periodsRemoved += c.removed;
    }
    summary.changesTotal++;
    if (summary.changes.length < limit) {
      summary.changes.push({ record: recordIdentity(r), change: old ? 'CHANGED' : 'ADDED', fields: diffFields(old, r).slice(0, maxFields) });
    }
  }
  return summary;
}
