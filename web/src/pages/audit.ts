/**
 * Auditor view: the anomalies the anomaly job found, with their evidence; the DBHCHT reconciliation of
 * the fiscal year; and contributions expected against paid by regency and funding source, and claims
 * by programme. Every list sorts and exports as shown. One request answers the whole page.
 */
import {
  anySuppressed,
  AUDIT,
  fetchAudit,
  measureOf,
  valueOf,
  type AuditAnswer,
  type AuditVariables,
  type Measure,
  type MeasureValue,
  type RegionRef,
} from '../api/queries.js';
import { fundingSourceLabel, programLabel } from '../i18n/codes.js';
import { formatMeasure, formatPeriod, formatRate } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import type { Period } from '../period.js';
import type { Page } from '../router.js';
import { defaultProvince, loadAvailability, provinceOf, regenciesOf, regionLabel } from '../state.js';
import { renderDataPage } from '../ui/data-page.js';
import { h } from '../ui/dom.js';
import { section, suppressionNote } from '../ui/page.js';
import { csvButton, dataTable, type Column, type DataTable } from '../ui/table.js';
import { anomaliesAuditorsOnly, anomaliesSection, anomalyChoice } from './audit-anomalies.js';
import { reconciliationSection } from './audit-reconciliation.js';

export const auditPage: Page = async (context) => {
  const { session, query, config } = context;
  const region = query.get('region') ?? session.region ?? defaultProvince(await loadAvailability(null, config.earliestYear));
  // No province at all in the reference data: the national view is the only one left.
  if (!region) return context.navigate('/national', { replace: true });
  const choice = anomalyChoice(query);
  // The anomaly list names participants: the API gives it to auditors only.
  const withAnomalies = session.role === 'AUDITOR';

  await renderDataPage(context, {
    testId: 'audit',
    title: () => t('auditTitle', { region: regionLabel(region) }),
    subtitle: (period) => formatPeriod(period.id),
    region: {
      code: region,
      label: t('region'),
      choices: regionsInScope(session.region, region),
      testId: 'audit-region-picker',
      href: (code) => context.withQuery({ region: code }),
    },
    load: async ({ period, signal }) => {
      const regency = region.includes('.');
      const variables: AuditVariables = {
        region,
        from: period.from,
        to: period.to,
        granularity: period.granularity,
        fiscalYear: period.year,
        province: regency ? null : region,
        regency: regency ? region : null,
        withAnomalies,
        anomalyFilter: withAnomalies
          ? {
              region: [region],
              ...(choice.type ? { type: [choice.type] } : {}),
              ...(choice.severity ? { severity: [choice.severity] } : {}),
              from: period.from,
              to: period.to,
            }
          : null,
      };
      const data = await fetchAudit(variables, signal);
      const explorerHref = `/explorer?${new URLSearchParams({ query: AUDIT.toString().trim().replace(/^  /gm, ''), variables: JSON.stringify(variables, null, 2) })}`;
      return {
        content: [
          suppressionNote([...data.gap.rows, ...data.claims.rows].some((r) => anySuppressed(r.values))),
          data.anomalies ? anomaliesSection(context, data.anomalies, choice, fileName('anomali', region, period)) : anomaliesAuditorsOnly(),
          reconciliationSection(data.reconciliation, (part) => `jamrep-rekonsiliasi-${part}-${region}-${period.year}.csv`),
          tableSection('gap', t('gapTableTitle'), gapTable(data.gap), data.gap, fileName('iuran', region, period)),
          tableSection('claims', t('claimsTableTitle'), claimsTable(data.claims), data.claims, fileName('klaim', region, period)),
          h('p', {}, h('a', { href: explorerHref, 'data-testid': 'open-in-explorer' }, t('openInExplorer'))),
          // The ledger is for auditors without a region scope (as the API decides).
          withAnomalies && !session.region ? h('p', {}, h('a', { href: '/audit/imports', 'data-testid': 'open-imports' }, t('importsLink'))) : null,
        ],
      };
    },
  });
};

/**
 * The regions the picker offers: a user bound to a regency sees only it; others the province of the
 * region on screen and its regencies.
 */
function regionsInScope(scope: string | null, region: string): RegionRef[] {
  if (scope?.includes('.')) return [{ code: scope, name: regionLabel(scope) }];
  const province = provinceOf(region);
  return [{ code: province, name: regionLabel(province) }, ...regenciesOf(province)];
}

const fileName = (what: string, region: string, period: Period) => `jamrep-${what}-${region}-${period.id}.csv`;

type GapAnswer = AuditAnswer['gap'];
type ClaimsAnswer = AuditAnswer['claims'];
type ByRegion = { regionCode: string | null; region: RegionRef | null; values: MeasureValue[] };

function tableSection<R>(id: string, title: string, table: DataTable<R>, answer: { rollups: string[] }, file: string): HTMLElement {
  return section(
    title,
    `${id}-section`,
    h('div', { class: 'table-actions' }, csvButton(`${id}-csv`, file, table)),
    table.element,
    h('p', { class: 'provenance muted' }, t('provenance', { rollups: answer.rollups.join(', ') })),
  );
}

function regionColumns<R extends ByRegion>(): Array<Column<R>> {
  return [
    { id: 'code', label: t('regionCode'), value: (r) => r.regionCode ?? null },
    { id: 'region', label: t('regencyColumn'), value: (r) => r.region?.name ?? r.regionCode ?? null },
  ];
}

function money<R extends ByRegion>(id: string, label: string, measure: Measure): Column<R> {
  return { id, label, value: (r) => valueOf(r.values, measure), format: (r) => formatMeasure(measureOf(r.values, measure)), numeric: true };
}

function gapTable(answer: GapAnswer): DataTable<GapAnswer['rows'][number]> {
  const share = (values: readonly MeasureValue[]) => {
    const expected = valueOf(values, 'EXPECTED_CONTRIBUTIONS_IDR');
    const paid = valueOf(values, 'CONTRIBUTIONS_IDR');
    return expected ? (paid ?? 0) / expected : null;
  };
  return dataTable<GapAnswer['rows'][number]>({
    testId: 'gap-table',
    rows: answer.rows,
    tall: true,
    sort: { column: 'gap', descending: true },
    totals: {
      code: t('total'),
      billed: formatMeasure(measureOf(answer.totals, 'BILLED_PARTICIPANTS')),
      expected: formatMeasure(measureOf(answer.totals, 'EXPECTED_CONTRIBUTIONS_IDR')),
      paid: formatMeasure(measureOf(answer.totals, 'CONTRIBUTIONS_IDR')),
      gap: formatMeasure(measureOf(answer.totals, 'CONTRIBUTION_GAP_IDR')),
      share: formatRate(share(answer.totals)),
    },
    columns: [
      ...regionColumns(),
      {
        id: 'funding',
        label: t('fundingSource'),
        value: (r) => r.fundingSource ?? null,
        format: (r) => fundingSourceLabel(r.fundingSource),
      },
      {
        id: 'billed',
        label: t('billedParticipantMonths'),
        value: (r) => valueOf(r.values, 'BILLED_PARTICIPANTS'),
        format: (r) => formatMeasure(measureOf(r.values, 'BILLED_PARTICIPANTS')),
        numeric: true,
      },
      money('expected', t('contributionsExpected'), 'EXPECTED_CONTRIBUTIONS_IDR'),
      money('paid', t('contributionsPaid'), 'CONTRIBUTIONS_IDR'),
      money('gap', t('contributionGap'), 'CONTRIBUTION_GAP_IDR'),
      { id: 'share', label: t('paidShare'), value: (r) => share(r.values), format: (r) => formatRate(share(r.values)), numeric: true },
    ],
  });
}

function claimsTable(answer: ClaimsAnswer): DataTable<ClaimsAnswer['rows'][number]> {
  return dataTable<ClaimsAnswer['rows'][number]>({
    testId: 'claims-table',
    rows: answer.rows,
    tall: true,
    sort: { column: 'claims-paid', descending: true },
    totals: {
      code: t('total'),
      claims: formatMeasure(measureOf(answer.totals, 'CLAIMS')),
      'claims-paid': formatMeasure(measureOf(answer.totals, 'CLAIMS_PAID_IDR')),
    },
    columns: [
      ...regionColumns(),
      { id: 'program', label: t('program'), value: (r) => r.program ?? null, format: (r) => programLabel(r.program) },
      {
        id: 'claims',
        label: t('claims'),
        value: (r) => valueOf(r.values, 'CLAIMS'),
        format: (r) => formatMeasure(measureOf(r.values, 'CLAIMS')),
        numeric: true,
      },
      money('claims-paid', t('claimsPaid'), 'CLAIMS_PAID_IDR'),
    ],
  });
}
