/**
 * Keeps the README's "Adding a measure, a dimension, a province" true: the files that enumerate every
 * measure, every attribute dimension, or provinces by name are exactly the ones it lists. A new file
 * that hand-copies such a list (instead of reading the catalogue) fails here until the README says so.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_DIMENSIONS, fieldName } from '../../../lambda/domain/dimensions.js';
import { MEASURES } from '../../../lambda/domain/measures.js';
import { assetRoot } from '../../../lambda/reference-data.js';

const root = assetRoot();
/** Tracked and new (not ignored) files: generated files are git-ignored and so left out. */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && /\.(ts|tsx|mjs|graphql|md|csv|json)$/.test(f) && !f.startsWith('bench/results') && f !== 'package-lock.json');
const text = new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
const readme = text.get('README.md')!;
const section = readme.slice(readme.indexOf('### Adding a measure, a dimension, a province'), readme.indexOf('## Architecture'));

const enumerating = (mentions: (body: string) => boolean) => files.filter((f) => f !== 'README.md' && mentions(text.get(f)!)).sort();

describe('what adding a measure or a dimension touches', () => {
  it('the README section exists', () => {
    expect(section.length).toBeGreaterThan(100);
  });

  it('files that list every measure: the catalogue and the test reference only', () => {
    const found = enumerating((body) => MEASURES.every((m) => new RegExp(`\\b${m.name}\\b`).test(body)));
    expect(found).toEqual(['lambda/domain/measure-catalogue.ts', 'test/integration/pipeline/figures.test.ts', 'test/support/reference/catalogue.ts']);
    for (const f of found) expect(section).toContain(`\`${f}\``);
  });

  it('files that list every attribute dimension are the ones the README names', () => {
    const found = enumerating((body) => ATTRIBUTE_DIMENSIONS.every((d) => body.includes(d) || (d !== 'PROGRAM' && d !== 'SECTOR' && d !== 'GENDER' && body.includes(fieldName(d)))));
    expect(found.length).toBeGreaterThan(5);
    for (const f of found) expect(section).toContain(`\`${f}\``);
  });
});

describe('what adding a province touches', () => {
  // A Kemendagri province or regency code as a string in code (comments left out): '35', "35.09", '35,52'.
  const regionCode = /['"](1[1-9]|[2-9]\d)(\.\d{2}){0,2}(,(1[1-9]|[2-9]\d))*['"]/;
  const uncommented = (body: string) => body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const code = files.filter((f) => /^(lambda|web|cdk|scripts)\//.test(f) && /\.(ts|mjs)$/.test(f));
  const naming = code.filter((f) => regionCode.test(uncommented(text.get(f)!))).sort();

  it('only the demo names provinces in code, and the README lists those files', () => {
    expect(naming).toEqual(['lambda/demo/calibration.ts', 'lambda/demo/cli.ts', 'lambda/demo/regions-file.ts', 'lambda/domain/import-template.ts', 'lambda/local/start.ts']);
    for (const f of naming) expect(section).toContain(`\`${f}\``);
  });

  it('the dashboard names no province: pickers, names and the default province come from the data', () => {
    expect(naming.filter((f) => f.startsWith('web/'))).toEqual([]);
    // And it parses no region file of its own: the one list is reference/regions.json.
    expect(code.filter((f) => f.startsWith('web/') && /\.split\(','\)/.test(text.get(f)!))).toEqual([]);
  });
});
