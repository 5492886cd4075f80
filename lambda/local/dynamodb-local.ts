/**
 * Runs DynamoDB Local (the AWS jar, fetched into `.dynamodb-local/` by `npm install`) as a child JVM.
 *
 * Started with `-sharedDb` so every client sees the same tables whatever its key and region (otherwise
 * the database is chosen per key + region and a handler with other credentials sees "non-existent
 * table"), from a temporary working directory because the jar writes `dynamodb-local-metadata.json`
 * into its cwd. Every JVM started here is killed when this process exits or is interrupted.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_DEFAULTS } from '../config.js';
import { killOnExit, releaseOnExit } from './process-cleanup.js';
import { LOCAL_CREDENTIALS } from './local-clients.js';

export interface DynamoDbLocalOptions {
  /** 0 or undefined: a free port. */
  port?: number;
  /** Directory to persist the database in; undefined keeps it in memory (`-inMemory`). */
  dbPath?: string;
  /** Do not forward the JVM's output to stderr (it is still kept for error messages). */
  quiet?: boolean;
  /** How long to wait until the server answers. Default 60 s: parallel test files start JVMs at once. */
  startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>`: an IPv4 literal, since the JVM listens on IPv4 and `localhost` may resolve to ::1. */
  endpoint: string;
  port: number;
  /** Process id of the JVM. */
  pid: number;
  /** Kills the JVM and waits until it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

export type DynamoDbLocalErrorCode = 'JAR_NOT_FOUND' | 'JAVA_NOT_FOUND' | 'PORT_IN_USE' | 'EXITED' | 'START_TIMEOUT';

export class DynamoDbLocalError extends Error {
  constructor(
    readonly code: DynamoDbLocalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DynamoDbLocalError';
  }
}

const OUTPUT_TAIL_LINES = 40;
const STOP_GRACE_MS = 5_000;
/** A bind failure is printed right after the banner; this is how long a first answer must stay unrefuted. */
const BIND_GRACE_MS = 250;
const AUTO_PORT_ATTEMPTS = 5;
const NOISE = /JAXB is unavailable|com\.amazonaws\.log\.JulLog warn/;
const INTERRUPTS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Where the jar lives: `DYNAMODB_LOCAL_DIR`, else `<project>/.dynamodb-local`. */
export function dynamoDbLocalDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DYNAMODB_LOCAL_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../.dynamodb-local');
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const jarDir = dynamoDbLocalDir();
  if (!existsSync(join(jarDir, 'DynamoDBLocal.jar'))) {
    throw new DynamoDbLocalError(
      'JAR_NOT_FOUND',
      `DynamoDB Local is not installed: ${join(jarDir, 'DynamoDBLocal.jar')} is missing. ` +
        'Run npm install (its postinstall fetches it), or point DYNAMODB_LOCAL_DIR at a DynamoDB Local folder.',
    );
  }
  const dbPath = options.dbPath === undefined ? undefined : resolve(options.dbPath);
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const fixedPort = options.port ? options.port : undefined;
  const attempts = fixedPort ? 1 : AUTO_PORT_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await findFreePort());
    if (fixedPort && !(await isPortFree(fixedPort))) {
      throw new DynamoDbLocalError('PORT_IN_USE', `Cannot start DynamoDB Local: port ${fixedPort} is already in use`);
    }
    try {
      return await launch({ jarDir, port, dbPath, quiet: options.quiet ?? false, timeoutMs: options.startTimeoutMs ?? 60_000 });
    } catch (error) {
      // Another process took the free port between our check and the JVM's bind: take another one.
      const retry = error instanceof DynamoDbLocalError && error.code === 'PORT_IN_USE' && attempt < attempts;
      if (!retry) throw error;
    }
  }
}

interface LaunchOptions {
  jarDir: string;
  port: number;
  dbPath: string | undefined;
  quiet: boolean;
  timeoutMs: number;
}

async function launch({ jarDir, port, dbPath, quiet, timeoutMs }: LaunchOptions): Promise<DynamoDbLocal> {
  const cwd = mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const args = [
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    '-sharedDb',
    '-port',
    String(port),
    ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
    '-disableTelemetry',
  ];
  const child = spawn(java, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { banner: false, bindFailed: false, spawnError: undefined as Error | undefined, stopping: false };
  const tail: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
    child.once('error', (error) => {
      state.spawnError = error;
      resolveExit({ code: null, signal: null });
    });
  });
  let hasExited = false;
  void exited.then(({ code, signal }) => {
    hasExited = true;
    releaseOnExit(child);
    rmSync(cwd, { recursive: true, force: true });
    // Ctrl-C in a terminal interrupts the JVM too (same process group): that is no surprise.
    const interrupted = (signal && INTERRUPTS.includes(signal)) || (code !== null && [129, 130, 143].includes(code));
    if (!state.stopping && state.banner && !state.bindFailed && !interrupted) {
      console.error(`[dynamodb-local] exited unexpectedly (code ${code}, signal ${signal})\n${tail.join('\n')}`);
    }
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      if (line.includes('Initializing DynamoDB Local')) state.banner = true;
      if (/Failed to bind|Address already in use/.test(line)) state.bindFailed = true;
      if (!quiet && !NOISE.test(line)) process.stderr.write(`[dynamodb-local] ${line}\n`);
    });
  }
  killOnExit(child, () => rmSync(cwd, { recursive: true, force: true }));

  const stop = async (): Promise<void> => {
    state.stopping = true;
    if (!hasExited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
  };
  const fail = async (code: DynamoDbLocalErrorCode, message: string): Promise<never> => {
    await stop();
    throw new DynamoDbLocalError(code, `${message}${tail.length ? `\nLast output of the JVM:\n${tail.join('\n')}` : ''}`, {
      cause: state.spawnError,
    });
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const probe = new DynamoDBClient({
    endpoint,
    region: LOCAL_DEFAULTS.region,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((state.spawnError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
        return await fail('JAVA_NOT_FOUND', `Cannot run ${java}: DynamoDB Local is a Java program; install a Java runtime (17 is known to work) or set JAVA_HOME.`);
      }
      if (state.bindFailed) return await fail('PORT_IN_USE', `DynamoDB Local could not bind port ${port}.`);
      if (hasExited) return await fail('EXITED', `DynamoDB Local exited during startup (${java} ${args.join(' ')}).`);
      if (Date.now() > deadline) {
        return await fail('START_TIMEOUT', `DynamoDB Local did not answer on port ${port} within ${timeoutMs} ms.`);
      }
      // Before the banner, an answer on this port would come from some other server.
      if (state.banner && (await answers(probe))) {
        await sleep(BIND_GRACE_MS);
        if (!state.bindFailed && !hasExited) break;
      } else {
        await sleep(100);
      }
    }
  } finally {
    probe.destroy();
  }
  return { endpoint, port, pid: child.pid ?? -1, stop: memoize(stop) };
}

async function answers(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    // The JVM binds 0.0.0.0, so the port must be free on every interface, not only on loopback.
    server.listen(0, '0.0.0.0', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolveFree(true)));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

function memoize(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
