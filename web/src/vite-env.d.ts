/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Build-time default of the GraphQL endpoint when no config.json overrides it. */
  readonly VITE_GRAPHQL_URL?: string;
}
