/**
 * The frame every data page shares: a heading with its pickers, then a body that shows loading, the
 * figures, or an error with its one helpful action (retry, or sign in again).
 */
import type { PageContext } from '../router.js';
import { t } from '../i18n/i18n.js';
import { h, replaceChildren } from './dom.js';
import { errorView, loadingView } from './status.js';

/** A page's body once its figures are in: `mount` runs once it is in the page (charts need their box). */
export interface PageBody {
  content: Array<HTMLElement | null>;
  mount?: () => void;
}

export interface FrameOptions {
  title: string;
  subtitle?: string;
  pickers: HTMLElement[];
  /** The region the page is about, named in a FORBIDDEN message. */
  region?: string;
  testId: string;
  /** Fetches and builds the body; rejects with the API's error. */
  load(signal: AbortSignal): Promise<PageBody>;
}

export async function renderFrame(context: PageContext, options: FrameOptions): Promise<void> {
  const body = h('div', { class: 'page-body' });
  document.title = `${options.title} · Jamsostek`;
  replaceChildren(
    context.main,
    h(
      'section',
      { class: 'page-head' },
      h(
        'div',
        {},
        h('h1', { 'data-testid': 'page-title' }, options.title),
        options.subtitle ? h('p', { class: 'muted' }, options.subtitle) : null,
      ),
      h('div', { class: 'pickers' }, options.pickers),
    ),
    body,
  );
  body.setAttribute('data-testid', options.testId);

  const load = async (): Promise<void> => {
    replaceChildren(body, loadingView());
    body.setAttribute('aria-busy', 'true');
    try {
      const { content, mount } = await options.load(context.signal);
      if (context.signal.aborted) return;
      replaceChildren(body, content);
      mount?.();
      body.setAttribute('data-state', 'ready');
    } catch (error) {
      if (context.signal.aborted) return;
      replaceChildren(body, errorView(error, { region: options.region, onRetry: () => void load() }));
      body.setAttribute('data-state', 'error');
    } finally {
      body.removeAttribute('aria-busy');
    }
  };
  await load();
}

export function section(title: string, testId: string, ...children: Array<HTMLElement | string | null>): HTMLElement {
  return h('section', { class: 'card', 'data-testid': testId }, h('h2', {}, title), ...children);
}

/** A chart container; the chart is mounted once the container is in the page. */
export function chartBox(testId: string, height: number, label: string): HTMLElement {
  // The figures of every chart are also in a table or the summary, which is what a screen reader reads.
  const box = h('div', { class: 'chart', 'data-testid': testId, role: 'img', 'aria-label': label });
  box.style.height = `${height}px`;
  return box;
}

export interface Figure {
  id: string;
  label: string;
  value: string;
  note?: string;
}

export function figures(items: Figure[], testId: string): HTMLElement {
  return h(
    'dl',
    { class: 'figures', 'data-testid': testId },
    items.map((item) =>
      h(
        'div',
        { class: 'figure', 'data-figure': item.id },
        h('dt', {}, item.label),
        h('dd', {}, item.value),
        item.note ? h('p', { class: 'note' }, item.note) : null,
      ),
    ),
  );
}

/** Explains the dashes a PUBLIC reader sees where the API withheld figures about too few people. */
export function suppressionNote(show: boolean): HTMLElement | null {
  return show ? h('p', { class: 'notice', 'data-testid': 'suppression-note' }, t('suppressedNote')) : null;
}
