/**
 * The deployed Lambda assets: bundled by the local esbuild during synthesis, with the runtime files
 * the code reads next to them, and byte-identical to what `buildBundle` (cdk/bundling.ts) produces,
 * so tests that exercise a bundle built with esbuild exercise the deployed code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, BUNDLE_FILE, LAMBDA_ENTRIES, PROJECT_ROOT, RUNTIME_FILE_DIRS } from '../../cdk/bundling.js';
import { onlyResource, synthesize, type Synthesized } from './support.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .map((file) => relative(dir, join(dir, file)))
    .sort();
}

const FUNCTIONS = [
  ['jamrep-dev-api', LAMBDA_ENTRIES.api],
  ['jamrep-dev-importer', LAMBDA_ENTRIES.importer],
  ['jamrep-dev-aggregator', LAMBDA_ENTRIES.aggregator],
] as const;

describe('Lambda bundles', () => {
  let workdir: string;
  let synthesized: Synthesized;
  let assemblyDir: string;

  beforeAll(async () => {
    workdir = await mkdtemp(join(tmpdir(), 'jamrep-bundle-'));
    synthesized = synthesize('dev', { bundle: true, outdir: join(workdir, 'cdk.out') });
    assemblyDir = synthesized.app.synth().directory;
  });

  afterAll(async () => {
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  /** The staged asset directory of a function, from the S3 key in the template. */
  const assetDir = (functionName: string) => {
    const [, fn] = onlyResource(synthesized.template, 'AWS::Lambda::Function', { FunctionName: functionName });
    const key = (fn.Properties!.Code as { S3Key: string }).S3Key;
    return join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`);
  };

  it.each(FUNCTIONS)('%s ships an ESM bundle with the AWS SDK inside and every schema and reference file', (name) => {
    const dir = assetDir(name);
    const code = readFileSync(join(dir, BUNDLE_FILE), 'utf8');
    expect(code.startsWith("import { createRequire as __jamrepCreateRequire } from 'node:module';")).toBe(true);
    // Bundled, not resolved from the runtime: no import of an @aws-sdk package is left.
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    for (const folder of RUNTIME_FILE_DIRS) {
      const expected = filesUnder(join(PROJECT_ROOT, folder));
      expect(expected.length, `${folder}/ has files`).toBeGreaterThan(0);
      expect(filesUnder(join(dir, folder)), `${name}: ${folder}/`).toEqual(expected);
    }
  });

  it('copies the GraphQL schema files next to the API bundle', () => {
    const schema = filesUnder(join(assetDir('jamrep-dev-api'), 'schema'));
    expect(schema.filter((file) => file.endsWith('.graphql')).length).toBeGreaterThan(0);
  });

  it.each(FUNCTIONS)('%s: buildBundle() produces the deployed index.mjs byte for byte', async (name, entry) => {
    const outdir = join(workdir, `direct-${entry.id}`);
    const built = await buildBundle(entry, outdir);
    expect(readFileSync(built).equals(readFileSync(join(assetDir(name), BUNDLE_FILE)))).toBe(true);
    expect(filesUnder(outdir).filter((f) => !f.startsWith('index.'))).toEqual(
      filesUnder(assetDir(name)).filter((f) => !f.startsWith('index.')),
    );
  });
});
