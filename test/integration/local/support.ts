/** Helpers shared by the local-platform tests: each test file runs its own DynamoDB Local. */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../../lambda/local/dynamodb-local.js';
import { createLocalClients, destroyLocalClients, type LocalClients } from '../../../lambda/local/local-clients.js';
import type { TableNames } from '../../../lambda/local/create-tables.js';

export interface LocalDatabase extends LocalClients {
  dynamo: DynamoDbLocal;
  close(): Promise<void>;
}

/** A JVM start takes ~2 s alone, longer when several test files start one at once. */
export const START_TIMEOUT_MS = 90_000;

export async function startLocalDatabase(): Promise<LocalDatabase> {
  const dynamo = await startDynamoDbLocal({ quiet: true });
  const clients = createLocalClients(dynamo.endpoint);
  return {
    dynamo,
    ...clients,
    async close() {
      destroyLocalClients(clients);
      await dynamo.stop();
    },
  };
}

/** Fresh table names, so tests sharing a database never see each other's rows. */
export function uniqueTableNames(): TableNames {
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  return { recordsTable: `${prefix}-records`, statsTable: `${prefix}-stats` };
}

/**
 * Whether a process with this id is still running. Signal 0 tests for existence without signalling; a
 * zombie (exited, not yet reaped: an orphan whose new parent does not reap, as in some containers)
 * counts as gone.
 */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // Without /proc (macOS) existence is all we can tell; with it, a missing entry means just exited.
    return !existsSync('/proc/self/stat');
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const silentLogger = { warn: () => undefined, error: () => undefined };
