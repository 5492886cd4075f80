/**
 * `@apollo/server` in the Lambda bundles (cdk/bundling.ts, ALIASES): always its ESM build. Our code
 * imports it as ESM, but @as-integrations/aws-lambda (CommonJS) `require`s it, which resolves to the CJS
 * build, so a bundle held Apollo Server twice, with graphql-tools and lru-cache twice under it (about
 * 200 KB compiled at every cold start). Pointing both at one copy removes the second.
 */
export * from '../../../node_modules/@apollo/server/dist/esm/index.js';
