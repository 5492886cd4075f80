/**
 * The Apollo server: schema, resolvers behind role checks, query limits, error shaping, automatic
 * persisted queries, and `extensions.asOf` on every response.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { ApiContext } from './context.js';
import { formatError } from './format-error.js';
import { auditResolvers } from './audit-resolvers.js';
import { periodCloseResolvers } from './period-close-resolvers.js';
import { uploadResolvers } from './upload-resolvers.js';
import { withRoleChecks } from './authorization.js';
import { queryProtection } from './hardening.js';
import { resolvers } from './resolvers.js';
import { executableSchema } from './executable-schema.js';

export interface ServerOptions {
  production: boolean;
  log: (message: string, details: Record<string, unknown>) => void;
}

/** Tells clients how fresh the figures are: the time of the newest stream record the rollups reflect. */
const asOfPlugin: ApolloServerPlugin<ApiContext> = {
  async requestDidStart({ contextValue }) {
    // Read while the query runs, not after it: one DynamoDB round trip fewer per request.
    const pending = contextValue.journal.asOf().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const read = await pending;
        if ('error' in read) throw read.error;
        const asOf = read.value ?? null;
        response.body.singleResult.extensions = { ...response.body.singleResult.extensions, asOf };
      },
    };
  },
};

/**
 * `cache-control: no-store` on every GraphQL response: answers are per caller and carry personal data for
 * auditors. This is what Apollo's cache-control plugin sends for a schema without cache hints (ours has
 * none), so that plugin is off: it hooks every field's resolution (Apollo then wraps every resolver of
 * the schema), which costs each query and the cold start for hints that are never given.
 */
const noStorePlugin: ApolloServerPlugin<ApiContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/** Records, for the audit log, the operation Apollo resolved and the codes of the errors it sends. */
const tracePlugin: ApolloServerPlugin<ApiContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operationName, queryHash }) {
        contextValue.trace.operationName = operationName ?? null;
        contextValue.trace.queryHash = queryHash ?? null;
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        for (const e of response.body.singleResult.errors ?? []) {
          const code = e.extensions?.code;
          contextValue.trace.errorCodes.push(typeof code === 'string' ? code : 'UNKNOWN');
        }
      },
    };
  },
};

export function createServer(options: ServerOptions): ApolloServer<ApiContext> {
  const protection = queryProtection();
  return new ApolloServer<ApiContext>({
    // Built without re-validating our own SDL (executable-schema.ts says why; a test validates it).
    schema: executableSchema(withRoleChecks([resolvers, auditResolvers, periodCloseResolvers, uploadResolvers]) as never),
    // The schema is not a secret, but a production API has no reason to hand out a map of itself.
    introspection: !options.production,
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries: documents only (hash -> query text), never results, so nothing cached
    // for one caller can be served to another. In memory per function instance.
    persistedQueries: { ttl: 900 },
    validationRules: protection.validationRules,
    parseOptions: protection.parseOptions,
    formatError: (formatted, error) => formatError(formatted, error, options.log),
    plugins: [
      // Apollo's default landing page loads from a CDN that government networks cannot reach.
      ApolloServerPluginLandingPageDisabled(),
      // Nothing is reported to Apollo's cloud and the schema is no federated subgraph: these two are off
      // for certain, which lets the bundles leave out their protobuf code (cdk/stubs/).
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin,
      asOfPlugin,
      tracePlugin,
      ...(protection.plugins as Array<ApolloServerPlugin<ApiContext>>),
    ],
  });
}
