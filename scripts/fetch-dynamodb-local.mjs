#!/usr/bin/env node
// Extracts the official DynamoDB Local (the AWS jar) from the npm package amplify-dynamodb-simulator
// into .dynamodb-local/. We take only its emulator/ folder: installing the package itself pulls ~250
// unrelated packages (an old aws-cdk-lib, graphql 15, typescript 4). npm's cache makes repeat runs offline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, renameSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '2.9.30'; // ships DynamoDB Local 1.25.1
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.dynamodb-local');
const jar = join(target, 'DynamoDBLocal.jar');

if (existsSync(jar)) process.exit(0);
const work = mkdtempSync(join(tmpdir(), 'ddb-local-'));
try {
  console.log(`Fetching DynamoDB Local from amplify-dynamodb-simulator@${VERSION} (once; ~57 MB)...`);
  const out = execFileSync('npm', ['pack', `amplify-dynamodb-simulator@${VERSION}`, '--silent'], {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', out, 'package/emulator'], { cwd: work, stdio: 'inherit' });
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(join(work, 'package', 'emulator'), target);
  if (!existsSync(jar)) throw new Error(`DynamoDBLocal.jar not found in amplify-dynamodb-simulator@${VERSION}`);
  console.log(`DynamoDB Local ready in ${target}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
