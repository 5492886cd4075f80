/**
 * Stands in for `@graphql-tools/schema` in the Lambda bundles (cdk/bundling.ts, ALIASES): its
 * `addResolversToSchema`, unchanged, and no `makeExecutableSchema`.
 *
 * Apollo Server imports makeExecutableSchema for servers given `typeDefs`; the API gives it a built
 * schema (lambda/api/executable-schema.ts), so Apollo never calls it. It brought graphql-tools' type
 * definition merging and schema printing along, compiled at every cold start. Should anything call it
 * anyway, it fails loudly.
 */
// @ts-expect-error graphql-tools ships its type declarations apart (typings/): the module itself is re-exported as is.
export { addResolversToSchema } from '../../node_modules/@graphql-tools/schema/esm/addResolversToSchema.js';

export function makeExecutableSchema(): never {
  throw new Error('@graphql-tools/schema makeExecutableSchema is not bundled: the API hands Apollo a built schema (lambda/api/executable-schema.ts)');
}
