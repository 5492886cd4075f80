/**
 * The auditor view's anomaly list: what the anomaly job found in the chosen region and period, filtered
 * by type and severity, each row unfolding to its evidence (record ids, masked NIKs as the API returns
 * them). The filters navigate, so the URL says what the list shows; the CSV has the evidence as columns.
 */
import type { Anomaly } from '../api/queries.js';
import type { AnomalyType, Severity } from '../generated/graphql.js';
import { ANOMALY_TYPE_ORDER, anomalyCountUnit, anomalyTypeLabel, SEVERITY_ORDER, severityLabel, severityRank } from '../i18n/codes.js';
import { formatAsOf, formatCount, formatPeriod, formatRupiah } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import type { PageContext } from '../router.js';
import { regionLabel } from '../state.js';
import { h } from '../ui/dom.js';
import { section } from '../ui/page.js';
import { choicePicker } from '../ui/pickers.js';
import { csvButton, dataTable, type Column } from '../ui/table.js';

export interface AnomalyChoice {
  type: AnomalyType | null;
  severity: Severity | null;
}

const isIn = <T extends string>(list: readonly T[], value: string | null): value is T => value !== null && (list as readonly string[]).includes(value);

/** The type and severity filters of the URL; a value the schema does not know counts as no filter. */
export function anomalyChoice(query: URLSearchParams): AnomalyChoice {
  const type = query.get('type');
  const severity = query.get('severity');
  return {
    type: isIn(ANOMALY_TYPE_ORDER, type) ? type : null,
    severity: isIn(SEVERITY_ORDER, severity) ? severity : null,
  };
}

const EVIDENCE = [
  ['participantIds', 'evidenceParticipants'],
  ['nikMasked', 'evidenceNik'],
  ['paymentIds', 'evidencePayments'],
  ['claimIds', 'evidenceClaims'],
] as const;

const evidenceCount = (a: Anomaly) => EVIDENCE.reduce((n, [key]) => n + a.evidence[key].length, 0);
const regionName = (a: Anomaly) => a.region?.name ?? regionLabel(a.regionCode);

export function anomaliesSection(context: PageContext, anomalies: Anomaly[], choice: AnomalyChoice, file: string): HTMLElement {
  const filters = [
    choicePicker({
      label: t('anomalyType'),
      value: choice.type ?? '',
      choices: [{ value: '', label: t('allTypes') }, ...ANOMALY_TYPE_ORDER.map((code) => ({ value: code, label: anomalyTypeLabel(code) }))],
      testId: 'anomaly-type-filter',
      onChange: (value) => context.navigate(context.withQuery({ type: value || null })),
    }),
    choicePicker({
      label: t('severity'),
      value: choice.severity ?? '',
      choices: [{ value: '', label: t('allSeverities') }, ...SEVERITY_ORDER.map((code) => ({ value: code, label: severityLabel(code) }))],
      testId: 'anomaly-severity-filter',
      onChange: (value) => context.navigate(context.withQuery({ severity: value || null })),
    }),
  ];
  const table = anomalyTable(anomalies);
  return section(
    t('anomaliesTitle'),
    'anomalies-section',
    h('p', { class: 'muted' }, t('anomaliesIntro')),
    anomaliesAsOf(anomalies),
    h('div', { class: 'toolbar' }, h('div', { class: 'pickers' }, filters), csvButton('anomalies-csv', file, table)),
    anomalies.length === 0 ? h('p', { class: 'muted', 'data-testid': 'anomalies-none' }, t('anomaliesNone')) : null,
    table.element,
  );
}

/** The data the list rests on: the newest asOf of the runs that found it (all from one run, usually). */
function anomaliesAsOf(anomalies: Anomaly[]): HTMLElement | null {
  const asOf = anomalies.map((a) => a.asOf).filter((x): x is string => Boolean(x)).sort().pop();
  return asOf ? h('p', { class: 'muted', 'data-testid': 'anomalies-as-of' }, t('anomaliesAsOf', { time: formatAsOf(asOf) })) : null;
}

/** Shown instead of the list to roles the API does not give it to. */
export function anomaliesAuditorsOnly(): HTMLElement {
  return section(
    t('anomaliesTitle'),
    'anomalies-section',
    h('p', { class: 'muted', 'data-testid': 'anomalies-auditors-only' }, t('anomaliesAuditorsOnly')),
  );
}

function countText(a: Anomaly): string | Node {
  const unit = anomalyCountUnit(a.type);
  if (unit === 'IDR') return formatRupiah(a.count);
  return h('span', {}, formatCount(a.count), h('span', { class: 'unit' }, ` ${t(`unit${unit}`)}`));
}

const joined = (ids: string[]) => (ids.length ? ids.join(' ') : null);

function anomalyTable(anomalies: Anomaly[]) {
  const columns: Array<Column<Anomaly>> = [
    {
      id: 'severity',
      label: t('severity'),
      value: (a) => a.severity,
      sortValue: (a) => severityRank(a.severity),
      format: (a) => h('span', { class: `severity severity-${a.severity.toLowerCase()}` }, severityLabel(a.severity)),
    },
    {
      id: 'type',
      label: t('anomalyType'),
      value: (a) => a.type,
      sortValue: (a) => anomalyTypeLabel(a.type),
      format: (a) => anomalyTypeLabel(a.type),
    },
    { id: 'code', label: t('regionCode'), value: (a) => a.regionCode },
    { id: 'region', label: t('region'), value: regionName },
    { id: 'period', label: t('period'), value: (a) => a.period, format: (a) => formatPeriod(a.period) },
    { id: 'count', label: t('anomalyCount'), value: (a) => a.count, format: countText, numeric: true },
    { id: 'detail', label: t('anomalyDetail'), value: (a) => a.detail, csvOnly: true },
    ...EVIDENCE.map(([key, label]): Column<Anomaly> => ({
      id: key,
      label: t(label),
      value: (a) => joined(a.evidence[key]),
      csvOnly: true,
    })),
    { id: 'regencies', label: t('evidenceRegencies'), value: (a) => joined(a.evidence.regencies), csvOnly: true },
  ];
  return dataTable<Anomaly>({
    testId: 'anomalies-table',
    rows: anomalies,
    tall: true,
    sort: { column: 'severity', descending: true },
    rowId: (a) => a.id,
    columns,
    details: {
      label: t('evidence'),
      summary: (a) => t('evidenceToggle', { n: evidenceCount(a) }),
      render: evidenceView,
    },
  });
}

function evidenceView(a: Anomaly): HTMLElement {
  const item = (label: string, testId: string, values: Array<string | Node>) =>
    h('div', { 'data-evidence': testId }, h('dt', {}, label), h('dd', {}, values));
  const ids = (values: string[]) => values.map((v) => h('code', {}, v));
  return h(
    'dl',
    { class: 'evidence', 'data-testid': 'evidence' },
    EVIDENCE.filter(([key]) => a.evidence[key].length > 0).map(([key, label]) => item(t(label), key, ids(a.evidence[key]))),
    a.evidence.regencies.length > 0 ? item(t('evidenceRegencies'), 'regencies', [a.evidence.regencies.map(regionLabel).join(', ')]) : null,
    item(t('evidenceDetail'), 'detail', [a.detail]),
    item(t('evidenceFoundAt'), 'foundAt', [formatAsOf(a.foundAt)]),
    a.asOf ? item(t('evidenceAsOf'), 'asOf', [formatAsOf(a.asOf)]) : null,
  );
}
