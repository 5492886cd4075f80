/**
 * The upload page for the governments that bring data (MINISTRY, PROVINCE, REGENCY): pick the kind,
 * download its template, upload a CSV file, and see what the import did: the counts of an accepted file,
 * or every row error of a rejected one (line, column, reason; the API never returns the values). The
 * flow itself (ticket, PUT, polling) is `upload/flow.ts`; the API decides the scope, this page only
 * states the rule.
 */
import type { ImportKind } from '../generated/graphql.js';
import { formatAsOf, formatCount } from '../i18n/format.js';
import { IMPORT_KIND_ORDER, importKindLabel } from '../i18n/codes.js';
import { t } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import type { Page, PageContext } from '../router.js';
import { regionLabel } from '../state.js';
import { h, replaceChildren } from '../ui/dom.js';
import { figures, renderFrame, section, type Figure } from '../ui/page.js';
import { describeError, errorView } from '../ui/status.js';
import { dataTable } from '../ui/table.js';
import { browserUploadDeps, fetchTemplate } from '../upload/api.js';
import { MAX_UPLOAD_BYTES, pollUpload, runUpload, TIMEOUT_MS, type UploadPhase, type UploadResult, type UploadStatusAnswer } from '../upload/flow.js';
import { readHistory, recordUpload, type HistoryEntry, type HistoryOutcome } from '../upload/history.js';

/** The roles that may upload (the API enforces it; the navigation hides the page from the others). */
export const UPLOAD_ROLES = ['MINISTRY', 'PROVINCE', 'REGENCY'] as const;

export const uploadPage: Page = async (context) => {
  await renderFrame(context, {
    title: t('uploadTitle'),
    subtitle: t('uploadSubtitle'),
    testId: 'upload',
    pickers: [],
    load: async () => {
      const role = context.session.role;
      if (!role || !(UPLOAD_ROLES as readonly string[]).includes(role)) {
        return { content: [section(t('uploadTitle'), 'upload-section', h('p', { class: 'muted', 'data-testid': 'upload-roles-only' }, t('uploadRolesOnly')))] };
      }
      return { content: uploadContent(context) };
    },
  });
};

function uploadContent(context: PageContext): HTMLElement[] {
  const scope = context.session.region ? regionLabel(context.session.region) : t('uploadScopeAll');
  const initialKind = context.query.get('kind')?.toUpperCase();
  let kind: ImportKind = IMPORT_KIND_ORDER.find((k) => k === initialKind) ?? 'PARTICIPANTS';

  const kindSelect = h(
    'select',
    {
      'aria-label': t('uploadKind'),
      'data-testid': 'upload-kind',
      onchange: () => {
        kind = kindSelect.value as ImportKind;
      },
    },
    IMPORT_KIND_ORDER.map((k) => h('option', { value: k, selected: k === kind }, importKindLabel(k))),
  );
  const templateMessage = h('div', { 'data-testid': 'upload-template-status' });
  const templateButton = h(
    'button',
    {
      type: 'button',
      class: 'button',
      'data-testid': 'upload-template',
      onclick: async () => {
        templateButton.disabled = true;
        replaceChildren(templateMessage);
        try {
          const template = await fetchTemplate(kind, context.signal);
          saveText(template.fileName, template.csv);
        } catch (error) {
          if (!context.signal.aborted) replaceChildren(templateMessage, errorView(error));
        } finally {
          templateButton.disabled = false;
        }
      },
    },
    t('uploadTemplate'),
  );
  const fileInput = h('input', { type: 'file', accept: '.csv,text/csv', 'aria-label': t('uploadFile'), 'data-testid': 'upload-file' });
  const submit = h('button', { type: 'submit', class: 'button primary', 'data-testid': 'upload-submit' }, t('uploadSubmit'));
  const status = h('div', { role: 'status', 'aria-live': 'polite', 'data-testid': 'upload-status' });
  const result = h('div', { 'data-testid': 'upload-result' });
  const history = h('div', { 'data-testid': 'upload-history' });

  const showHistory = (entries: HistoryEntry[]) => replaceChildren(history, historyView(entries));
  showHistory(readHistory());
  void refreshPending(context.signal, showHistory);

  const busy = (on: boolean) => {
    for (const control of [kindSelect, fileInput, submit, templateButton]) control.disabled = on;
  };

  /** Shows a result, and records it in this session's list. */
  const finish = (outcomeOf: { kind: ImportKind; fileName: string; at: string }, outcome: UploadResult) => {
    replaceChildren(status);
    status.removeAttribute('data-phase');
    result.setAttribute('data-outcome', outcome.outcome);
    replaceChildren(result, resultView(outcome, outcomeOf.fileName, (uploadId) => void checkAgain(outcomeOf, uploadId)));
    if (outcome.uploadId) {
      showHistory(
        recordUpload({
          uploadId: outcome.uploadId,
          kind: outcomeOf.kind,
          fileName: outcomeOf.fileName,
          at: outcomeOf.at,
          outcome: historyOutcome(outcome),
          written: outcome.outcome === 'ACCEPTED' ? (outcome.status.entry?.written ?? undefined) : undefined,
          errorCount: outcome.outcome === 'REJECTED' ? (outcome.status.entry?.errorCount ?? undefined) : undefined,
        }),
      );
    }
  };

  const onPhase = (about: { kind: ImportKind; fileName: string; at: string }) => (phase: UploadPhase) => {
    // Once the file is stored its import runs whatever the page does: listed as pending from here on, so
    // a reader who leaves finds it again (and its result, refreshPending) when coming back.
    if (phase.phase === 'PENDING') showHistory(recordUpload({ uploadId: phase.uploadId, ...about, outcome: 'PENDING' }));
    status.setAttribute('data-phase', phase.phase);
    const key: MessageKey = `uploadState${phase.phase}`;
    replaceChildren(status, h('p', { class: 'status loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t(key, { file: about.fileName })));
  };

  const checkAgain = async (about: { kind: ImportKind; fileName: string; at: string }, uploadId: string) => {
    busy(true);
    replaceChildren(result);
    result.removeAttribute('data-outcome');
    try {
      finish(about, await pollUpload(uploadId, browserUploadDeps, context.signal, { onPhase: onPhase(about) }));
    } catch {
      // Left the page: the upload goes on; its entry stays pending in the list.
    } finally {
      busy(false);
    }
  };

  const form = h(
    'form',
    {
      class: 'upload-form',
      'data-testid': 'upload-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const file = fileInput.files?.[0];
        replaceChildren(result);
        result.removeAttribute('data-outcome');
        if (!file) {
          replaceChildren(status, h('p', { class: 'form-error', 'data-testid': 'upload-no-file' }, t('uploadNoFile')));
          return;
        }
        // The API refuses other names too (INVALID_INPUT); said here in the reader's language, before a request.
        if (!file.name.toLowerCase().endsWith('.csv')) {
          replaceChildren(status, h('p', { class: 'form-error', 'data-testid': 'upload-not-csv' }, t('uploadNotCsv')));
          return;
        }
        if (file.size > MAX_UPLOAD_BYTES) {
          replaceChildren(status, h('p', { class: 'form-error', 'data-testid': 'upload-too-large' }, t('uploadTooLarge', { mib: MAX_UPLOAD_BYTES / 1024 / 1024 })));
          return;
        }
        const about = { kind, fileName: file.name, at: new Date().toISOString() };
        busy(true);
        try {
          finish(about, await runUpload(kind, file, file.name, browserUploadDeps, context.signal, { onPhase: onPhase(about) }));
        } catch {
          // Left the page: a file already stored stays pending in the list; one not yet sent was not uploaded.
        } finally {
          busy(false);
          // The same file can be chosen again after it is corrected.
          fileInput.value = '';
        }
      },
    },
    h('fieldset', { class: 'picker' }, h('legend', {}, t('uploadKind')), kindSelect),
    h('p', { class: 'upload-template' }, templateButton, ' ', h('span', { class: 'muted' }, t('uploadTemplateHint'))),
    templateMessage,
    h('fieldset', { class: 'picker' }, h('legend', {}, t('uploadFile')), fileInput),
    h('p', {}, submit),
  );

  return [
    section(
      t('uploadTitle'),
      'upload-section',
      h('p', { class: 'notice', 'data-testid': 'upload-scope-rule' }, t('uploadScopeRule', { scope })),
      form,
      status,
      result,
    ),
    section(t('uploadHistory'), 'upload-history-section', history),
  ];
}

/**
 * Asks once for the uploads of this session still listed as pending (the reader left the page, or it
 * stopped waiting) and lists those that have a result now. Failures leave them pending: the list is a
 * convenience, and the next visit asks again.
 */
async function refreshPending(signal: AbortSignal, show: (entries: HistoryEntry[]) => void): Promise<void> {
  for (const entry of readHistory().filter((e) => e.outcome === 'PENDING')) {
    try {
      const status = await browserUploadDeps.status(entry.uploadId, signal);
      if (signal.aborted || status.state === 'PENDING') continue;
      show(
        recordUpload({
          ...entry,
          outcome: status.state,
          written: status.state === 'ACCEPTED' ? status.entry?.written : undefined,
          errorCount: status.state === 'REJECTED' ? status.entry?.errorCount : undefined,
        }),
      );
    } catch {
      if (signal.aborted) return;
    }
  }
}

function historyOutcome(result: UploadResult): HistoryOutcome {
  switch (result.outcome) {
    case 'ACCEPTED':
    case 'REJECTED':
    case 'EXPIRED':
      return result.outcome;
    case 'TIMEOUT':
      return 'PENDING';
    // A status that could not be read may still turn out accepted: it stays pending, not failed.
    case 'API_ERROR':
      return result.uploadId ? 'PENDING' : 'FAILED';
    case 'PUT_FAILED':
      return 'FAILED';
  }
}

function resultView(result: UploadResult, fileName: string, checkAgain: (uploadId: string) => void): HTMLElement {
  const againButton = (uploadId: string) =>
    h('button', { type: 'button', class: 'button', 'data-testid': 'upload-check-again', onclick: () => checkAgain(uploadId) }, t('uploadCheckAgain'));
  switch (result.outcome) {
    case 'ACCEPTED':
      return acceptedView(result.status, fileName);
    case 'REJECTED':
      return rejectedView(result.status, fileName);
    case 'EXPIRED':
      return h('p', { class: 'status error', role: 'alert' }, t('uploadExpired', { file: fileName }));
    case 'TIMEOUT':
      return h(
        'div',
        { class: 'status error', role: 'alert' },
        h('p', {}, t('uploadTimeout', { file: fileName, minutes: TIMEOUT_MS / 60_000 })),
        againButton(result.uploadId),
      );
    case 'PUT_FAILED':
      return h(
        'p',
        { class: 'status error', role: 'alert' },
        result.httpStatus === undefined ? t('uploadPutUnreachable') : t('uploadPutFailed', { status: result.httpStatus }),
      );
    case 'API_ERROR':
      if (!result.uploadId) return errorView(result.error);
      return h(
        'div',
        { class: 'status error', role: 'alert' },
        h('p', {}, t('uploadStatusFailed', { file: fileName, reason: describeError(result.error, undefined).sentence })),
        againButton(result.uploadId),
      );
  }
}

function acceptedView(status: UploadStatusAnswer, fileName: string): HTMLElement {
  const entry = status.entry;
  const items: Figure[] = entry
    ? [
        { id: 'rowsRead', label: t('uploadRowsRead'), value: formatCount(entry.rowsRead) },
        { id: 'written', label: t('uploadWritten'), value: formatCount(entry.written) },
        { id: 'unchanged', label: t('uploadUnchanged'), value: formatCount(entry.unchanged) },
        // Coverage periods belong to rosters only.
        ...(status.kind === 'PARTICIPANTS'
          ? [
              { id: 'periodsAdded', label: t('uploadPeriodsAdded'), value: formatCount(entry.periodsAdded) },
              { id: 'periodsChanged', label: t('uploadPeriodsChanged'), value: formatCount(entry.periodsChanged) },
              { id: 'periodsRemoved', label: t('uploadPeriodsRemoved'), value: formatCount(entry.periodsRemoved) },
            ]
          : []),
      ]
    : [];
  return h(
    'div',
    { class: 'upload-outcome accepted' },
    h('p', { class: 'notice', 'data-testid': 'upload-summary' }, t('uploadAccepted', { file: fileName })),
    figures(items, 'upload-counts'),
  );
}

function rejectedView(status: UploadStatusAnswer, fileName: string): HTMLElement {
  const errors = status.entry?.rowErrors ?? [];
  const total = status.entry?.errorCount ?? errors.length;
  type RowError = (typeof errors)[number];
  const table = dataTable<RowError>({
    testId: 'upload-errors',
    rows: [...errors],
    tall: true,
    sort: { column: 'line', descending: false },
    rowId: (e) => String(e.line),
    columns: [
      { id: 'line', label: t('uploadLine'), value: (e) => e.line, numeric: true },
      { id: 'column', label: t('uploadColumn'), value: (e) => e.column ?? null, format: (e) => e.column ?? (e.line === 1 ? t('uploadWholeFile') : '–') },
      { id: 'reason', label: t('uploadReason'), value: (e) => e.reason },
    ],
  });
  return h(
    'div',
    { class: 'upload-outcome rejected' },
    h('p', { class: 'status error', role: 'alert', 'data-testid': 'upload-summary' }, t('uploadRejected', { file: fileName })),
    h('p', {}, t('uploadRejectedErrors', { n: formatCount(total) })),
    total > errors.length ? h('p', { class: 'muted', 'data-testid': 'upload-errors-cut' }, t('uploadErrorsCut', { shown: errors.length, total })) : null,
    table.element,
  );
}

function historyView(entries: HistoryEntry[]): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'muted', 'data-testid': 'upload-history-none' }, t('uploadHistoryNone'));
  return dataTable<HistoryEntry>({
    testId: 'upload-history-table',
    rows: entries,
    sort: { column: 'at', descending: true },
    rowId: (e) => e.uploadId,
    columns: [
      { id: 'at', label: t('uploadAt'), value: (e) => e.at, format: (e) => formatAsOf(e.at) },
      { id: 'kind', label: t('uploadKind'), value: (e) => importKindLabel(e.kind) },
      { id: 'file', label: t('uploadFile'), value: (e) => e.fileName },
      { id: 'outcome', label: t('uploadOutcome'), value: (e) => t(`uploadOutcome${e.outcome}`) },
      { id: 'written', label: t('uploadWritten'), value: (e) => e.written ?? null, format: (e) => formatCount(e.written), numeric: true },
      { id: 'errors', label: t('uploadRejectedErrorsShort'), value: (e) => e.errorCount ?? null, format: (e) => formatCount(e.errorCount), numeric: true },
      { id: 'uploadId', label: t('uploadId'), value: (e) => e.uploadId, format: (e) => h('code', {}, e.uploadId) },
    ],
  }).element;
}

/** Saves text exactly as the API gave it (the template's header must stay byte for byte the validator's). */
function saveText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
