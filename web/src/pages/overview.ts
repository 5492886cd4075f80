/**
 * Province overview, for a provincial officer: the coverage ranking of its regencies (bar chart and
 * sortable table), the province's totals, and DBHCHT realization by semester.
 */
import { anySuppressed, fetchOverview, type OverviewAnswer, type RankingEntry, type RealizationRow } from '../api/queries.js';
import {
  EMPTY,
  formatCount,
  formatPeriod,
  formatRate,
  formatRatePoints,
  formatRupiah,
  formatRupiahCompact,
  formatSignedCount,
  shortRegionName,
} from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { parsePeriod } from '../period.js';
import type { Page, PageContext } from '../router.js';
import { allProvinces, defaultProvince, loadAvailability, provinceOf } from '../state.js';
import { mountChart, type ChartOption } from '../ui/charts.js';
import { renderDataPage } from '../ui/data-page.js';
import { h } from '../ui/dom.js';
import { chartBox, section, suppressionNote } from '../ui/page.js';
import { summaryFigures } from '../ui/summary-figures.js';
import { dataTable } from '../ui/table.js';

export const overviewPage: Page = async (context) => {
  const { session, query, config } = context;
  const provinces = allProvinces();
  const province =
    query.get('province') ??
    (session.region ? provinceOf(session.region) : defaultProvince(await loadAvailability(null, config.earliestYear)));
  // No province at all in the reference data: the national view is the only one left.
  if (!province) return context.navigate('/national', { replace: true });
  const provinceName = provinces.find((p) => p.code === province)?.name ?? province;

  await renderDataPage(context, {
    testId: 'overview',
    title: () => t('overviewTitle', { name: provinceName }),
    subtitle: (period) => formatPeriod(period.id),
    region: {
      code: province,
      label: t('province'),
      choices: provinces,
      testId: 'province-picker',
      href: (code) => context.withQuery({ province: code }),
    },
    load: async ({ period, signal }) => {
      const data = await fetchOverview(
        { province, period: period.id, from: period.from, to: period.to, granularity: period.granularity, fiscalYear: period.year },
        signal,
      );
      return overviewContent(context, data, period.id);
    },
  });
};

function overviewContent(context: PageContext, data: OverviewAnswer, periodId: string) {
  const totals = data.totals.totals;
  const entries = data.ranking.entries;
  const regencyHref = (code: string) => `/regency/${code}?period=${encodeURIComponent(periodId)}`;

  const summary = summaryFigures(totals, 'province-totals');

  const ranking = rankingBlock(context, entries, regencyHref, t('regencyColumn'), t('rankingTitle', { count: entries.length }));

  const realization = data.realization;
  const semesters = realizationBlock(realization, periodId, context);

  const fiscalYear = parsePeriod(periodId)!.year;
  return {
    content: [
      suppressionNote(
        anySuppressed(totals) || entries.some((e) => e.activeParticipants === null) || realization.rows.some((r) => r.paid === null),
      ),
      summary,
      section(
        t('rankingTitle', { count: entries.length }),
        'ranking',
        h(
          'p',
          { class: 'muted' },
          `${t('rankingCompared', { period: formatPeriod(data.ranking.period), previous: formatPeriod(data.ranking.previousPeriod) })}. ${t('rankingHint')}`,
        ),
        ranking.element,
      ),
      section(t('realizationTitle', { year: fiscalYear }), 'realization', ...semesters.elements),
    ],
    mount: () => {
      ranking.mount();
      semesters.mount();
    },
  };
}

/**
 * A ranking as a bar chart beside a sortable table; a bar or a name opens `href(code)`. Shared by the
 * province overview (its regencies) and the national page (the provinces).
 */
export function rankingBlock(context: PageContext, entries: RankingEntry[], href: (code: string) => string, regionColumn: string, title: string) {
  const rankingChart = chartBox('ranking-chart', Math.max(240, entries.length * 22 + 60), title);
  const rankingTable = dataTable<RankingEntry>({
    testId: 'ranking-table',
    caption: title,
    rows: entries,
    sort: { column: 'rank', descending: false },
    onRowClick: (entry) => context.navigate(href(entry.region.code)),
    columns: [
      { id: 'rank', label: t('rank'), value: (e) => e.rank, numeric: true },
      {
        id: 'region',
        label: regionColumn,
        value: (e) => e.region.name,
        format: (e) => h('a', { href: href(e.region.code), 'data-code': e.region.code }, e.region.name),
      },
      {
        id: 'active',
        label: t('activeParticipants'),
        value: (e) => e.activeParticipants,
        format: (e) => formatCount(e.activeParticipants),
        numeric: true,
      },
      {
        id: 'target',
        label: t('targetWorkers'),
        value: (e) => e.targetWorkers,
        format: (e) => formatCount(e.targetWorkers),
        numeric: true,
      },
      {
        id: 'coverage',
        label: t('coverageRate'),
        value: (e) => e.coverageRate,
        format: (e) => (e.coverageRate === null ? h('span', { class: 'muted' }, t('noTarget')) : formatRate(e.coverageRate)),
        numeric: true,
      },
      {
        id: 'active-change',
        label: t('activeChange'),
        value: (e) => e.activeChange,
        format: (e) => formatSignedCount(e.activeChange),
        numeric: true,
      },
      {
        id: 'coverage-change',
        label: t('coverageChange'),
        value: (e) => e.coverageRateChange,
        format: (e) => formatRatePoints(e.coverageRateChange),
        numeric: true,
      },
    ],
  });

  return {
    element: h('div', { class: 'split' }, rankingChart, rankingTable.element),
    mount: () => {
      const chart = mountChart(rankingChart, rankingOption(entries), ({ dataIndex }) => {
        const entry = entries[dataIndex];
        if (entry) context.navigate(href(entry.region.code));
      });
      context.onLeave(() => chart.dispose());
    },
  };
}

/** DBHCHT realization by period: allocation against cumulative paid (chart) and the table with its total. */
export function realizationBlock(realization: { rows: RealizationRow[]; total: RealizationRow }, periodId: string, context: PageContext) {
  const realizationChart = chartBox('realization-chart', 280, t('realizationTitle', { year: parsePeriod(periodId)!.year }));
  const realizationTable = dataTable<RealizationRow>({
    testId: 'realization-table',
    rows: realization.rows,
    totals: {
      period: t('total'),
      allocation: formatRupiah(realization.total.allocation),
      paid: formatRupiah(realization.total.paid),
      rate: formatRate(realization.total.realizationRate),
      expected: formatRupiah(realization.total.expected),
      gap: formatRupiah(realization.total.gap),
      participants: formatCount(realization.total.participantsCovered),
    },
    columns: [
      { id: 'period', label: t('period'), value: (r) => r.period, format: (r) => formatPeriod(r.period) },
      { id: 'allocation', label: t('allocation'), value: (r) => r.allocation, format: (r) => formatRupiah(r.allocation), numeric: true },
      { id: 'paid', label: t('paid'), value: (r) => r.paid, format: (r) => formatRupiah(r.paid), numeric: true },
      {
        id: 'cumulative',
        label: t('cumulativePaid'),
        value: (r) => r.cumulativePaid,
        format: (r) => formatRupiah(r.cumulativePaid),
        numeric: true,
      },
      {
        id: 'rate',
        label: t('realizationRate'),
        value: (r) => r.realizationRate,
        format: (r) => formatRate(r.realizationRate),
        numeric: true,
      },
      {
        id: 'cumulative-rate',
        label: t('cumulativeRealizationRate'),
        value: (r) => r.cumulativeRealizationRate,
        format: (r) => formatRate(r.cumulativeRealizationRate),
        numeric: true,
      },
      { id: 'expected', label: t('expected'), value: (r) => r.expected, format: (r) => formatRupiah(r.expected), numeric: true },
      { id: 'gap', label: t('gap'), value: (r) => r.gap, format: (r) => formatRupiah(r.gap), numeric: true },
      {
        id: 'participants',
        label: t('participantsCovered'),
        value: (r) => r.participantsCovered,
        format: (r) => formatCount(r.participantsCovered),
        numeric: true,
      },
    ],
  });

  return {
    elements: [realizationChart, realizationTable.element],
    mount: () => {
      const chart = mountChart(realizationChart, realizationOption(realization.rows));
      context.onLeave(() => chart.dispose());
    },
  };
}

function rankingOption(entries: RankingEntry[]): ChartOption {
  return {
    grid: { left: 8, right: 56, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const e = entries[p.dataIndex]!;
        return `${e.rank}. ${e.region.name}<br>${t('coverageRate')}: ${e.coverageRate === null ? t('noTarget') : formatRate(e.coverageRate)}<br>${t('activeParticipants')}: ${formatCount(e.activeParticipants)} / ${formatCount(e.targetWorkers)}`;
      },
    },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: (v: number) => formatRate(v).replace(',0', '') },
      splitLine: { lineStyle: { type: 'dashed' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: entries.map((e) => `${e.rank}. ${shortRegionName(e.region.name)}`),
      axisLabel: { interval: 0, fontSize: 11 },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        cursor: 'pointer',
        barMaxWidth: 16,
        data: entries.map((e) => e.coverageRate),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { value: number | null }) => (p.value === null ? EMPTY : formatRate(p.value)),
        },
      },
    ],
  };
}

function realizationOption(rows: RealizationRow[]): ChartOption {
  return {
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: number) => formatRupiah(v),
    },
    xAxis: { type: 'category', data: rows.map((r) => formatPeriod(r.period)) },
    yAxis: [{ type: 'value', axisLabel: { formatter: (v: number) => formatRupiahCompact(v) } }],
    series: [
      { name: t('allocation'), type: 'bar', data: rows.map((r) => r.allocation), itemStyle: { color: '#c9d3dd' }, barMaxWidth: 64 },
      {
        name: t('cumulativePaid'),
        type: 'bar',
        barMaxWidth: 64,
        data: rows.map((r) => r.cumulativePaid),
        // The bar's label is what DJPK asks: how much of the allocation is realized so far.
        label: {
          show: true,
          position: 'top',
          formatter: (p: { dataIndex: number }) => formatRate(rows[p.dataIndex]?.cumulativeRealizationRate),
        },
      },
    ],
  };
}
