/**
 * The schema the API builds without validation (executable-schema.ts) is the schema graphql-js and
 * graphql-tools build with every check on: the served SDL passes SDL validation and schema validation,
 * and the fast build prints the same, has the same resolvers on the same fields and the same scalar
 * functions as Apollo's own path (makeExecutableSchema), so skipping the checks at cold start changes nothing.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { buildSchema, GraphQLObjectType, GraphQLScalarType, isObjectType, isScalarType, parse, printSchema, validateSchema } from 'graphql';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditResolvers } from '../../../lambda/api/audit-resolvers.js';
import { withRoleChecks } from '../../../lambda/api/authorization.js';
import { servedSchemaSource } from '../../../lambda/api/catalogue-schema.js';
import { executableSchema, PARSED_SCHEMA_FILE, parsedSchemaFile, schemaDocument } from '../../../lambda/api/executable-schema.js';
import { periodCloseResolvers } from '../../../lambda/api/period-close-resolvers.js';
import { resolvers } from '../../../lambda/api/resolvers.js';
import { uploadResolvers } from '../../../lambda/api/upload-resolvers.js';
import { optionalSchemaFile } from '../../../lambda/reference-data.js';

const maps = withRoleChecks([resolvers, auditResolvers, periodCloseResolvers, uploadResolvers]) as never[];

describe('the executable schema built without validation', () => {
  it('the served SDL passes graphql-js SDL and schema validation', () => {
    // buildSchema validates the SDL document (throws on an error); validateSchema checks the built schema.
    expect(validateSchema(buildSchema(servedSchemaSource()))).toEqual([]);
  });

  it('equals the schema makeExecutableSchema builds with every check on', () => {
    const fast = executableSchema(maps);
    const checked = makeExecutableSchema({ typeDefs: servedSchemaSource(), resolvers: maps });
    expect(validateSchema(checked)).toEqual([]);
    expect(printSchema(fast)).toBe(printSchema(checked));
    const types = Object.keys(checked.getTypeMap()).filter((n) => !n.startsWith('__'));
    expect(Object.keys(fast.getTypeMap()).filter((n) => !n.startsWith('__')).sort()).toEqual([...types].sort());
    let resolved = 0;
    for (const name of types) {
      const a = checked.getType(name);
      const b = fast.getType(name);
      if (isObjectType(a)) {
        const fields = (b as GraphQLObjectType).getFields();
        for (const [field, def] of Object.entries(a.getFields())) {
          expect(typeof fields[field]!.resolve, `${name}.${field}`).toBe(typeof def.resolve);
          if (def.resolve) resolved++;
        }
      }
      if (isScalarType(a)) {
        const s = b as GraphQLScalarType;
        expect([s.serialize, s.parseValue, s.parseLiteral], name).toEqual([a.serialize, a.parseValue, a.parseLiteral]);
      }
    }
    // Every root field has its (role-checked) resolver: guards against a comparison of two schemas with none.
    for (const root of [fast.getQueryType()!, fast.getMutationType()!]) {
      for (const [field, def] of Object.entries(root.getFields())) expect(def.resolve, `${root.name}.${field}`).toBeTypeOf('function');
    }
    expect(resolved).toBeGreaterThanOrEqual(Object.keys(fast.getQueryType()!.getFields()).length);
  });

  it('a broken SDL still fails where the build is checked (the test above is not vacuous)', () => {
    expect(() => buildSchema(`${servedSchemaSource()}\ntype Query { extra: NoSuchType }`)).toThrow();
  });
});

describe('the SDL parsed at build time (npm run codegen)', () => {
  const source = servedSchemaSource();

  it('is current: made from the SDL served now, and equal to graphql-js parsing it', () => {
    const file = optionalSchemaFile(PARSED_SCHEMA_FILE);
    expect(file, `schema/${PARSED_SCHEMA_FILE}: run npm run codegen`).toBeDefined();
    const parsed = JSON.parse(file!) as { sha256: string; document: unknown };
    expect(parsed.sha256).toBe(createHash('sha256').update(source).digest('hex'));
    expect(parsed.document).toEqual(parse(source, { noLocation: true }));
    // The API takes it (the first describe compares the schema built from it).
    expect(schemaDocument(source, file)).toEqual(parsed.document);
  });

  it('is used only for the text it was parsed from; otherwise, or without it, the SDL is parsed', () => {
    const hash = createHash('sha256').update(source).digest('hex');
    const marker = parse('type Query { marker: Int }', { noLocation: true });
    expect(schemaDocument(source, JSON.stringify({ sha256: hash, document: marker }))).toEqual(marker);
    const stale = parsedSchemaFile('type Query { old: Int }');
    expect(schemaDocument(source, stale)).toEqual(parse(source, { noLocation: true }));
    expect(schemaDocument(source, undefined)).toEqual(parse(source, { noLocation: true }));
  });
});
