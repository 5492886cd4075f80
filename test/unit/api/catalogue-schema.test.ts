/**
 * The GraphQL schema the API serves agrees with the domain catalogues, both ways: every measure and
 * dimension of the catalogue is an enum value and every enum value a catalogue entry; every dimension
 * is a StatsFilter field and every field a dimension. The schema is read as the server reads it
 * (servedSchemaSource), and the generated file codegen and the explorer read must be the same text, so
 * a stale or hand-edited generated file fails here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_SCHEMA_FILE, catalogueSchema, servedSchemaSource } from '../../../lambda/api/catalogue-schema.js';
import { ATTRIBUTE_DIMENSIONS, DIMENSION_CATALOGUE, DIMENSIONS, type Dimension as DomainDimension } from '../../../lambda/domain/dimensions.js';
import { MEASURES, type MeasureDefinition, type MeasureName } from '../../../lambda/domain/measures.js';
import type { Dimension, Measure, StatsFilter } from '../../../lambda/generated/graphql.js';
import { assetRoot, schemaSource } from '../../../lambda/reference-data.js';

// Compile-time half (checked by `npm run typecheck`): the generated resolver types name exactly the catalogue's entries.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const measuresAgree: Equal<Measure, MeasureName> = true;
const dimensionsAgree: Equal<Dimension, DomainDimension> = true;
const filterAgrees: Equal<keyof StatsFilter, 'region' | 'sector' | 'program' | 'fundingSource' | 'gender' | 'ageBand'> = true;

const served: GraphQLSchema = buildSchema(servedSchemaSource());
const enumValues = (name: string) => (served.getType(name) as GraphQLEnumType).getValues();

describe('schema and catalogue agree', () => {
  it('type-level agreement compiled', () => {
    expect([measuresAgree, dimensionsAgree, filterAgrees]).toEqual([true, true, true]);
  });

  it('Measure enum = the measure catalogue, with its descriptions', () => {
    const values = enumValues('Measure');
    expect(values.map((v) => v.name).sort()).toEqual(MEASURES.map((m) => m.name).sort());
    for (const m of MEASURES) expect(values.find((v) => v.name === m.name)!.description).toBe(m.description);
  });

  it('Dimension enum = the dimension catalogue', () => {
    const values = enumValues('Dimension');
    expect(values.map((v) => v.name).sort()).toEqual([...DIMENSIONS].sort());
    for (const d of DIMENSIONS) expect(values.find((v) => v.name === d)!.description).toBe(DIMENSION_CATALOGUE[d].description);
  });

  it('StatsFilter has one field per filterable dimension and nothing else', () => {
    const fields = Object.keys((served.getType('StatsFilter') as GraphQLInputObjectType).getFields()).sort();
    // Written out by hand: the generator's camel-casing is what is checked.
    expect(fields).toEqual(['ageBand', 'fundingSource', 'gender', 'program', 'region', 'sector']);
    expect(fields).toHaveLength(Object.keys(DIMENSION_CATALOGUE).length);
  });

  it('StatsRow has a field for each attribute dimension', () => {
    const fields = Object.keys((served.getType('StatsRow') as GraphQLObjectType).getFields());
    expect(fields).toEqual(expect.arrayContaining(['sector', 'program', 'fundingSource', 'gender', 'ageBand', 'region', 'regionCode']));
    expect(ATTRIBUTE_DIMENSIONS).toHaveLength(5);
  });

  it('the generated file on disk is what the catalogue gives now (not stale, not hand-edited)', () => {
    expect(readFileSync(join(assetRoot(), 'schema', CATALOGUE_SCHEMA_FILE), 'utf8')).toBe(catalogueSchema());
    expect(schemaSource().length).toBe(servedSchemaSource().length);
  });

  it('the generated file is git-ignored, built by npm install and npm run codegen', () => {
    const root = assetRoot();
    expect(execFileSync('git', ['check-ignore', join('schema', CATALOGUE_SCHEMA_FILE)], { cwd: root, encoding: 'utf8' }).trim()).toBe(
      join('schema', CATALOGUE_SCHEMA_FILE),
    );
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const s of ['codegen', 'codegen:check']) expect(scripts[s]).toContain('scripts/build-catalogue-schema.ts');
    // npm install runs the whole codegen (the catalogue file first, then the resolver and dashboard types).
    expect(scripts.postinstall).toMatch(/npm run (--silent )?codegen\b/);
    expect(scripts.codegen!.indexOf('build-catalogue-schema')).toBeLessThan(scripts.codegen!.indexOf('graphql-codegen'));
  });

  it('a new catalogue entry becomes an enum value with its description', () => {
    const extra: MeasureDefinition = {
      kind: 'ratio',
      name: 'HYPOTHETICAL_RATE',
      description: 'A test-only "measure" with """ quotes',
      unit: 'RATIO',
      left: { measure: 'CLAIMS' },
      right: { measure: 'ACTIVE_PARTICIPANTS' },
    };
    const schema = buildSchema(servedSchemaSource().replace(catalogueSchema(), catalogueSchema([...MEASURES, extra])));
    const value = (schema.getType('Measure') as GraphQLEnumType).getValue('HYPOTHETICAL_RATE');
    expect(value?.description).toBe(extra.description);
  });
});
