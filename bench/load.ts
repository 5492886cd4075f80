/** The load run: autocannon against the local server, from a separate process. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchAuth } from './auth.js';
import type { DashboardQuery } from './dashboard-queries.js';

export interface LoadResult {
  durationSeconds: number;
  connections: number;
  queries: string[];
  requests: { average: number; p50: number; min: number; max: number };
  latency: { average: number; p50: number; p90: number; p99: number; max: number };
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}

const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url));

export async function runLoad(
  url: string,
  auth: BenchAuth,
  queries: readonly DashboardQuery[],
  connections: number,
  durationSeconds: number,
): Promise<LoadResult> {
  const requests = await Promise.all(
    queries.map(async (q) => ({
      method: 'POST',
      headers: await auth.headers(q.role),
      body: JSON.stringify({ query: q.query, variables: q.variables ?? {} }),
    })),
  );
  const env = { ...process.env, BENCH_LOAD: JSON.stringify({ url, connections, durationSeconds, requests }) };
  const line = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const found = stdout.split('\n').find((l) => l.startsWith('BENCH-LOAD '));
      if (found) resolve(found.slice('BENCH-LOAD '.length));
      else reject(new Error(`load worker exited with ${code}:\n${stderr.slice(-2000)}`));
    });
  });
  return { ...(JSON.parse(line) as Omit<LoadResult, 'queries'>), queries: queries.map((q) => q.id) };
}
