/**
 * The executable schema the API serves: the served SDL (catalogue-schema.ts) built into a GraphQLSchema
 * with the resolvers attached, once per cold start.
 *
 * Why not Apollo's `typeDefs` + `resolvers`: Apollo then calls graphql-tools' makeExecutableSchema, which
 * merges the type definitions (mergeTypeDefs), validates the SDL document against graphql-js's SDL rules
 * and then validates the built schema again; that was the largest part of the schema's ~40 ms share of a
 * cold start (README, Cold start). The SDL is ours and fixed at build time, so it is validated once, by
 * the tests (test/unit/api/executable-schema.test.ts builds it with every check on and compares the
 * result with this one, type by type and field by field), and built here with `assumeValidSDL` and
 * `assumeValid`. The resolvers are attached by the same graphql-tools function makeExecutableSchema
 * uses (addResolversToSchema), so scalars, enums and field resolvers behave exactly as before; in place,
 * since the schema was just built and nothing else holds it (otherwise graphql-tools copies every type).
 */
import { addResolversToSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import { buildASTSchema, parse, type GraphQLSchema } from 'graphql';
import type { IResolvers } from '@graphql-tools/utils';
import { servedSchemaSource } from './catalogue-schema.js';

/** Builds the schema from `source` without re-validating it (see above); `source` defaults to the served SDL. */
export function executableSchema(resolvers: ReadonlyArray<IResolvers>, source: string = servedSchemaSource()): GraphQLSchema {
  const document = parse(source, { noLocation: true });
  const schema = buildASTSchema(document, { assumeValidSDL: true, assumeValid: true });
  return addResolversToSchema({ schema, resolvers: mergeResolvers([...resolvers]), updateResolversInPlace: true });
}
