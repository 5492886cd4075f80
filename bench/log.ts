/**
 * Progress lines for a run that takes many minutes: every line carries the time since the benchmark
 * started, and long phases report at a fixed interval instead of per item, so the output stays
 * readable in a CI log as well as in a terminal.
 */
import { performance } from 'node:perf_hooks';

const origin = Number(process.env.BENCH_STARTED_AT ?? Date.now());

function clock(): string {
  const s = Math.max(0, (Date.now() - origin) / 1000);
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
}

export function log(scope: string, message: string): void {
  console.log(`[${clock()}] ${scope.padEnd(14)} ${message}`);
}

/** Calls `report` every `intervalMs` until the returned function is called. */
export function every(intervalMs: number, report: () => void): () => void {
  const timer = setInterval(report, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Milliseconds elapsed since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)),
  s: (ms: number) => (ms / 1000).toFixed(1),
  rate: (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1)),
};
