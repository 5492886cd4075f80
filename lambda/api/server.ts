/** The Apollo server: schema, resolvers, error shaping, and `extensions.asOf` on every response. */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { schemaSource } from '../reference-data.js';
import type { ApiContext } from './context.js';
import { formatError } from './format-error.js';
import { resolvers } from './resolvers.js';

export interface ServerOptions {
  production: boolean;
  log: (message: string, details: Record<string, unknown>) => void;
}

/** Tells clients how fresh the figures are: the time of the newest stream record the rollups reflect. */
const asOfPlugin: ApolloServerPlugin<ApiContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const asOf = (await contextValue.journal.asOf()) ?? null;
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, asOf };
      },
    };
  },
};

export function createServer(options: ServerOptions): ApolloServer<ApiContext> {
  return new ApolloServer<ApiContext>({
    typeDefs: schemaSource(),
    resolvers,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, options.log),
    // Apollo's default landing page loads from a CDN that government networks cannot reach.
    plugins: [ApolloServerPluginLandingPageDisabled(), asOfPlugin],
  });
}
