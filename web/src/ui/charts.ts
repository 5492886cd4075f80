/**
 * Apache ECharts, only the parts the pages use (the full build is ~1 MB), drawn as SVG: crisp at any
 * zoom and in printed reports, and its labels are real text (the tests read them).
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** One colour per funding source, the same on every chart. */
export const FUNDING_COLORS: Record<string, string> = {
  DBHCHT: '#1b7f5b',
  APBD: '#2f6db5',
  DBH_PAJAK: '#7a5cc2',
  APBDES: '#d9822b',
  CSR: '#b8457a',
  MANDIRI: '#7d8794',
};

/**
 * The page's font stack, spelled out: ECharts measures label widths on a canvas, where `inherit` means
 * the canvas default, so labels laid out for one font would be drawn in another and overlap or clip.
 */
export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', Arial, sans-serif";

export const PALETTE = ['#1b7f5b', '#2f6db5', '#d9822b', '#7a5cc2', '#b8457a', '#3a9bb5', '#9a8b2e', '#7d8794', '#c0504d'];

export interface MountedChart {
  dispose(): void;
}

export function mountChart(
  container: HTMLElement,
  option: ChartOption,
  onClick?: (params: { name: string; dataIndex: number; data: unknown }) => void,
): MountedChart {
  const chart = echarts.init(container, undefined, { renderer: 'svg', locale: 'EN' });
  chart.setOption({
    color: PALETTE,
    textStyle: { fontFamily: CHART_FONT },
    animationDuration: 300,
    ...option,
  });
  if (onClick) chart.on('click', (params) => onClick(params as unknown as { name: string; dataIndex: number; data: unknown }));
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(container);
  return {
    dispose() {
      observer.disconnect();
      chart.dispose();
    },
  };
}
