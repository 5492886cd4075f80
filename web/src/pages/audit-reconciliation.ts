/**
 * The auditor view's reconciliation: did the DBHCHT money buy the protection reported? The API's rows
 * per month and per semester, in Indonesian notation, each flag shown with what it means for that row
 * (the server's own message, in English, on pointing at it).
 */
import type { Reconciliation, ReconciliationRow } from '../api/queries.js';
import { reconciliationFlagLabel } from '../i18n/codes.js';
import { formatCount, formatPeriod, formatRate, formatRupiah } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { h } from '../ui/dom.js';
import { section } from '../ui/page.js';
import { csvButton, dataTable, type Column } from '../ui/table.js';

export function reconciliationSection(data: Reconciliation, file: (part: 'bulan' | 'semester') => string): HTMLElement {
  const months = reconciliationTable('reconciliation-months', data.months);
  const semesters = reconciliationTable('reconciliation-semesters', data.semesters);
  const part = (title: string, testId: string, table: ReturnType<typeof reconciliationTable>, filename: string) =>
    h(
      'div',
      { class: 'subsection', 'data-testid': `${testId}-part` },
      h('div', { class: 'toolbar' }, h('h3', {}, title), csvButton(`${testId}-csv`, filename, table)),
      table.element,
    );
  return section(
    t('reconciliationTitle', { year: data.fiscalYear, region: data.region.name }),
    'reconciliation-section',
    h('p', { class: 'muted' }, t('reconciliationIntro')),
    h(
      'p',
      { 'data-testid': 'reconciliation-allocation' },
      `${t('allocationOfYear', { year: data.fiscalYear })}: `,
      h('strong', {}, formatRupiah(data.allocation)),
    ),
    part(t('reconciliationMonths'), 'reconciliation-months', months, file('bulan')),
    part(t('reconciliationSemesters'), 'reconciliation-semesters', semesters, file('semester')),
  );
}

function money(id: string, label: string, get: (r: ReconciliationRow) => number | null): Column<ReconciliationRow> {
  return { id, label, value: get, format: (r) => formatRupiah(get(r)), numeric: true };
}

function rate(id: string, label: string, get: (r: ReconciliationRow) => number | null): Column<ReconciliationRow> {
  return { id, label, value: get, format: (r) => formatRate(get(r)), numeric: true };
}

function count(id: string, label: string, get: (r: ReconciliationRow) => number): Column<ReconciliationRow> {
  return { id, label, value: get, format: (r) => formatCount(get(r)), numeric: true };
}

function reconciliationTable(testId: string, rows: ReconciliationRow[]) {
  // A flag compares a row with the one before it in time, whatever order the table is sorted in.
  const previous = (row: ReconciliationRow) => rows[rows.indexOf(row) - 1];
  return dataTable<ReconciliationRow>({
    testId,
    rows,
    rowId: (r) => r.period,
    rowClass: (r) => (r.flags.length > 0 ? 'flagged' : null),
    columns: [
      { id: 'period', label: t('period'), value: (r) => r.period, format: (r) => formatPeriod(r.period) },
      // The year's allocation, the same on every row: shown once above the table, a column in the CSV.
      { ...money('allocation', t('allocation'), (r) => r.allocation), csvOnly: true },
      money('paid', t('paid'), (r) => r.paid),
      money('cumulative-paid', t('cumulativePaid'), (r) => r.cumulativePaid),
      rate('realization', t('realizationRate'), (r) => r.realizationRate),
      rate('cumulative-realization', t('cumulativeRealizationRate'), (r) => r.cumulativeRealizationRate),
      count('participants', t('participantsCovered'), (r) => r.participantsCovered),
      count('participant-months', t('participantMonths'), (r) => r.participantMonths),
      money('expected', t('expected'), (r) => r.expected),
      money('gap', t('gap'), (r) => r.gap),
      {
        id: 'cost',
        label: t('costPerParticipantMonth'),
        value: (r) => r.costPerParticipantMonth,
        // Whole rupiah on screen; the CSV keeps the API's exact quotient.
        format: (r) => formatRupiah(r.costPerParticipantMonth === null ? null : Math.round(r.costPerParticipantMonth)),
        numeric: true,
      },
      money('claims-paid', t('claimsPaid'), (r) => r.claimsPaid),
      rate('benefits-ratio', t('benefitsToContributions'), (r) => r.benefitsToContributions),
      // The flags themselves are written under their row; the CSV has their codes.
      {
        id: 'flags',
        label: t('flags'),
        value: (r) => (r.flags.length ? r.flags.map((f) => f.code).join(' ') : null),
        csvOnly: true,
      },
    ],
    note: (r) => (r.flags.length ? flagNotes(r, previous(r)) : null),
  });
}

/** Under a flagged row: each flag with what it means for that row, the server's own message on pointing at it. */
function flagNotes(row: ReconciliationRow, previous: ReconciliationRow | undefined): Node {
  return h(
    'ul',
    { class: 'flag-notes' },
    row.flags.map((flag) =>
      h(
        'li',
        { class: 'flag', 'data-flag': flag.code, title: flag.message },
        h('span', { class: 'flag-label' }, reconciliationFlagLabel(flag.code)),
        ' ',
        h('span', { class: 'flag-explanation' }, flagExplanation(flag, row, previous)),
      ),
    ),
  );
}

/** What a flag means for this row, from the row's own figures; the server's message for a code this page does not know. */
function flagExplanation(
  flag: ReconciliationRow['flags'][number],
  row: ReconciliationRow,
  previous: ReconciliationRow | undefined,
): string {
  switch (flag.code) {
    case 'UNDERPAID':
      return t('flagExplainUNDERPAID', { share: formatRate(row.expected > 0 ? row.paid / row.expected : null) });
    case 'OVERPAID':
      return t('flagExplainOVERPAID', { amount: formatRupiah(row.paid - row.expected) });
    case 'OVER_BUDGET':
      return t('flagExplainOVER_BUDGET', { rate: formatRate(row.cumulativeRealizationRate) });
    case 'COST_OUTSIDE_RATE':
      return t('flagExplainCOST_OUTSIDE_RATE', {
        cost: formatRupiah(row.costPerParticipantMonth === null ? null : Math.round(row.costPerParticipantMonth)),
      });
    case 'PARTICIPANTS_UP_PAYMENTS_DOWN':
      return previous
        ? t('flagExplainPARTICIPANTS_UP_PAYMENTS_DOWN', {
            before: formatCount(previous.participantsCovered),
            after: formatCount(row.participantsCovered),
          })
        : flag.message;
    default:
      return flag.message;
  }
}
