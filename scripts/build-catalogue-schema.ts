// Writes schema/21-catalogue.generated.graphql from the domain catalogues (lambda/api/catalogue-schema.ts).
// Run by `npm install` (postinstall) and `npm run codegen`, before graphql-codegen reads schema/.
// The file is git-ignored: the catalogue is the one source. It is rewritten only when its content
// changes, so builds that compare modification times (scripts/build-web.mjs) do not redo work.
import '../lambda/quiet-sdk-node-warning.js';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE_SCHEMA_FILE, catalogueSchema } from '../lambda/api/catalogue-schema.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', CATALOGUE_SCHEMA_FILE);
const text = catalogueSchema();
if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
  writeFileSync(`${target}.tmp`, text);
  renameSync(`${target}.tmp`, target);
  console.log(`Catalogue schema -> schema/${CATALOGUE_SCHEMA_FILE}`);
}
