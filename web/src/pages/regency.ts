/**
 * Regency detail: active participants over time by funding source, sector mix, age and gender, and
 * contributions expected against paid.
 */
import { anySuppressed, fetchRegency, measureOf, valueOf, type Measure, type MeasureValue, type RegencyAnswer } from '../api/queries.js';
import { AGE_BAND_ORDER, ageBandLabel, FUNDING_SOURCE_ORDER, fundingSourceLabel, sectorLabel } from '../i18n/codes.js';
import { EMPTY, formatCount, formatMeasure, formatPeriod, formatRate, formatRupiah, formatRupiahCompact, monthName } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { monthsBetween, type Period } from '../period.js';
import type { Page, PageContext } from '../router.js';
import { defaultProvince, loadAvailability, provinceOf, regenciesOf, regionLabel } from '../state.js';
import { FUNDING_COLORS, mountChart, type ChartOption } from '../ui/charts.js';
import { renderDataPage } from '../ui/data-page.js';
import { h } from '../ui/dom.js';
import { chartBox, section, suppressionNote } from '../ui/page.js';
import { summaryFigures } from '../ui/summary-figures.js';
import { dataTable } from '../ui/table.js';

export const regencyPage: Page = async (context) => {
  const { session, query, params, config } = context;
  if (!params.code) {
    const province =
      query.get('province') ??
      (session.region ? provinceOf(session.region) : defaultProvince(await loadAvailability(null, config.earliestYear)));
    const fallback = session.region?.includes('.') ? session.region : province && regenciesOf(province)[0]?.code;
    if (fallback) return context.navigate(`/regency/${fallback}${location.search}`, { replace: true });
  }
  const code = params.code ?? '';
  // A regency government can only pick its own regency; everyone else the regencies of the province.
  const choices =
    session.role === 'REGENCY' && session.region
      ? [{ code: session.region, name: regionLabel(session.region) }]
      : regenciesOf(provinceOf(code));

  await renderDataPage(context, {
    testId: 'regency',
    title: () => regionLabel(code),
    subtitle: (period) => `${t('regencyOf', { name: regionLabel(provinceOf(code)) })} · ${formatPeriod(period.id)}`,
    region: {
      code,
      label: t('regency'),
      choices,
      testId: 'regency-picker',
      href: (next) => `/regency/${next}${location.search}`,
    },
    load: async ({ period, availability, signal }) => {
      const firstYear = availability.years[0] ?? period.year;
      const seriesFrom = `${Math.max(firstYear, period.year - 1)}-01`;
      const data = await fetchRegency(
        {
          regency: code,
          from: period.from,
          to: period.to,
          granularity: period.granularity,
          seriesFrom,
          yearFrom: `${period.year}-01`,
          yearTo: `${period.year}-12`,
        },
        signal,
      );
      return regencyContent(context, data, period, seriesFrom);
    },
  });
};

/** A row of one of the page's stats answers, with the dimension fields that answer asked for. */
type Row<K extends 'series' | 'sectors' | 'ageGender' | 'money' | 'moneyByFunding'> = RegencyAnswer[K]['rows'][number];

function regencyContent(context: PageContext, data: RegencyAnswer, period: Period, seriesFrom: string) {
  const totals = data.summary.totals;
  const summary = summaryFigures(totals, 'regency-totals');

  const seriesChart = chartBox('series-chart', 300, t('seriesTitle'));
  const sectorChart = chartBox('sector-chart', 300, t('sectorTitle'));
  const ageChart = chartBox('age-gender-chart', 300, t('ageGenderTitle'));
  const moneyChart = chartBox('money-chart', 300, t('moneyTitle'));
  const byFunding = dataTable<Row<'moneyByFunding'>>({
    testId: 'money-by-funding-table',
    rows: data.moneyByFunding.rows,
    sort: { column: 'expected', descending: true },
    totals: {
      funding: t('total'),
      billed: formatMeasure(measureOf(data.moneyByFunding.totals, 'BILLED_PARTICIPANTS')),
      expected: formatMeasure(measureOf(data.moneyByFunding.totals, 'EXPECTED_CONTRIBUTIONS_IDR')),
      paid: formatMeasure(measureOf(data.moneyByFunding.totals, 'CONTRIBUTIONS_IDR')),
      gap: formatMeasure(measureOf(data.moneyByFunding.totals, 'CONTRIBUTION_GAP_IDR')),
    },
    columns: [
      { id: 'funding', label: t('fundingSource'), value: (r) => fundingSourceLabel(r.fundingSource) },
      {
        id: 'billed',
        label: t('billedParticipantMonths'),
        value: (r) => valueOf(r.values, 'BILLED_PARTICIPANTS'),
        format: (r) => formatMeasure(measureOf(r.values, 'BILLED_PARTICIPANTS')),
        numeric: true,
      },
      {
        id: 'expected',
        label: t('expected'),
        value: (r) => valueOf(r.values, 'EXPECTED_CONTRIBUTIONS_IDR'),
        format: (r) => formatMeasure(measureOf(r.values, 'EXPECTED_CONTRIBUTIONS_IDR')),
        numeric: true,
      },
      {
        id: 'paid',
        label: t('paid'),
        value: (r) => valueOf(r.values, 'CONTRIBUTIONS_IDR'),
        format: (r) => formatMeasure(measureOf(r.values, 'CONTRIBUTIONS_IDR')),
        numeric: true,
      },
      {
        id: 'gap',
        label: t('gap'),
        value: (r) => valueOf(r.values, 'CONTRIBUTION_GAP_IDR'),
        format: (r) => formatMeasure(measureOf(r.values, 'CONTRIBUTION_GAP_IDR')),
        numeric: true,
      },
    ],
  });

  const empty = (rows: readonly unknown[]) => (rows.length === 0 ? h('p', { class: 'muted' }, t('noData')) : null);
  return {
    content: [
      suppressionNote(
        [
          data.summary.totals,
          ...[data.series, data.sectors, data.ageGender, data.money, data.moneyByFunding].flatMap((a) => a.rows.map((r) => r.values)),
        ].some(anySuppressed),
      ),
      summary,
      section(t('seriesTitle'), 'series', seriesChart),
      h(
        'div',
        { class: 'two-columns' },
        section(t('sectorTitle'), 'sectors', empty(data.sectors.rows), sectorChart),
        section(t('ageGenderTitle'), 'age-gender', empty(data.ageGender.rows), ageChart),
      ),
      section(t('moneyTitle'), 'money', moneyChart),
      section(t('moneyByFundingTitle'), 'money-by-funding', byFunding.element),
    ],
    mount: () => {
      const charts = [
        mountChart(seriesChart, seriesOption(data.series.rows, seriesFrom, period.to)),
        mountChart(sectorChart, sectorOption(data.sectors.rows)),
        mountChart(ageChart, ageGenderOption(data.ageGender.rows)),
        mountChart(moneyChart, moneyOption(data.money.rows, period.year)),
      ];
      context.onLeave(() => charts.forEach((c) => c.dispose()));
    },
  };
}

/**
 * A chart cell: zero when the API has no row for it (nothing to count), null when it has the row but
 * withheld the value (a small cell for PUBLIC), which the chart leaves empty rather than draw as zero.
 */
function cell<R extends { values: MeasureValue[] }>(rows: R[], match: (row: R) => boolean, measure: Measure): number | null {
  const row = rows.find(match);
  return row ? valueOf(row.values, measure) : 0;
}

const axisMonth = (id: string) => `${monthName(Number(id.slice(5)) - 1, 'short')} ${id.slice(2, 4)}`;

/** Stacked areas, one per funding source, every month shown (a month without rows is zero). */
function seriesOption(rows: Row<'series'>[], from: string, to: string): ChartOption {
  const months = monthsBetween(from, to);
  const sources = FUNDING_SOURCE_ORDER.filter((s) => rows.some((r) => r.fundingSource === s));
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatCount(v) },
    xAxis: { type: 'category', boundaryGap: false, data: months.map(axisMonth) },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatCount(v) } },
    series: sources.map((source) => ({
      name: fundingSourceLabel(source),
      type: 'line',
      stack: 'active',
      areaStyle: { opacity: 0.85 },
      symbol: 'none',
      lineStyle: { width: 1 },
      color: FUNDING_COLORS[source],
      data: months.map((m) => cell(rows, (r) => r.period === m && r.fundingSource === source, 'ACTIVE_PARTICIPANTS')),
    })),
  };
}

/** Sectors as sorted bars with count and share: easier to compare than pie slices. */
function sectorOption(rows: Row<'sectors'>[]): ChartOption {
  const data = rows
    .map((r) => ({ name: sectorLabel(r.sector), value: valueOf(r.values, 'ACTIVE_PARTICIPANTS') }))
    .sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  const total = data.reduce((sum, d) => sum + (d.value ?? 0), 0);
  const share = (value: number | null) => formatRate(total && value !== null ? value / total : null);
  return {
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number | null }) => `${p.name}: ${formatCount(p.value)} (${share(p.value)})`,
    },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', inverse: true, data: data.map((d) => d.name), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        data: data.map((d) => d.value),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { value: number | null }) => `${formatCount(p.value)} (${share(p.value)})`,
        },
      },
    ],
  };
}

const negate = (value: number | null) => (value === null ? null : -value);

/** A population pyramid: men to the left, women to the right, youngest at the bottom. */
function ageGenderOption(rows: Row<'ageGender'>[]): ChartOption {
  const bands = AGE_BAND_ORDER.filter((band) => rows.some((r) => r.ageBand === band));
  const count = (band: string, gender: string) => cell(rows, (r) => r.ageBand === band && r.gender === gender, 'ACTIVE_PARTICIPANTS');
  const label = {
    show: true,
    fontSize: 11,
    formatter: (p: { value: number | null }) => (p.value === null ? EMPTY : formatCount(Math.abs(p.value))),
  };
  // Symmetric, with room beyond the longest bar for its label.
  const widest = Math.max(1, ...bands.flatMap((b) => [count(b, 'L') ?? 0, count(b, 'P') ?? 0]));
  const extent = Math.ceil(widest * 1.25);
  return {
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => formatCount(Math.abs(v)) },
    xAxis: { type: 'value', min: -extent, max: extent, minInterval: 1, axisLabel: { formatter: (v: number) => formatCount(Math.abs(v)) } },
    yAxis: { type: 'category', data: bands.map(ageBandLabel), axisTick: { show: false } },
    series: [
      {
        name: t('male'),
        type: 'bar',
        stack: 'pyramid',
        color: '#2f6db5',
        label: { ...label, position: 'left' },
        data: bands.map((b) => negate(count(b, 'L'))),
      },
      {
        name: t('female'),
        type: 'bar',
        stack: 'pyramid',
        color: '#d9822b',
        label: { ...label, position: 'right' },
        data: bands.map((b) => count(b, 'P')),
      },
    ],
  };
}

function moneyOption(rows: Row<'money'>[], year: number): ChartOption {
  const months = monthsBetween(`${year}-01`, `${year}-12`);
  const value = (m: string, measure: Measure) => cell(rows, (r) => r.period === m, measure);
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatRupiah(v) },
    xAxis: { type: 'category', data: months.map(axisMonth) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatRupiahCompact(v) } },
    series: [
      { name: t('contributionsExpected'), type: 'bar', color: '#c9d3dd', data: months.map((m) => value(m, 'EXPECTED_CONTRIBUTIONS_IDR')) },
      { name: t('contributionsPaid'), type: 'bar', color: '#1b7f5b', data: months.map((m) => value(m, 'CONTRIBUTIONS_IDR')) },
      {
        name: t('contributionGap'),
        type: 'line',
        color: '#c0504d',
        symbolSize: 6,
        data: months.map((m) => value(m, 'CONTRIBUTION_GAP_IDR')),
      },
    ],
  };
}
