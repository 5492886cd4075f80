/**
 * The application shell: header with navigation, the signed-in identity, the language switch and the
 * data freshness line; and the render loop that maps the URL to a page.
 */
import { onAsOf } from './api/client.js';
import { beginCognitoSignIn, cognitoSignOutUrl, completeCognitoSignIn } from './auth/cognito.js';
import { clearSession, readSession, type Session } from './auth/session.js';
import { signInErrorView } from './auth/sign-in-error.js';
import type { AppConfig } from './config.js';
import { formatAsOf } from './i18n/format.js';
import { language, setLanguage, t } from './i18n/i18n.js';
import type { MessageKey } from './i18n/messages.js';
import { auditPage } from './pages/audit.js';
import { auditImportsPage } from './pages/audit-imports.js';
import { overviewPage } from './pages/overview.js';
import { nationalPage } from './pages/national.js';
import { regencyPage } from './pages/regency.js';
import { signInPage } from './pages/sign-in.js';
import { uploadPage } from './pages/upload.js';
import { landingPath, matchRoute, safeReturnPath, type Page, type PageContext, type RouteMatch } from './router.js';
import { loadCatalog, regionLabel, resetState } from './state.js';
import { h, replaceChildren } from './ui/dom.js';
import { errorView, loadingView } from './ui/status.js';

const PAGES: Record<'national' | 'overview' | 'regency' | 'audit' | 'audit-imports' | 'upload' | 'explorer', () => Promise<Page>> = {
  national: async () => nationalPage,
  overview: async () => overviewPage,
  regency: async () => regencyPage,
  audit: async () => auditPage,
  'audit-imports': async () => auditImportsPage,
  upload: async () => uploadPage,
  // GraphiQL and Monaco are most of the code: only the explorer loads them.
  explorer: async () => (await import('./pages/explorer.js')).explorerPage,
};

const NAV: Array<{ path: string; route: RouteMatch['name']; label: MessageKey; hiddenFor: Array<Session['role']> }> = [
  // A regency government's scope is its own regency; the province ranking is not for it.
  // National views need a caller without a region scope (the API refuses scoped ones).
  { path: '/national', route: 'national', label: 'navNational', hiddenFor: ['PROVINCE', 'REGENCY'] },
  { path: '/', route: 'overview', label: 'navOverview', hiddenFor: ['REGENCY'] },
  { path: '/regency', route: 'regency', label: 'navRegency', hiddenFor: [] },
  { path: '/audit', route: 'audit', label: 'navAudit', hiddenFor: ['PUBLIC'] },
  // Uploading changes data: for the governments that bring it, not for auditors or the public.
  { path: '/upload', route: 'upload', label: 'navUpload', hiddenFor: ['AUDITOR', 'PUBLIC'] },
  { path: '/explorer', route: 'explorer', label: 'navExplorer', hiddenFor: ['PUBLIC'] },
];

export function startApp(root: HTMLElement, config: AppConfig): void {
  const header = h('header', { class: 'topbar' });
  const freshness = h('p', { class: 'freshness', 'data-testid': 'freshness' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  replaceChildren(root, header, h('div', { class: 'subbar' }, freshness), main);

  let lastAsOf: string | null | undefined;
  const showFreshness = () => {
    freshness.textContent =
      lastAsOf === undefined ? '' : lastAsOf === null ? t('freshnessNone') : t('freshness', { time: formatAsOf(lastAsOf) });
  };
  onAsOf((asOf) => {
    lastAsOf = asOf;
    showFreshness();
  });

  let leaving: Array<() => void> = [];
  let controller: AbortController | undefined;

  const navigate = (href: string, options: { replace?: boolean } = {}) => {
    if (options.replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    void render();
  };

  const signOut = () => {
    clearSession();
    // The explorer's tabs and their responses live in sessionStorage too.
    sessionStorage.clear();
    resetState();
    if (config.auth.mode === 'cognito') location.assign(cognitoSignOutUrl(config.auth));
    else navigate('/sign-in');
  };

  function renderHeader(session: Session | null, route: RouteMatch['name']): void {
    const nav = session
      ? h(
          'nav',
          { 'aria-label': 'Menu' },
          NAV.filter((item) => !item.hiddenFor.includes(session.role)).map((item) =>
            h('a', { href: item.path, 'aria-current': item.route === route ? 'page' : null }, t(item.label)),
          ),
        )
      : null;
    const identity = session
      ? h(
          'span',
          { class: 'identity', 'data-testid': 'identity' },
          [session.role ? t(`role${session.role}`) : null, session.region ? regionLabel(session.region) : null].filter(Boolean).join(' · '),
        )
      : null;
    replaceChildren(
      header,
      h('a', { class: 'brand', href: '/' }, h('strong', {}, t('appTitle')), h('span', {}, t('appSubtitle'))),
      nav,
      h(
        'div',
        { class: 'user' },
        identity,
        h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            lang: language() === 'id' ? 'en' : 'id',
            title: t('switchLanguageHint'),
            'data-testid': 'language-switch',
            onclick: () => {
              setLanguage(language() === 'id' ? 'en' : 'id');
              void render();
            },
          },
          t('switchLanguage'),
        ),
        session ? h('button', { type: 'button', class: 'link-button', onclick: signOut }, t('signOut')) : null,
      ),
    );
    showFreshness();
  }

  async function render(): Promise<void> {
    controller?.abort();
    for (const cleanup of leaving) cleanup();
    leaving = [];
    const current = new AbortController();
    controller = current;
    const url = new URL(location.href);
    const route = matchRoute(url.pathname);

    if (route.name === 'sign-in') {
      renderHeader(null, route.name);
      if (config.auth.mode === 'local') {
        signInPage({
          main,
          auth: config.auth,
          query: url.searchParams,
          onSignedIn: (path) => {
            resetState();
            navigate(path, { replace: true });
          },
        });
      } else {
        replaceChildren(main, h('p', { class: 'status' }, t('signInRedirecting')));
        void beginCognitoSignIn(config.auth, safeReturnPath(url.searchParams.get('returnTo')) ?? '/');
      }
      return;
    }
    if (route.name === 'auth-callback' && config.auth.mode === 'cognito') {
      try {
        const returnTo = await completeCognitoSignIn(config.auth, url);
        resetState();
        return navigate(safeReturnPath(returnTo) ?? '/', { replace: true });
      } catch (error) {
        renderHeader(null, route.name);
        replaceChildren(main, signInErrorView(error));
        return;
      }
    }

    const session = readSession();
    if (!session) {
      return navigate(`/sign-in?returnTo=${encodeURIComponent(url.pathname + url.search)}`, { replace: true });
    }
    if (route.name === 'overview' && session.role === 'REGENCY' && session.region) {
      return navigate(landingPath(session), { replace: true });
    }

    renderHeader(session, route.name);
    replaceChildren(main, loadingView());
    if (route.name === 'not-found' || route.name === 'auth-callback') {
      replaceChildren(main, h('p', { class: 'status' }, t('errorNotFound')));
      return;
    }
    try {
      // Names for the identity badge, the pickers and error messages.
      await loadCatalog(current.signal);
      if (current.signal.aborted) return;
      renderHeader(session, route.name);
      const page = await PAGES[route.name]();
      if (current.signal.aborted) return;
      const context: PageContext = {
        main,
        path: url.pathname,
        query: url.searchParams,
        params: route.params,
        session,
        config,
        signal: current.signal,
        navigate,
        withQuery: (update) => {
          const next = new URLSearchParams(url.searchParams);
          for (const [key, value] of Object.entries(update)) {
            if (value === null) next.delete(key);
            else next.set(key, value);
          }
          const search = next.toString();
          return `${url.pathname}${search ? `?${search}` : ''}`;
        },
        onLeave: (cleanup) => leaving.push(cleanup),
      };
      await page(context);
    } catch (error) {
      if (current.signal.aborted) return;
      replaceChildren(main, errorView(error, { onRetry: () => void render() }));
    }
  }

  window.addEventListener('popstate', () => void render());
  // Same-origin links navigate without reloading the page (and the token stays in memory).
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    // Only the dashboard's own links (href="/..."); "#" links and others belong to whoever made them (GraphiQL).
    const href = link.getAttribute('href') ?? '';
    if (!href.startsWith('/') || href.startsWith('//') || link.target || link.hasAttribute('download')) return;
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
  void render();
}
