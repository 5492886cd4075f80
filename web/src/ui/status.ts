/** Loading and error states. An error says what went wrong and offers the one action that helps. */
import { ApiError, graphqlUrl } from '../api/client.js';
import { readSession } from '../auth/session.js';
import { landingPath } from '../router.js';
import { t } from '../i18n/i18n.js';
import { regionLabel } from '../state.js';
import { h } from './dom.js';

export function loadingView(): HTMLElement {
  return h(
    'div',
    { class: 'status loading', role: 'status', 'data-testid': 'loading' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    t('loading'),
  );
}

export interface ErrorViewOptions {
  onRetry?: () => void;
  /** The region the page asked for, named when a FORBIDDEN error does not name one itself. */
  region?: string;
  /** Where the sign-in link returns to. */
  returnTo?: string;
}

export function errorView(error: unknown, options: ErrorViewOptions = {}): HTMLElement {
  const { sentence, action } = describeError(error, options.region);
  const detail = error instanceof ApiError && ['REJECTED', 'FORBIDDEN', 'SERVER'].includes(error.kind) ? error.message : undefined;
  const returnTo = options.returnTo ?? location.pathname + location.search;
  return h(
    'div',
    { class: 'status error', role: 'alert', 'data-testid': 'error', 'data-kind': error instanceof ApiError ? error.kind : 'CLIENT' },
    h('p', { class: 'error-sentence' }, sentence),
    detail && detail !== sentence ? h('p', { class: 'error-detail' }, t('errorDetail', { message: detail })) : null,
    action === 'sign-in'
      ? h('a', { class: 'button', href: `/sign-in?returnTo=${encodeURIComponent(returnTo)}` }, t('signInAgain'))
      : action === 'home'
        ? homeLink()
        : options.onRetry
          ? h('button', { type: 'button', class: 'button', onclick: options.onRetry }, t('retry'))
          : null,
  );
}

/** What helps after an error: signing in again, going to one's own region, or trying again. */
type ErrorAction = 'sign-in' | 'home' | 'retry';

export function describeError(error: unknown, pageRegion: string | undefined): { sentence: string; action: ErrorAction } {
  if (!(error instanceof ApiError)) return { sentence: error instanceof Error ? error.message : String(error), action: 'retry' };
  switch (error.kind) {
    case 'SIGNED_OUT':
      return { sentence: t('errorSignedOut'), action: 'sign-in' };
    case 'TOKEN_EXPIRED':
      return { sentence: t('errorTokenExpired'), action: 'sign-in' };
    case 'UNAUTHENTICATED':
      return { sentence: t('errorUnauthenticated'), action: 'sign-in' };
    case 'FORBIDDEN': {
      // A refusal of a field for the role names no region: do not blame the page's region for it.
      const region = error.detail.region ?? (error.detail.extensions?.field === undefined ? pageRegion : undefined);
      return { sentence: region ? t('errorForbiddenRegion', { region: regionLabel(region) }) : t('errorForbidden'), action: 'home' };
    }
    case 'NETWORK':
      return { sentence: t('errorNetwork', { url: graphqlUrl() }), action: 'retry' };
    case 'SERVER':
      return { sentence: t('errorServer', { status: error.detail.status ?? '?' }), action: 'retry' };
    case 'REJECTED':
      if (error.detail.code === 'UNKNOWN_REGION' && pageRegion)
        return { sentence: t('errorUnknownRegion', { code: pageRegion }), action: 'retry' };
      return { sentence: t('errorRejected', { code: error.detail.code ?? '?' }), action: 'retry' };
  }
}

/** Retrying a refusal gets the same refusal; the user's own region is the way forward. */
function homeLink(): HTMLElement | null {
  const session = readSession();
  if (!session) return null;
  const label = session.region ? t('goToOwnRegion', { region: regionLabel(session.region) }) : t('goToStart');
  return h('a', { class: 'button', href: landingPath(session) }, label);
}
