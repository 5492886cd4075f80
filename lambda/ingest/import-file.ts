/**
 * The one import path (CLI, S3 handler, local load): validate the whole file, then write only what
 * changed. If any row is bad, nothing is written. Re-importing a file writes nothing, so it puts nothing
 * on the stream and moves no figure. With a ledger, every import (accepted or rejected) appends one
 * entry: who, the file's SHA-256, the counts and the changed fields (masked).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createHash, randomUUID } from 'node:crypto';
import { LEDGER_MAX_CHANGES, LEDGER_MAX_FIELDS, LEDGER_MAX_ROW_ERRORS, type ImportLedgerEntry, type ImportSubject } from '../domain/import-ledger-entry.js';
import { summarizeChanges, type ChangeSummary } from '../domain/record-changes.js';
import { ImportAlreadyRecorded, type ImportLedger } from '../store/import-ledger.js';
import { setImmediate } from 'node:timers/promises';
import type { RawRecord } from '../domain/records.js';
import type { RegionCatalog } from '../domain/regions.js';
import { rowSchemas, validateRow, type ImportKind, type ParsedRow, type RowError } from '../domain/validation.js';
import { RecordStore, recordKeyId } from '../store/record-store.js';
import { keyOfRecord } from '../store/record-items.js';
import { claimantOf } from './claimant.js';
import { readCsv } from './csv-file.js';
import { buildParticipants, groupParticipantRows, type LinedRow } from './participants.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { rowsOutsideScope } from '../domain/upload-scope.js';
import { StoredParticipants } from './stored-participants.js';

/** Rows validated between two turns of the event loop, in which the participant lookups go out. */
const VALIDATE_SLICE = 1_000;

export interface ImportDeps {
  ddb: DynamoDBClient;
  recordsTable: string;
  regions: RegionCatalog;
  nikHashKey: string;
  concurrency?: number;
  onProgress?: (event: { phase: 'validate' | 'write'; done: number; total: number }) => void;
  /** Where the import is recorded, and whom it is attributed to (the caller knows: CLI, S3, a user). */
  /** `importId`: given by a dashboard upload (its uploadId), so the page finds its entry; else a UUID. */
  ledger?: { store: ImportLedger; who: ImportSubject; now?: () => Date; importId?: string };
  /**
   * Region the uploader may bring data for (a dashboard upload by a PROVINCE or REGENCY user); a row
   * outside it rejects the whole file. Undefined = no restriction (CLI, operator drops, MINISTRY).
   */
  scope?: string;
}

export interface ImportReport {
  kind: ImportKind;
  file: string;
  rows: number;
  records: number;
  written: number;
  unchanged: number;
  errors: RowError[];
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  /** What the written records changed (periods, fields), as the ledger keeps it. */
  changes: ChangeSummary;
  /** The ledger entry appended, when the import had a ledger. */
  ledgerEntry?: ImportLedgerEntry;
}

/** `content` as bytes is hashed as given; as text, its UTF-8 encoding is hashed. */
export async function importFile(kind: ImportKind, file: string, content: string | Uint8Array, deps: ImportDeps): Promise<ImportReport> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  const report: ImportReport = {
    kind,
    file,
    rows: 0,
    records: 0,
    written: 0,
    unchanged: 0,
    errors: [],
    sha256: createHash('sha256').update(bytes).digest('hex'),
    changes: { periodsAdded: 0, periodsChanged: 0, periodsRemoved: 0, changesTotal: 0, changes: [] },
  };
  const regions = new Set<string>();
  const recorded = async () => {
    if (deps.ledger) report.ledgerEntry = await record(report, [...regions].sort(), deps.ledger);
    return report;
  };
  const csv = readCsv(kind, file, text);
  report.rows = csv.rows.length;
  report.errors.push(...csv.errors);
  if (csv.errors.some((e) => e.line === 1)) return recorded();

  const schemas = rowSchemas(deps.regions);
  const store = new RecordStore(deps.ddb, deps.recordsTable);
  const participants = kind === 'participants' || kind === 'claims' ? new StoredParticipants(store, deps.concurrency) : undefined;
  const valid: LinedRow<ParsedRow<typeof kind>>[] = [];
  for (let i = 0; i < csv.rows.length; i++) {
    const r = csv.rows[i]!;
    const result = validateRow(schemas, kind, r.values, file, r.line);
    if (result.ok) {
      valid.push({ line: r.line, row: result.row });
      const regency = (result.row as { regency_code?: string }).regency_code;
      if (regency) regions.add(regency);
      if (participants) participants.want((result.row as { participant_id: string }).participant_id);
    } else report.errors.push(...result.errors);
    if (i % VALIDATE_SLICE === VALIDATE_SLICE - 1) {
      deps.onProgress?.({ phase: 'validate', done: i + 1, total: csv.rows.length });
      // Lets the lookups started so far go out while the rest is validated.
      await setImmediate();
    }
  }

  const built = await buildRecords(kind, file, valid, deps.nikHashKey, participants);
  report.errors.push(...built.errors);
  report.errors.push(...(await outOfScope(kind, file, valid, deps.scope, participants)));
  report.errors.sort((a, b) => a.line - b.line);
  for (const r of built.records) regions.add(regencyOf(r));
  if (report.errors.length > 0) return recorded();
  report.records = built.records.length;

  const stored = built.stored ?? (await store.getByKeys(built.records.map(keyOfRecord)));
  const changed = built.records.filter((r) => {
    const before = stored.get(recordKeyId(r));
    return !before || canonicalJson(before) !== canonicalJson(r);
  });
  report.unchanged = built.records.length - changed.length;
  // Written region by region: stream batches then hold records of few regencies, so each batch updates
  // few rollup items (the aggregator folds a batch into one update per item it touches).
  changed.sort((a, b) => regencyOf(a).localeCompare(regencyOf(b)));
  let done = 0;
  await store.putRecords(changed, {
    concurrency: deps.concurrency,
    onProgress: (n) => deps.onProgress?.({ phase: 'write', done: (done += n), total: changed.length }),
  });
  report.written = changed.length;
  report.changes = summarizeChanges(changed, (r) => stored.get(recordKeyId(r)), LEDGER_MAX_CHANGES, LEDGER_MAX_FIELDS);
  return recorded();
}

/**
 * Appended after the writes, so the entry states what was written. If the append fails the import
 * fails loudly (CLI exit code, S3 retry); the retry finds the records written and records them as
 * unchanged, so such an entry then understates the change (README, import ledger).
 */
async function record(report: ImportReport, regions: string[], ledger: NonNullable<ImportDeps['ledger']>): Promise<ImportLedgerEntry> {
  const headerBad = report.errors.some((e) => e.line === 1);
  const entry: ImportLedgerEntry = {
    importId: ledger.importId ?? randomUUID(),
    at: (ledger.now?.() ?? new Date()).toISOString(),
    subject: ledger.who.subject,
    role: ledger.who.role,
    scope: ledger.who.scope,
    kind: report.kind,
    fileName: report.file,
    sha256: report.sha256,
    rowsRead: report.rows,
    written: report.written,
    unchanged: report.unchanged,
    // A bad header rejects every row; otherwise the rows (lines) with at least one error.
    rejected: headerBad ? report.rows : new Set(report.errors.map((e) => e.line)).size,
    errorCount: report.errors.length,
    rowErrors: report.errors.slice(0, LEDGER_MAX_ROW_ERRORS).map((e) => ({ line: e.line, column: e.column, reason: e.reason })),
    outcome: report.errors.length > 0 ? 'REJECTED' : 'ACCEPTED',
    ...report.changes,
    regions,
  };
  try {
    await ledger.store.append(entry);
  } catch (e) {
    if (!(e instanceof ImportAlreadyRecorded) || ledger.importId === undefined) throw e;
    // The same upload imported again (its URL PUT twice while valid, or S3 delivering the event twice):
    // the first entry stays the upload's status, and this import is still recorded, under an id of its own.
    const again: ImportLedgerEntry = { ...entry, importId: `${ledger.importId}.again-${randomUUID()}` };
    await ledger.store.append(again);
    return again;
  }
  return entry;
}

/** Rows outside the uploader's scope; a claim lies where its participant was covered on the event date. */
async function outOfScope(
  kind: ImportKind,
  file: string,
  rows: readonly LinedRow<ParsedRow<ImportKind>>[],
  scope: string | undefined,
  participants: StoredParticipants | undefined,
): Promise<RowError[]> {
  if (scope === undefined) return [];
  if (kind === 'claims') {
    const stored = await participants!.all();
    const located = (rows as LinedRow<ParsedRow<'claims'>>[]).flatMap(({ line, row }) => {
      const p = stored.get(row.participant_id);
      // An unknown participant is already an error of its own (buildRecords).
      return p ? [{ line, column: 'participant_id', regency: claimantOf(p, row.event_date).regency }] : [];
    });
    return rowsOutsideScope(file, located, scope);
  }
  const located = rows.map(({ line, row }) => ({ line, column: 'regency_code', regency: (row as { regency_code: string }).regency_code }));
  return rowsOutsideScope(file, located, scope);
}

function regencyOf(r: RawRecord): string {
  switch (r.kind) {
    case 'participant':
      return r.periods[r.periods.length - 1]!.regency;
    case 'claim':
      return r.claimant.regency;
    default:
      return r.regency;
  }
}

interface Built {
  records: RawRecord[];
  errors: RowError[];
  /** Stored versions already fetched while building (participants), keyed by record key id. */
  stored?: Map<string, RawRecord>;
}

async function buildRecords(
  kind: ImportKind,
  file: string,
  rows: LinedRow<ParsedRow<ImportKind>>[],
  nikHashKey: string,
  storedParticipants: StoredParticipants | undefined,
): Promise<Built> {
  switch (kind) {
    case 'participants': {
      const groups = groupParticipantRows(rows as LinedRow<ParsedRow<'participants'>>[]);
      const stored = await storedParticipants!.all();
      const built = buildParticipants(file, groups, stored, nikHashKey);
      return { ...built, stored: new Map([...stored.values()].map((p) => [recordKeyId(p), p])) };
    }
    case 'contributions':
      return unique(file, rows as LinedRow<ParsedRow<'contributions'>>[], 'payment_id', (r) => r.payment_id, (r) => ({
        kind: 'payment',
        paymentId: r.payment_id,
        regency: r.regency_code,
        month: r.month,
        funding: r.funding_source,
        participants: r.participants,
        amountIdr: r.amount_idr,
        paidOn: r.paid_on,
      }));
    case 'claims': {
      const claimRows = rows as LinedRow<ParsedRow<'claims'>>[];
      const participants = await storedParticipants!.all();
      const errors: RowError[] = [];
      const known = claimRows.filter(({ line, row }) => {
        if (participants.has(row.participant_id)) return true;
        errors.push({ file, line, column: 'participant_id', reason: 'no participant with this id (import participants first)' });
        return false;
      });
      const built = unique(file, known, 'claim_id', (r) => r.claim_id, (r) => ({
        kind: 'claim',
        claimId: r.claim_id,
        participantId: r.participant_id,
        program: r.program,
        eventDate: r.event_date,
        paidOn: r.paid_on,
        amountIdr: r.amount_idr,
        claimant: claimantOf(participants.get(r.participant_id)!, r.event_date),
      }));
      return { records: built.records, errors: [...errors, ...built.errors] };
    }
    case 'budgets':
      return unique(file, rows as LinedRow<ParsedRow<'budgets'>>[], 'fiscal_year', (r) => `${r.regency_code}|${r.fiscal_year}`, (r) => ({
        kind: 'budget',
        regency: r.regency_code,
        fiscalYear: r.fiscal_year,
        allocationIdr: r.allocation_idr,
      }));
    case 'targets':
      return unique(
        file,
        rows as LinedRow<ParsedRow<'targets'>>[],
        'sector',
        (r) => `${r.regency_code}|${r.year}|${r.sector ?? ''}`,
        (r) => ({ kind: 'target', regency: r.regency_code, year: r.year, sector: r.sector, targetWorkers: r.target_workers }),
      );
  }
}

/** Builds records, rejecting a second row with the same identity (the file would contradict itself). */
function unique<T>(
  file: string,
  rows: readonly LinedRow<T>[],
  column: string,
  identity: (row: T) => string,
  toRecord: (row: T) => RawRecord,
): Built {
  const seen = new Map<string, number>();
  const records: RawRecord[] = [];
  const errors: RowError[] = [];
  for (const { line, row } of rows) {
    const id = identity(row);
    const first = seen.get(id);
    if (first !== undefined) {
      errors.push({ file, line, column, reason: `repeats the row of line ${first}` });
      continue;
    }
    seen.set(id, line);
    records.push(toRecord(row));
  }
  return { records, errors };
}
