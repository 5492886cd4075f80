/** What the figures were measured on: machine, software versions, code revision. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../cdk/bundling.js';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  /** 1, 5 and 15 minute load averages when the benchmark started: other work on the machine skews timings. */
  loadAverageAtStart: number[];
  node: string;
  java: string;
  dynamodbLocal: string;
  packages: Record<string, string>;
  gitCommit: string;
  gitDirty: boolean;
}

const PACKAGES = ['@apollo/server', 'graphql', '@as-integrations/aws-lambda', '@aws-sdk/client-dynamodb', 'esbuild', 'autocannon', 'tsx', 'typescript'];

export function machineInfo(): MachineInfo {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    java: javaVersion(),
    dynamodbLocal: dynamoDbLocalVersion(),
    packages: Object.fromEntries(PACKAGES.map((p) => [p, packageVersion(p)])),
    ...git(),
  };
}

function javaVersion(): string {
  const out = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (out.stderr || out.stdout || '').split('\n')[0]?.trim() || 'not found';
}

/** The fetch script pins the package that ships the jar; its comment names the jar's version. */
function dynamoDbLocalVersion(): string {
  try {
    const script = readFileSync(join(PROJECT_ROOT, 'scripts', 'fetch-dynamodb-local.mjs'), 'utf8');
    const pinned = /const VERSION = '([^']+)';\s*\/\/\s*ships DynamoDB Local ([\d.]+)/.exec(script);
    return pinned ? `${pinned[2]} (from amplify-dynamodb-simulator@${pinned[1]})` : 'unknown';
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function git(): { gitCommit: string; gitDirty: boolean } {
  try {
    const gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    return { gitCommit, gitDirty: status.trim().length > 0 };
  } catch {
    return { gitCommit: 'unknown', gitDirty: false };
  }
}
