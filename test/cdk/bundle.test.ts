/**
 * The deployed Lambda assets: bundled by the local esbuild during synthesis, with the runtime files
 * the code reads and the lazily imported packages next to them, and byte-identical to what
 * `buildBundle` (cdk/bundling.ts) produces, so tests that exercise a bundle built with esbuild
 * exercise the deployed code.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, BUNDLE_FILE, LAMBDA_ENTRIES, LAZY_PACKAGES, lazyPackageDir, PROJECT_ROOT, RUNTIME_FILE_DIRS } from '../../cdk/bundling.js';
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

  it('leaves the lazy packages out of the API bundle and ships each pre-bundled beside it, at the installed version', () => {
    const dir = assetDir('jamrep-dev-api');
    const code = readFileSync(join(dir, BUNDLE_FILE), 'utf8');
    expect(LAZY_PACKAGES.api).toEqual(['exceljs', '@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner']);
    for (const pkg of LAZY_PACKAGES.api) {
      // Imported on demand only, never at load time.
      expect(code).toContain(`import("${pkg}")`);
      expect(code).not.toMatch(new RegExp(`from\\s*["']${pkg}["']`));
      const manifest = JSON.parse(readFileSync(join(lazyPackageDir(dir, pkg), 'package.json'), 'utf8')) as { name: string; version: string; main: string };
      const installed = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
      expect(manifest).toMatchObject({ name: pkg, version: installed.version, main: 'index.js', type: 'commonjs' });
      expect(statSync(join(lazyPackageDir(dir, pkg), 'index.js')).size).toBeGreaterThan(10_000);
    }
    // exceljs's own code (its workbook part names) is not in index.mjs.
    expect(code).not.toContain('xl/sharedStrings.xml');
    // Apollo's usage-reporting protobuf is replaced by its stand-in (cdk/stubs/), protobufjs's decoder with it.
    expect(code).toContain('@apollo/usage-reporting-protobuf is not bundled');
    expect(code).not.toContain('invalid wire type');
    for (const name of ['jamrep-dev-importer', 'jamrep-dev-aggregator']) expect(filesUnder(assetDir(name)).some((f) => f.startsWith('node_modules/')), name).toBe(false);
  });

  it('the shipped exceljs writes and reads an XLSX, and the shipped S3 presigner signs as the tested one does, resolved from index.mjs in a fresh Node', async () => {
    const index = join(assetDir('jamrep-dev-api'), BUNDLE_FILE);
    const probe = join(workdir, 'probe.mjs');
    await writeFile(
      probe,
      `import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const require = createRequire(process.argv[2]);
const load = async (pkg) => { const path = require.resolve(pkg); const mod = await import(pathToFileURL(path).href); return { path, mod: mod.default ?? mod }; };
const excel = await load('exceljs');
const workbook = new excel.mod.Workbook();
workbook.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] }).addRows([['regionCode', 'money'], ['35.09', 9007199254740991]]);
const back = new excel.mod.Workbook();
await back.xlsx.load(await workbook.xlsx.writeBuffer());
const sheet = back.getWorksheet('Data');
const s3 = await load('@aws-sdk/client-s3');
const presigner = await load('@aws-sdk/s3-request-presigner');
const client = new s3.mod.S3Client({ region: 'ap-southeast-3', credentials: { accessKeyId: 'AKIDPROBE', secretAccessKey: 'probe-secret' } });
const url = await presigner.mod.getSignedUrl(client, new s3.mod.GetObjectCommand({ Bucket: 'probe-bucket', Key: 'exports/2025-07-01/x.xlsx' }), { expiresIn: 900, signingDate: new Date('2025-07-01T00:00:00Z') });
console.log(JSON.stringify({ paths: [excel.path, s3.path, presigner.path], row: sheet.getRow(2).values.slice(1), frozen: sheet.views[0].ySplit, url }));
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [probe, index], { cwd: workdir, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    const out = JSON.parse(stdout) as { paths: string[]; row: unknown[]; frozen: number; url: string };
    expect(out.paths).toEqual(LAZY_PACKAGES.api.map((pkg) => join(lazyPackageDir(assetDir('jamrep-dev-api'), pkg), 'index.js')));
    expect(out.row).toEqual(['35.09', 9007199254740991]);
    expect(out.frozen).toBe(1);
    const client = new S3Client({ region: 'ap-southeast-3', credentials: { accessKeyId: 'AKIDPROBE', secretAccessKey: 'probe-secret' } });
    const tested = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'probe-bucket', Key: 'exports/2025-07-01/x.xlsx' }), { expiresIn: 900, signingDate: new Date('2025-07-01T00:00:00Z') });
    expect(out.url).toBe(tested);
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
    for (const file of filesUnder(outdir).filter((f) => f.startsWith('node_modules/'))) {
      expect(readFileSync(join(outdir, file)).equals(readFileSync(join(assetDir(name), file))), file).toBe(true);
    }
  });
});
