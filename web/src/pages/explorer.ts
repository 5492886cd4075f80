/**
 * The GraphQL explorer (GraphiQL), bundled: no CDN, which government networks cannot reach. Requests
 * go through the dashboard's client with the user's token. The schema is the repository's SDL, built
 * in, so completion and documentation work where the API turns introspection off (production).
 */
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { buildSchema } from 'graphql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, rawRequest } from '../api/client.js';
import { t } from '../i18n/i18n.js';
import type { Page } from '../router.js';
import { defaultProvince, loadAvailability, regenciesOf } from '../state.js';
import { h, replaceChildren } from '../ui/dom.js';
import { describeError } from '../ui/status.js';
import { exampleTabs } from './explorer-examples.js';
import './monaco-workers.js';

const SDL = Object.values(
  import.meta.glob('../../../schema/*.graphql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>,
);
const schema = buildSchema(SDL.join('\n'));

export const explorerPage: Page = async (context) => {
  const { session, config, query } = context;
  const availability = await loadAvailability(session.region, config.earliestYear);

  const container = h('div', { class: 'explorer', 'data-testid': 'explorer' });
  document.title = `${t('navExplorer')} · Jamsostek`;
  replaceChildren(context.main, h('p', { class: 'muted explorer-intro' }, t('explorerIntro')), container);

  // GraphiQL fills the first tab's query but not its variables from `defaultTabs`; `initial*` does both.
  // A link from another page ("open this query in the explorer") brings its own query as a tab.
  const examples = exampleTabs(session.region, {
    year: availability.defaultYear,
    firstRegencyOf: (p) => regenciesOf(p)[0]?.code,
    defaultProvince: defaultProvince(availability) ?? '',
  });
  const linked = query.get('query') ? { query: query.get('query')!, variables: query.get('variables') ?? undefined } : undefined;
  const restored = sessionStorage.getItem('graphiql:tabState') !== null;
  const initial = linked ?? (restored ? undefined : examples[0]);

  const root = createRoot(container);
  root.render(
    createElement(GraphiQL, {
      fetcher: async (params) => {
        try {
          return (await rawRequest(params)) as Record<string, unknown>;
        } catch (error) {
          // No request was sent (signed out, token expired): say so in the response pane.
          return { errors: [{ message: error instanceof ApiError ? describeError(error, undefined).sentence : String(error) }] };
        }
      },
      schema,
      defaultTabs: linked ? [linked, ...examples] : examples,
      initialQuery: initial?.query,
      initialVariables: initial?.variables,
      // Tabs keep their responses, which can name participants: keep them for this browser tab only.
      storage: sessionStorage,
      isHeadersEditorEnabled: false,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'variables',
    }),
  );
  context.onLeave(() => root.unmount());
};
