/**
 * The import ledger for auditors: every import between two dates (who, which file by its SHA-256, what
 * it did), each row unfolding to the fields it changed, old and new, personal data masked as the API
 * returns it. The dates navigate, so the URL says what the list shows; the CSV is the table as shown.
 */
import { query } from '../api/client.js';
import { DAY, importRange } from './import-range.js';
import { graphql } from '../generated/gql.js';
import type { ImportsQuery } from '../generated/graphql.js';
import { formatAsOf, formatCount } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import type { Page } from '../router.js';
import { h } from '../ui/dom.js';
import { renderFrame, section } from '../ui/page.js';
import { csvButton, dataTable } from '../ui/table.js';

export const IMPORTS = graphql(/* GraphQL */ `
  query Imports($from: DateTime!, $to: DateTime!, $after: String) {
    imports(from: $from, to: $to, first: 100, after: $after) {
      entries {
        importId
        at
        subject
        role
        scope
        kind
        fileName
        sha256
        rowsRead
        written
        unchanged
        rejected
        errorCount
        outcome
        periodsAdded
        periodsChanged
        periodsRemoved
        changesTotal
        changes {
          record
          change
          fields {
            field
            old
            new
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** One import of the ledger, as the schema types it (generated from the document above). */
export type ImportEntry = ImportsQuery['imports']['entries'][number];

/** Pages through the whole range (a few hundred imports a month at most): the table sorts and exports all of it. */
async function fetchImports(from: string, to: string, signal: AbortSignal): Promise<ImportEntry[]> {
  const entries: ImportEntry[] = [];
  let after: string | null = null;
  do {
    const page: ImportsQuery = await query(IMPORTS, { from, to, after }, signal);
    entries.push(...page.imports.entries);
    after = page.imports.pageInfo.hasNextPage ? page.imports.pageInfo.endCursor : null;
  } while (after);
  return entries;
}

export const auditImportsPage: Page = async (context) => {
  const range = importRange(context.query);
  const dateInput = (name: 'from' | 'to', label: string) => {
    const input = h('input', {
      type: 'date',
      value: range[name],
      'aria-label': label,
      'data-testid': `imports-${name}`,
      onchange: () => {
        if (DAY.test(input.value)) context.navigate(context.withQuery({ [name]: input.value }));
      },
    });
    return h('fieldset', { class: 'picker' }, h('legend', {}, label), input);
  };
  await renderFrame(context, {
    title: t('importsTitle'),
    subtitle: t('importsSubtitle'),
    testId: 'audit-imports',
    pickers: [dateInput('from', t('importsFrom')), dateInput('to', t('importsTo'))],
    load: async (signal) => {
      if (context.session.role !== 'AUDITOR' || context.session.region) {
        return { content: [section(t('importsTitle'), 'imports-section', h('p', { class: 'muted', 'data-testid': 'imports-auditors-only' }, t('importsAuditorsOnly')))] };
      }
      // The days are read in Western Indonesia Time, as the times are shown.
      const entries = await fetchImports(`${range.from}T00:00:00+07:00`, `${range.to}T23:59:59.999+07:00`, signal);
      const table = importsTable(entries);
      return {
        content: [
          section(
            t('importsTitle'),
            'imports-section',
            h('p', { class: 'muted' }, t('importsIntro')),
            h('div', { class: 'table-actions' }, csvButton('imports-csv', `jamrep-impor-${range.from}-${range.to}.csv`, table)),
            entries.length === 0 ? h('p', { class: 'muted', 'data-testid': 'imports-none' }, t('importsNone')) : null,
            table.element,
          ),
        ],
      };
    },
  });
};

function importsTable(entries: ImportEntry[]) {
  const count = (id: keyof ImportEntry & string, label: string) => ({
    id,
    label,
    value: (e: ImportEntry) => e[id] as number,
    format: (e: ImportEntry) => formatCount(e[id] as number),
    numeric: true,
  });
  return dataTable<ImportEntry>({
    testId: 'imports-table',
    rows: entries,
    tall: true,
    sort: { column: 'at', descending: true },
    rowId: (e) => e.importId,
    columns: [
      { id: 'at', label: t('importsAt'), value: (e) => e.at, format: (e) => formatAsOf(e.at) },
      { id: 'subject', label: t('importsSubject'), value: (e) => e.subject },
      { id: 'role', label: t('importsRole'), value: (e) => [e.role, e.scope].filter(Boolean).join(' ') || null },
      { id: 'kind', label: t('importsKind'), value: (e) => e.kind },
      { id: 'file', label: t('importsFile'), value: (e) => e.fileName },
      { id: 'sha256', label: 'SHA-256', value: (e) => e.sha256, format: (e) => h('code', { class: 'hash', title: e.sha256 }, e.sha256) },
      {
        id: 'outcome',
        label: t('importsOutcome'),
        value: (e) => e.outcome,
        format: (e) => h('span', { class: `outcome outcome-${e.outcome.toLowerCase()}` }, t(e.outcome === 'ACCEPTED' ? 'importsAccepted' : 'importsRejected')),
      },
      count('rowsRead', t('importsRowsRead')),
      count('written', t('importsWritten')),
      count('unchanged', t('importsUnchanged')),
      count('rejected', t('importsRejectedRows')),
      count('periodsAdded', t('importsPeriodsAdded')),
      count('periodsChanged', t('importsPeriodsChanged')),
      count('periodsRemoved', t('importsPeriodsRemoved')),
      count('changesTotal', t('importsChangesTotal')),
    ],
    details: {
      label: t('importsChanges'),
      summary: (e) => t('importsChangesToggle', { n: e.changesTotal }),
      render: changesView,
    },
  });
}

function changesView(e: ImportEntry): HTMLElement {
  const rows = e.changes.flatMap((c) =>
    c.fields.map((f, i) =>
      h(
        'tr',
        { 'data-record': c.record },
        h('td', {}, i === 0 ? c.record : ''),
        h('td', {}, i === 0 ? t(c.change === 'ADDED' ? 'importsChangeAdded' : 'importsChangeChanged') : ''),
        h('td', {}, h('code', {}, f.field)),
        h('td', {}, f.old ?? '–'),
        h('td', {}, f.new ?? '–'),
      ),
    ),
  );
  return h(
    'div',
    { 'data-testid': 'import-changes' },
    e.changes.length === 0
      ? h('p', { class: 'muted' }, t('importsNoChanges'))
      : h(
          'table',
          { class: 'data-table changes' },
          h(
            'thead',
            {},
            h('tr', {}, [t('importsRecord'), t('importsChange'), t('importsField'), t('importsOld'), t('importsNew')].map((label) => h('th', {}, label))),
          ),
          h('tbody', {}, rows),
        ),
    e.changesTotal > e.changes.length ? h('p', { class: 'muted' }, t('importsChangesCut', { shown: e.changes.length, total: e.changesTotal })) : null,
  );
}
