/**
 * The Lambda bundles as deployed (cdk/bundling.ts builds the same bytes the CDK asset holds): their
 * size, and the API function's cold start, measured as fresh Node processes that load the bundle and
 * answer one GraphQL event, against fresh Node processes that do nothing.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildBundle, LAMBDA_ENTRIES, type LambdaEntry } from '../cdk/bundling.js';
import type { BenchAuth } from './auth.js';
import { FIXED_QUERIES, type DashboardQuery } from './dashboard-queries.js';
import { fmt, log } from './log.js';
import { median } from './stats.js';

export interface BundleSize {
  id: LambdaEntry['id'];
  entry: string;
  path: string;
  bytes: number;
  /** index.mjs compressed as a Lambda zip would (deflate, level 9); the zip also holds the map and runtime files. */
  gzipBytes: number;
  sourceMapBytes: number;
  buildMs: number;
}

export async function buildBundles(workDir: string, ids: ReadonlyArray<LambdaEntry['id']> = Object.keys(LAMBDA_ENTRIES) as Array<LambdaEntry['id']>): Promise<BundleSize[]> {
  const out: BundleSize[] = [];
  for (const fn of Object.values(LAMBDA_ENTRIES).filter((f) => ids.includes(f.id))) {
    const dir = join(workDir, 'bundles', fn.id);
    rmSync(dir, { recursive: true, force: true });
    const started = performance.now();
    const path = await buildBundle(fn, dir);
    const buildMs = performance.now() - started;
    const code = readFileSync(path);
    out.push({
      id: fn.id,
      entry: fn.entry,
      path,
      bytes: code.length,
      gzipBytes: gzipSync(code, { level: 9 }).length,
      sourceMapBytes: statSync(`${path}.map`).size,
      buildMs,
    });
    log('bundles', `${fn.id.padEnd(10)} ${(code.length / 1e6).toFixed(2)} MB (${(out.at(-1)!.gzipBytes / 1e6).toFixed(2)} MB compressed), built in ${fmt.s(buildMs)} s`);
  }
  return out;
}

export interface ColdStartRun {
  /** Spawn of the process to the answer on its stdout, seen by the parent. */
  wallMs: number;
  /** Inside the process: from Node's start to our first line of code. */
  startupMs: number;
  /** Inside the process: importing the bundle (Lambda's Init phase: module load and top-level await). */
  importMs?: number;
  /** Inside the process: the first invocation. */
  invokeMs?: number;
  ok?: boolean;
}

export interface ColdStartResult {
  runs: number;
  nodeFlags: string[];
  query: string;
  bareNodeMs: number;
  coldMs: number;
  ratio: number;
  medianImportMs: number;
  medianInvokeMs: number;
  failures: number;
  bare: ColdStartRun[];
  cold: ColdStartRun[];
}

/** As the deployed functions run (cdk/constructs/jamrep-function.ts sets NODE_OPTIONS), and without. */
export const COLD_START_FLAGS: string[][] = [['--enable-source-maps'], []];

/** The environment of a cold-start process: the function's, pointed at a local DynamoDB. */
export function coldStartEnv(dynamodbEndpoint: string, tableName: string): Record<string, string> {
  return {
    DYNAMODB_ENDPOINT: dynamodbEndpoint,
    TABLE_NAME: tableName,
    AWS_REGION: 'ap-southeast-3',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

/**
 * One cold-start series per set of node flags, answering the benchmark's first dashboard query from
 * the database at `env`. The full benchmark (bench/scale-run.ts) and `npm run bench:cold-start`
 * (bench/cold-start.ts) both measure through this.
 */
export async function measureColdStarts(
  bundlePath: string,
  auth: BenchAuth,
  env: Record<string, string>,
  runs: number,
  flagSets: string[][],
  scope: string,
): Promise<ColdStartResult[]> {
  const out: ColdStartResult[] = [];
  for (const flags of flagSets) {
    const r = await measureColdStart(bundlePath, auth, FIXED_QUERIES[0]!, env, runs, flags);
    out.push(r);
    log(scope, `cold start [node ${flags.join(' ') || '(no flags)'}]: ${coldStartSummary(r)}${r.failures ? `, ${r.failures} FAILED` : ''}`);
  }
  return out;
}

const CHILD = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));

/**
 * Alternates bare and cold processes (`runs` of each, after one unmeasured pair that warms the file
 * cache), so that a change in the machine's load affects both series alike.
 */
export async function measureColdStart(
  bundlePath: string,
  auth: BenchAuth,
  query: DashboardQuery,
  env: Record<string, string>,
  runs: number,
  nodeFlags: string[],
): Promise<ColdStartResult> {
  const event = JSON.stringify(await apiEvent(auth, query));
  const childEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, BENCH_EVENT: event };
  const bare: ColdStartRun[] = [];
  const cold: ColdStartRun[] = [];
  for (let i = 0; i <= runs; i++) {
    const b = await runChild([...nodeFlags, CHILD, '--bare'], childEnv);
    const c = await runChild([...nodeFlags, CHILD, bundlePath], childEnv);
    if (i === 0) continue;
    bare.push(b);
    cold.push(c);
  }
  const bareNodeMs = median(bare.map((r) => r.wallMs));
  const coldMs = median(cold.map((r) => r.wallMs));
  return {
    runs,
    nodeFlags,
    query: query.id,
    bareNodeMs,
    coldMs,
    ratio: coldMs / bareNodeMs,
    medianImportMs: median(cold.map((r) => r.importMs ?? 0)),
    medianInvokeMs: median(cold.map((r) => r.invokeMs ?? 0)),
    failures: cold.filter((r) => !r.ok).length,
    bare,
    cold,
  };
}

function runChild(args: string[], env: Record<string, string>): Promise<ColdStartRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let result: ColdStartRun | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH-READY '));
      if (line && !result) {
        const wallMs = performance.now() - started;
        result = { wallMs, ...(JSON.parse(line.slice('BENCH-READY '.length)) as Omit<ColdStartRun, 'wallMs'>) };
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`cold-start process exited with ${code} without answering:\n${stderr.slice(-2000)}`));
    });
  });
}

/** An API Gateway HTTP API (payload 2.0) event carrying a GraphQL POST, as the gateway sends it after its JWT authorizer. */
export async function apiEvent(auth: BenchAuth, query: DashboardQuery): Promise<APIGatewayProxyEventV2WithJWTAuthorizer> {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { ...(await auth.headers(query.role)), host: 'localhost' },
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jamrep-bench' },
      requestId: 'bench-cold-start',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: await auth.claims(query.role), scopes: [] } },
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: JSON.stringify({ query: query.query, variables: query.variables ?? {} }),
    isBase64Encoded: false,
  };
}

export function coldStartSummary(r: ColdStartResult): string {
  return `cold ${fmt.ms(r.coldMs)} ms vs bare Node ${fmt.ms(r.bareNodeMs)} ms = ${r.ratio.toFixed(2)}× (import ${fmt.ms(r.medianImportMs)} ms, first query ${fmt.ms(r.medianInvokeMs)} ms)`;
}
