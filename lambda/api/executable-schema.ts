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
 *
 * Parsing the SDL (about 25 KB) took another ~8 ms of a cold start, so `npm run codegen` parses it once
 * and writes the document as JSON (PARSED_SCHEMA_FILE, next to the SDL, git-ignored); JSON.parse reads it
 * in well under a millisecond. The file names the SHA-256 of the text it was parsed from, and is used
 * only if that is the text served now: a stale or missing file means the SDL is parsed here, as before.
 */
import { createHash } from 'node:crypto';
import { addResolversToSchema } from '@graphql-tools/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import { buildASTSchema, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { IResolvers } from '@graphql-tools/utils';
import { optionalSchemaFile } from '../reference-data.js';
import { servedSchemaSource } from './catalogue-schema.js';

/** In `schema/`, written by scripts/build-catalogue-schema.ts (npm run codegen, npm install). */
export const PARSED_SCHEMA_FILE = 'served-schema.generated.json';

interface ParsedSchemaFile {
  /** SHA-256 (hex) of the SDL text the document was parsed from. */
  sha256: string;
  document: DocumentNode;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The content of PARSED_SCHEMA_FILE for `source`. */
export function parsedSchemaFile(source: string = servedSchemaSource()): string {
  const file: ParsedSchemaFile = { sha256: sha256(source), document: parse(source, { noLocation: true }) };
  return `${JSON.stringify(file)}\n`;
}

/** `source` parsed: the build's copy if it was parsed from this very text, else parsed now. */
export function schemaDocument(source: string, parsedFile: string | undefined): DocumentNode {
  if (parsedFile) {
    const file = JSON.parse(parsedFile) as ParsedSchemaFile;
    if (file.sha256 === sha256(source)) return file.document;
  }
  return parse(source, { noLocation: true });
}

/** Builds the schema from `source` without re-validating it (see above); `source` defaults to the served SDL. */
export function executableSchema(resolvers: ReadonlyArray<IResolvers>, source: string = servedSchemaSource()): GraphQLSchema {
  const schema = buildASTSchema(schemaDocument(source, optionalSchemaFile(PARSED_SCHEMA_FILE)), { assumeValidSDL: true, assumeValid: true });
  return addResolversToSchema({ schema, resolvers: mergeResolvers([...resolvers]), updateResolversInPlace: true });
}
