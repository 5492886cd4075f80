/**
 * The part of the GraphQL schema that the semantic layer's catalogues define: the Measure and
 * Dimension enums, the StatsFilter input and the attribute fields of StatsRow. Rendered from
 * lambda/domain/measure-catalogue.ts and dimensions.ts into schema/21-catalogue.generated.graphql by
 * `npm run codegen` (and `npm install`), so a measure or a dimension is added in one place and the
 * schema, the resolver types and the dashboard's explorer follow.
 */
import { ATTRIBUTE_DIMENSIONS, DIMENSION_CATALOGUE, DIMENSIONS, fieldName } from '../domain/dimensions.js';
import { MEASURES, type MeasureDefinition } from '../domain/measures.js';
import { schemaSource } from '../reference-data.js';

export const CATALOGUE_SCHEMA_FILE = '21-catalogue.generated.graphql';

/** A GraphQL block string; `"""` inside the text would end it early. */
function description(text: string, indent = ''): string {
  return `${indent}"""\n${indent}${text.replaceAll('"""', '\\"""')}\n${indent}"""\n`;
}

/** `measures` is the catalogue; a test passes an extended one to see a new entry reach the schema. */
export function catalogueSchema(measures: readonly MeasureDefinition[] = MEASURES): string {
  const out: string[] = [
    '# Generated from lambda/domain/measure-catalogue.ts and dimensions.ts by scripts/build-catalogue-schema.ts\n',
    '# (npm run codegen). Do not edit: change the catalogue.\n',
  ];
  out.push(description("The measures of the semantic layer (lambda/domain/measure-catalogue.ts). See the README's measure catalogue."));
  out.push('enum Measure {\n');
  for (const m of measures) out.push(description(m.description, '  '), `  ${m.name}\n`);
  out.push('}\n\n');

  out.push(description('Dimensions besides the period (every row has a period at the query\'s granularity).'));
  out.push('enum Dimension {\n');
  for (const d of DIMENSIONS) out.push(description(DIMENSION_CATALOGUE[d].description, '  '), `  ${d}\n`);
  out.push('}\n\n');

  out.push(
    description('Sets of values per dimension; a row must match every filter given. REGION takes codes at any level: 35.09 selects Jember and its districts.'),
  );
  out.push('input StatsFilter {\n');
  for (const d of DIMENSIONS) out.push(description(`Values of ${d}: ${DIMENSION_CATALOGUE[d].description}`, '  '), `  ${fieldName(d)}: [String!]\n`);
  out.push('}\n\n');

  out.push('extend type StatsRow {\n');
  for (const d of ATTRIBUTE_DIMENSIONS) out.push(description(`The row's ${d} (null unless the query is by ${d})`, '  '), `  ${fieldName(d)}: String\n`);
  out.push('}\n');
  return out.join('');
}

/**
 * The schema the API serves: the hand-written files and the catalogue's part rendered in-process, so the
 * server always agrees with the catalogue it runs with. The generated file holds the same text for
 * graphql-codegen and the dashboard's explorer (test/unit/api/catalogue-schema.test.ts compares them).
 */
export function servedSchemaSource(): string {
  return `${schemaSource(CATALOGUE_SCHEMA_FILE)}\n${catalogueSchema()}`;
}
