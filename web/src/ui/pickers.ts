/** The period and region pickers. A change navigates, so the URL always says what is on screen. */
import type { RegionRef } from '../api/queries.js';
import { formatPeriodPart } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { parsePeriod, periodParts, withYear } from '../period.js';
import { h } from './dom.js';

export function periodPicker(options: { value: string; years: number[]; onChange: (period: string) => void }): HTMLElement {
  const current = parsePeriod(options.value)!;
  const years = options.years.includes(current.year) ? options.years : [...options.years, current.year].sort();
  const year = h(
    'select',
    { 'aria-label': t('year'), 'data-testid': 'period-year', onchange: () => options.onChange(withYear(current, Number(year.value))) },
    years.map((y) => h('option', { value: y, selected: y === current.year }, String(y))),
  );
  const part = h(
    'select',
    { 'aria-label': t('part'), 'data-testid': 'period-part', onchange: () => options.onChange(part.value) },
    periodParts(current.year).map((id) => h('option', { value: id, selected: id === current.id }, formatPeriodPart(id))),
  );
  return h('fieldset', { class: 'picker' }, h('legend', {}, t('period')), year, part);
}

export function regionPicker(options: {
  label: string;
  value: string;
  regions: RegionRef[];
  testId: string;
  onChange: (code: string) => void;
}): HTMLElement {
  const select = h(
    'select',
    { 'aria-label': options.label, 'data-testid': options.testId, onchange: () => options.onChange(select.value) },
    options.regions.map((r) => h('option', { value: r.code, selected: r.code === options.value }, r.name)),
  );
  return h('fieldset', { class: 'picker' }, h('legend', {}, options.label), select);
}

/** A choice among a few values (a filter); `''` is the option that picks everything. */
export function choicePicker(options: {
  label: string;
  value: string;
  choices: Array<{ value: string; label: string }>;
  testId: string;
  onChange: (value: string) => void;
}): HTMLElement {
  const select = h(
    'select',
    { 'aria-label': options.label, 'data-testid': options.testId, onchange: () => options.onChange(select.value) },
    options.choices.map((c) => h('option', { value: c.value, selected: c.value === options.value }, c.label)),
  );
  return h('fieldset', { class: 'picker' }, h('legend', {}, options.label), select);
}
