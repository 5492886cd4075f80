/**
 * What every data page does before and around its figures: find the years with data in the user's scope,
 * read the period from the URL (the latest year with payments by default), offer a region picker and a
 * period picker that navigate, and hand the body to the frame (loading state, error with its action).
 */
import type { RegionRef } from '../api/queries.js';
import { parsePeriod, type Period } from '../period.js';
import type { PageContext } from '../router.js';
import { loadAvailability, regionLabel, type Availability } from '../state.js';
import { renderFrame, type PageBody } from './page.js';
import { periodPicker, regionPicker } from './pickers.js';

export interface RegionChoice {
  /** The region the page shows; a FORBIDDEN message names it. */
  code: string;
  label: string;
  choices: RegionRef[];
  testId: string;
  /** Where picking another region leads. */
  href(code: string): string;
}

export interface DataPageOptions {
  testId: string;
  title(period: Period): string;
  subtitle(period: Period): string;
  region: RegionChoice;
  load(request: { period: Period; availability: Availability; signal: AbortSignal }): Promise<PageBody>;
}

export async function renderDataPage(context: PageContext, options: DataPageOptions): Promise<void> {
  const { session, config, query } = context;
  const availability = await loadAvailability(session.region, config.earliestYear);
  const period = parsePeriod(query.get('period') ?? '') ?? parsePeriod(String(availability.defaultYear))!;
  const { region } = options;
  // A region from the URL that the list does not offer is still the one on screen.
  const choices = region.choices.some((c) => c.code === region.code)
    ? region.choices
    : [{ code: region.code, name: regionLabel(region.code) }, ...region.choices];

  await renderFrame(context, {
    title: options.title(period),
    subtitle: options.subtitle(period),
    region: region.code,
    testId: options.testId,
    pickers: [
      regionPicker({
        label: region.label,
        value: region.code,
        regions: choices,
        testId: region.testId,
        onChange: (code) => context.navigate(region.href(code)),
      }),
      periodPicker({ value: period.id, years: availability.years, onChange: (id) => context.navigate(context.withQuery({ period: id })) }),
    ],
    load: (signal) => options.load({ period, availability, signal }),
  });
}
