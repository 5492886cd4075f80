/**
 * No command prints the AWS SDK's NodeVersionSupportWarning. The SDK prints it when a client is built
 * under Node < 22; so that this holds whichever Node runs the tests, each command runs with a preload
 * that makes `process.version` read v20.0.0 (a control shows that preload does make the SDK warn). The
 * commands reach a closed port for DynamoDB, so they build their clients and fail fast, as a newcomer's
 * first `npm run anomalies` without `npm start` does.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'jamrep-cli-warning-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OLD_NODE = join(dir, 'old-node.mjs');
writeFileSync(OLD_NODE, "Object.defineProperty(process, 'version', { value: 'v20.0.0' });\n");
const BAD_CSV = join(dir, 'participants.csv');
writeFileSync(BAD_CSV, 'participant_id\n1\n');

const WARNING = /NodeVersionSupportWarning|will require node >=/i;

/** The environment of a shell without the test runner's own setting of the variable. */
function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DYNAMODB_ENDPOINT: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1' };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  delete env.NODE_OPTIONS;
  return env;
}

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', OLD_NODE, '--import', 'tsx', ...args], { env: shellEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

/** `npm run <name>` -> the file its script runs with tsx. */
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const entries = Object.entries(scripts).flatMap(([name, script]) => {
  const file = /(?:^|\s)tsx\s+(\S+\.ts)/.exec(script)?.[1];
  return file ? [{ name, file }] : [];
});

describe('no AWS SDK Node-version warning from the commands', () => {
  it('control: a bare SDK client under the reported old Node does warn', async () => {
    const { stderr } = await run(['-e', "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb'); new DynamoDBClient({ region: 'ap-southeast-3' });"]);
    expect(stderr).toMatch(WARNING);
  });

  it.each([
    ['anomalies', ['lambda/aggregate/anomaly-cli.ts']],
    ['rebuild --check', ['lambda/aggregate/rebuild-cli.ts', '--check']],
    ['audit:verify', ['lambda/api/audit-verify-cli.ts']],
    ['import of a bad file', ['lambda/ingest/cli.ts', 'participants', BAD_CSV]],
    ['token', ['lambda/local/token-cli.ts', '--role', 'MINISTRY', '--data-dir', dir]],
  ])('npm run %s: stderr has its own message and no SDK warning', async (_name, args) => {
    const { code, stderr } = await run(args);
    expect(stderr).not.toMatch(WARNING);
    expect(stderr).not.toMatch(/Warning: .*Node\.js/);
    // They did run: the database commands fail on the closed port, the import on the bad file.
    if (args[0] !== 'lambda/local/token-cli.ts') expect(code).not.toBe(0);
    // A rejected import is recorded in the import ledger too, so on the closed port it fails there.
    if (args[0] === 'lambda/ingest/cli.ts') expect(stderr).toMatch(/ECONNREFUSED/);
  });

  it('every tsx command in package.json loads the quiet module before anything else', () => {
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['start', 'import', 'token', 'report', 'rebuild', 'demo', 'anomalies', 'audit:verify', 'bench']));
    for (const { name, file } of entries) {
      const firstImport = /^import\s[^;]*;/m.exec(readFileSync(file, 'utf8'))?.[0];
      expect(firstImport, `npm run ${name} (${file})`).toMatch(/^import '(\.\.\/)+(lambda\/)?quiet-sdk-node-warning\.js';$/);
    }
    // synth runs cdk.json's app, which is cdk/app.ts.
    expect(JSON.parse(readFileSync('cdk.json', 'utf8')).app).toBe('npx tsx cdk/app.ts');
    expect(/^import\s[^;]*;/m.exec(readFileSync('cdk/app.ts', 'utf8'))?.[0]).toBe("import '../lambda/quiet-sdk-node-warning.js';");
  });
});
