#!/usr/bin/env node
// Builds the dashboard (web/ -> web/dist) unless the build is newer than every source file, so that
// `npm start` serves it without paying for a Vite build on every start.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const built = join(web, 'dist', 'index.html');
// The sign-in form bundles the generated region list: a new one (another idn-area-data) rebuilds too.
const regions = join(web, '..', 'reference', 'regions.json');
// The documents are typed from schema/ (the Vite build runs the codegen): a schema change rebuilds too.
const schema = join(web, '..', 'schema');

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // generated/ is rewritten by the build itself.
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name === 'generated') continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (process.argv.includes('--force') || !existsSync(built) || statSync(built).mtimeMs < Math.max(newest(web), newest(schema), existsSync(regions) ? statSync(regions).mtimeMs : 0)) {
  execFileSync('npx', ['vite', 'build', web, '--logLevel', 'warn'], { stdio: 'inherit' });
}
