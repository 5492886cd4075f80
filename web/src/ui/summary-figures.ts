/**
 * The eight headline figures of a region (people covered against the target, money billed against paid,
 * DBHCHT budget against its use), shown the same way on the province overview and the regency page so an
 * officer comparing the two reads the same labels in the same order.
 */
import { measureOf, type MeasureValue } from '../api/queries.js';
import { formatMeasure } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { figures } from './page.js';

export function summaryFigures(totals: readonly MeasureValue[], testId: string): HTMLElement {
  const value = (measure: Parameters<typeof measureOf>[1]) => formatMeasure(measureOf(totals, measure));
  return figures(
    [
      { id: 'active', label: t('activeParticipants'), value: value('ACTIVE_PARTICIPANTS'), note: t('activeParticipantsNote') },
      { id: 'target', label: t('targetWorkers'), value: value('TARGET_WORKERS') },
      { id: 'coverage', label: t('coverageRate'), value: value('COVERAGE_RATE') },
      { id: 'paid', label: t('contributionsPaid'), value: value('CONTRIBUTIONS_IDR') },
      { id: 'expected', label: t('contributionsExpected'), value: value('EXPECTED_CONTRIBUTIONS_IDR') },
      { id: 'gap', label: t('contributionGap'), value: value('CONTRIBUTION_GAP_IDR') },
      { id: 'budget', label: t('budget'), value: value('BUDGET_IDR') },
      { id: 'realization', label: t('budgetRealization'), value: value('BUDGET_REALIZATION_RATE') },
    ],
    testId,
  );
}
