/**
 * National page, for the ministry (DJPK, Kemnaker): the provinces ranked by coverage (bar chart and
 * sortable table) and the national DBHCHT realization by semester. A province opens its own overview
 * (the ranking of its regencies), and from there a regency.
 */
import { fetchNational, type NationalAnswer } from '../api/queries.js';
import { formatPeriod } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { parsePeriod } from '../period.js';
import type { Page, PageContext } from '../router.js';
import { allProvinces } from '../state.js';
import { renderDataPage } from '../ui/data-page.js';
import { h } from '../ui/dom.js';
import { section, suppressionNote } from '../ui/page.js';
import { rankingBlock, realizationBlock } from './overview.js';

/** The region picker's entry for the whole country (not a region code: picking it stays on this page). */
const COUNTRY = 'ID';

export const nationalPage: Page = async (context) => {
  const provinceHref = (code: string) => {
    const period = context.query.get('period');
    return `/?province=${encodeURIComponent(code)}${period ? `&period=${encodeURIComponent(period)}` : ''}`;
  };
  await renderDataPage(context, {
    testId: 'national',
    title: () => t('nationalTitle'),
    subtitle: (period) => formatPeriod(period.id),
    region: {
      code: COUNTRY,
      label: t('province'),
      choices: [{ code: COUNTRY, name: t('country') }, ...allProvinces()],
      testId: 'province-picker',
      href: (code) => (code === COUNTRY ? context.withQuery({}) : provinceHref(code)),
    },
    load: async ({ period, signal }) => nationalContent(context, await fetchNational({ period: period.id, fiscalYear: period.year }, signal), period.id, provinceHref),
  });
};

function nationalContent(context: PageContext, data: NationalAnswer, periodId: string, provinceHref: (code: string) => string) {
  const entries = data.ranking.entries;
  const title = t('nationalRankingTitle', { count: entries.length });
  const ranking = rankingBlock(context, entries, provinceHref, t('provinceColumn'), title);
  const semesters = realizationBlock(data.realization, periodId, context);
  const year = parsePeriod(periodId)!.year;
  return {
    content: [
      suppressionNote(entries.some((e) => e.activeParticipants === null) || data.realization.rows.some((r) => r.paid === null)),
      section(
        title,
        'national-ranking',
        h(
          'p',
          { class: 'muted' },
          `${t('rankingCompared', { period: formatPeriod(data.ranking.period), previous: formatPeriod(data.ranking.previousPeriod) })}. ${t('nationalRankingHint')}`,
        ),
        ranking.element,
      ),
      section(t('nationalRealizationTitle', { year }), 'national-realization', ...semesters.elements),
    ],
    mount: () => {
      ranking.mount();
      semesters.mount();
    },
  };
}
