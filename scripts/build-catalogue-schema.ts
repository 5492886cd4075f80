// Writes schema/21-catalogue.generated.graphql from the domain catalogues (lambda/api/catalogue-schema.ts),
// and schema/served-schema.generated.json, the served SDL parsed once so that a cold start need not parse
// it (lambda/api/executable-schema.ts). Run by `npm install` (postinstall) and `npm run codegen`, before
// graphql-codegen reads schema/. Both files are git-ignored: the catalogue and the SDL are the sources.
// A file is rewritten only when its content changes, so builds that compare modification times
// (scripts/build-web.mjs) do not redo work.
import '../lambda/quiet-sdk-node-warning.js';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_SCHEMA_FILE, catalogueSchema } from '../lambda/api/catalogue-schema.js';
import { PARSED_SCHEMA_FILE, parsedSchemaFile } from '../lambda/api/executable-schema.js';

const schemaDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema');

function writeIfChanged(name: string, text: string): void {
  const target = join(schemaDir, name);
  if (existsSync(target) && readFileSync(target, 'utf8') === text) return;
  writeFileSync(`${target}.tmp`, text);
  renameSync(`${target}.tmp`, target);
  console.log(`-> schema/${name}`);
}

writeIfChanged(CATALOGUE_SCHEMA_FILE, catalogueSchema());
writeIfChanged(PARSED_SCHEMA_FILE, parsedSchemaFile());
