/**
 * The one definition of how each Lambda function is bundled. The CDK stack turns it into
 * NodejsFunction bundling options; tests and scripts build the same bundle with esbuild directly
 * (`buildBundle`), so the artifact exercised locally is the artifact deployed.
 *
 * Decisions:
 * - ESM output (`index.mjs`) with a banner that recreates `require` for the CommonJS dependencies
 *   esbuild inlines (they call `require('crypto')` and the like at run time).
 * - The AWS SDK v3 is bundled, not taken from the Lambda runtime: the deployed code then runs the
 *   SDK version the tests ran against, and a runtime SDK update cannot change behaviour under us.
 *   Measured cost: 1.55 MB instead of 1.0 MB and ~20 ms more cold start (docs/deploy.md).
 * - Source maps without sources content, so stack traces name our files without shipping the
 *   source twice; NODE_OPTIONS=--enable-source-maps is set on the functions.
 * - Runtime files: the functions read `reference/` (regions, contribution rates) and the API reads
 *   `schema/*.graphql` at run time, located relative to the bundle (`lambda/reference-data.ts`
 *   expects both folders); they are copied next to `index.mjs`. `.graphql` imports also work.
 * - Stand-ins (`ALIASES`): a package no code path of ours can reach is replaced by a stub that throws
 *   (Apollo's usage-reporting protobuf, 220 KB, and its usage-report helpers: the plugins that use them
 *   are disabled in server.ts), and
 *   `@apollo/server` is pointed at its ESM build for `require` too, so the bundle holds one copy of it;
 *   `@apollo/utils.createhash` is given Node's crypto, which it meant to use (cdk/stubs/ says why), and
 *   graphql's parser is its ESM file for graphql-armor too (one graphql in the bundle).
 * - Node built-ins whose ESM facade is costly (`NODE_BUILTINS`: http, process, ...) are taken with `require` (see there).
 * - Lazy packages (`LAZY_PACKAGES`): large dependencies that only some requests use, loaded with
 *   `await import(...)`. They are external to `index.mjs`, so cold start does not parse them, and
 *   shipped in the same asset as `node_modules/<package>/`, pre-bundled by the same esbuild into one
 *   CommonJS file, so the import resolves to the version the tests ran, never to one from the runtime.
 */
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BuildOptions } from 'esbuild';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: the bundling input and the base of every entry path. */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const DEPS_LOCK_FILE = join(PROJECT_ROOT, 'package-lock.json');
const execFileAsync = promisify(execFile);

/** Folders (relative to the project root) copied next to every bundle. */
export const RUNTIME_FILE_DIRS = ['schema', 'reference'] as const;

export interface LambdaEntry {
  readonly id: 'api' | 'aggregator' | 'importer' | 'anomalies';
  /** Entry file relative to the project root; it exports `handler`. */
  readonly entry: string;
}

export const LAMBDA_ENTRIES = {
  api: { id: 'api', entry: 'lambda/api/handler.ts' },
  aggregator: { id: 'aggregator', entry: 'lambda/aggregate/handler.ts' },
  importer: { id: 'importer', entry: 'lambda/ingest/s3-handler.ts' },
  anomalies: { id: 'anomalies', entry: 'lambda/aggregate/anomaly-handler.ts' },
} as const satisfies Record<LambdaEntry['id'], LambdaEntry>;

/** Output file name NodejsFunction uses for ESM; the Lambda handler string is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';
export const NODE_TARGET = 'node22';
export const MAIN_FIELDS = ['module', 'main'];
/** Aliased import so it cannot clash with a bundled module's own `createRequire`. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __jamrepCreateRequire } from 'node:module'; const require = __jamrepCreateRequire(import.meta.url);";
export const LOADERS = { '.graphql': 'text' } as const;

/**
 * The SDK's credential providers that its default chain imports on demand (`await import(...)` in
 * @aws-sdk/credential-provider-node) and only when the environment holds no credentials: SSO, shared
 * ini files, credential processes, web identity tokens, container and instance metadata. A Lambda
 * function always has its role's credentials in the environment (AWS_ACCESS_KEY_ID, ...), so it never
 * loads them; bundled, they were about 100 KB of index.mjs (with the nested STS/SSO clients) that every
 * cold start compiled. Locally the clients are given fixed credentials (lambda/store/client.ts).
 */
export const ON_DEMAND_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

/**
 * Per function, the packages left out of index.mjs and shipped pre-bundled beside it.
 * api: exceljs (about 1 MB minified; XLSX exports only) and the S3 client with its presigner (about
 * 0.5 MB; only exports delivered by URL). Together they would grow index.mjs by a good half. And the
 * credential providers a Lambda function never loads (above).
 */
export const LAZY_PACKAGES: Readonly<Record<LambdaEntry['id'], readonly string[]>> = {
  api: ['exceljs', '@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner', ...ON_DEMAND_CREDENTIAL_PROVIDERS],
  aggregator: [],
  importer: [],
  anomalies: [],
};

/** Where a lazy package lands in a bundle directory: what Node's resolution finds from index.mjs. */
export const lazyPackageDir = (outdir: string, pkg: string) => join(outdir, 'node_modules', ...pkg.split('/'));

/** esbuild options of a lazy package: one CommonJS file (exceljs is CommonJS; Node imports either kind from ESM). */
export function lazyPackageBuildOptions(pkg: string, outdir: string, projectRoot = PROJECT_ROOT): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    entryPoints: [pkg],
    outfile: join(lazyPackageDir(outdir, pkg), 'index.js'),
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'cjs',
    mainFields: MAIN_FIELDS,
    minify: true,
    logLevel: 'warning',
  };
}

/**
 * Shell commands that build a function's lazy packages into `outputDir`: for each, a Node process that
 * runs esbuild with `lazyPackageBuildOptions` and writes a package.json with the installed version. The
 * CDK runs them as the afterBundling hook, and `buildBundle` runs the very same commands, so both produce
 * the same bytes. (Pure string building: the CDK also asks for the hook's commands for Docker bundling.)
 */
export function lazyPackagesCommands(fn: LambdaEntry, inputDir: string, outputDir: string): string[] {
  return LAZY_PACKAGES[fn.id].map((pkg) => {
    const installed = join(inputDir, 'node_modules', pkg, 'package.json');
    const manifestFile = join(lazyPackageDir(outputDir, pkg), 'package.json');
    const script = [
      `import { createRequire } from 'node:module'`,
      `import { readFileSync, writeFileSync } from 'node:fs'`,
      `const require = createRequire(${JSON.stringify(join(inputDir, 'package.json'))})`,
      `await require('esbuild').build(${JSON.stringify(lazyPackageBuildOptions(pkg, outputDir, inputDir))})`,
      `const { version, license } = JSON.parse(readFileSync(${JSON.stringify(installed)}, 'utf8'))`,
      `const manifest = { name: ${JSON.stringify(pkg)}, version, license, private: true, type: 'commonjs', main: 'index.js', description: 'Pre-bundled by cdk/bundling.ts' }`,
      `writeFileSync(${JSON.stringify(manifestFile)}, JSON.stringify(manifest, null, 2) + '\\n')`,
    ].join('; ');
    return `node --input-type=module -e ${shellQuote(script)}`;
  });
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * Node built-ins whose ES module import is costly, each aliased (with and without `node:`) to a file in
 * cdk/node-builtins/ that hands over the built-in as CommonJS (`process.getBuiltinModule`); esbuild then
 * reads its properties where the code uses them. Importing a built-in as an ES module makes Node build
 * its ESM facade, which reads every export once, lazy ones included: for `node:http` that loads undici
 * (its fetch/WebSocket family), for `node:process` it computes `allowedNodeEnvironmentFlags` and the
 * like. Measured in fresh Node 22 processes (after the ESM loader's own start, best of 5): `import()` of
 * http 30.9 ms against 2.3 ms taken as CommonJS, process 6.8 against 0.01, fs 1.9 against 0.00, util 1.5
 * against 0.01. Not the others: their facades cost nothing, while esbuild's CommonJS interop copies a
 * module's properties once per importing file (crypto alone is imported by 26 files). The module object
 * is the same either way. test/cdk/bundle.test.ts checks that no bundle imports these as ES modules.
 * `fs/promises` is here because an alias also rewrites its subpaths (`fs` would turn it into `fs.cjs/promises`).
 */
export const NODE_BUILTINS = ['fs', 'fs/promises', 'http', 'process', 'util'] as const;

/** The stand-in file of a built-in (`fs/promises` -> cdk/node-builtins/fs-promises.cjs), relative to the project root. */
export const nodeBuiltinShim = (name: string) => `./cdk/node-builtins/${name.replaceAll('/', '-')}.cjs`;

/**
 * Packages replaced by a stand-in in every bundle (esbuild `alias`, paths relative to the project root),
 * each with the reason in the stand-in's header.
 */
export const ALIASES: Readonly<Record<string, string>> = {
  '@apollo/usage-reporting-protobuf': './cdk/stubs/apollo-usage-reporting-protobuf.ts',
  '@apollo/utils.usagereporting': './cdk/stubs/apollo-utils-usagereporting.ts',
  '@graphql-tools/schema': './cdk/stubs/graphql-tools-schema.ts',
  // One copy of Apollo Server, its ESM build, for `import` and `require` alike (cdk/esm-entry/apollo-server/).
  '@apollo/server': './cdk/esm-entry/apollo-server',
  '@apollo/utils.createhash': './cdk/stubs/apollo-utils-createhash.ts',
  // graphql-armor imports `graphql/language/parser`, which resolves to graphql's CommonJS build: the
  // bundle held a second copy of graphql's parser, lexer and AST (about 44 KB). Its ESM file instead.
  'graphql/language/parser': './node_modules/graphql/language/parser.mjs',
  ...Object.fromEntries(NODE_BUILTINS.flatMap((name) => [name, `node:${name}`].map((spec) => [spec, nodeBuiltinShim(name)]))),
};

/**
 * Compile-time constants of every bundle. NODE_ENV=production switches graphql-js from its development
 * `instanceOf`, which inspects constructors on every type check to catch two copies of graphql (there is
 * one in a bundle), to plain `instanceof`: measured at about a tenth of the CPU time of a `stats`
 * answer. Apollo Server's NODE_ENV-dependent defaults are all set explicitly in lambda/api/server.ts, so
 * this changes nothing else there.
 */
export const DEFINES: Readonly<Record<string, string>> = { 'process.env.NODE_ENV': '"production"' };

/** esbuild options for one function, equal to what NodejsFunction passes to the esbuild CLI. */
export function esbuildOptions(fn: LambdaEntry, outdir: string): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [fn.entry],
    outfile: join(outdir, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    mainFields: MAIN_FIELDS,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: ESM_REQUIRE_BANNER },
    loader: { ...LOADERS },
    external: [...LAZY_PACKAGES[fn.id]],
    alias: { ...ALIASES },
    define: { ...DEFINES },
    logLevel: 'warning',
  };
}

/** Shell commands that copy the runtime files into a bundle directory (POSIX `cp -r`). */
export function copyRuntimeFilesCommands(inputDir: string, outputDir: string): string[] {
  return RUNTIME_FILE_DIRS.map((dir) => `cp -r "${join(inputDir, dir)}" "${join(outputDir, dir)}"`);
}

/** NodejsFunction bundling options of a function (local esbuild, never Docker). */
export function nodejsBundlingOptions(fn: LambdaEntry): BundlingOptions {
  return {
    target: NODE_TARGET,
    format: OutputFormat.ESM,
    mainFields: MAIN_FIELDS,
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    banner: ESM_REQUIRE_BANNER,
    loader: { ...LOADERS },
    // Only the lazy packages: an empty list bundles @aws-sdk/* too (NodejsFunction externalizes it by default).
    externalModules: [...LAZY_PACKAGES[fn.id]],
    define: { ...DEFINES },
    esbuildArgs: Object.fromEntries(Object.entries(ALIASES).map(([pkg, stand]) => [`--alias:${pkg}`, stand])),
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [...copyRuntimeFilesCommands(inputDir, outputDir), ...lazyPackagesCommands(fn, inputDir, outputDir)],
    },
  };
}

/**
 * Builds a function's bundle with esbuild directly into `outdir`, runtime files and lazy packages
 * included: the same bytes as the CDK asset. Returns the path of `index.mjs`.
 */
export async function buildBundle(fn: LambdaEntry, outdir: string): Promise<string> {
  const { build } = await import('esbuild');
  await build(esbuildOptions(fn, outdir));
  for (const dir of RUNTIME_FILE_DIRS) {
    await cp(join(PROJECT_ROOT, dir), join(outdir, dir), { recursive: true });
  }
  // As the CDK runs its hook commands (bash -c in the project root); independent, so side by side.
  await Promise.all(lazyPackagesCommands(fn, PROJECT_ROOT, outdir).map((command) => execFileAsync('bash', ['-c', command], { cwd: PROJECT_ROOT })));
  return join(outdir, BUNDLE_FILE);
}
