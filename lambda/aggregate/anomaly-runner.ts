/**
 * The anomaly function's side of "anomalies after every import": wait until no batch has been applied
 * for the quiet period, run the job, and finish only if no batch came in meanwhile; otherwise run again,
 * so the last batch of an import is always covered by a run that started after it.
 */
import type { AnomalyRunState } from '../store/anomaly-run-state.js';

export interface RunnerDeps {
  state: AnomalyRunState;
  /** Runs the anomaly job; returns the rollups' asOf it read. */
  job: () => Promise<{ asOf: string | undefined }>;
  quietMs: number;
  /** Time left before the function times out. */
  remainingMs: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function runAfterQuiet(deps: RunnerDeps): Promise<{ runs: number; finished: boolean }> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? pause;
  let runs = 0;
  let lastRunMs = 0;
  for (;;) {
    const s = await deps.state.get();
    const wait = (s.requestedAt ?? 0) + deps.quietMs - now();
    // Room for the wait and a run as long as the last one (the first run's length is unknown).
    if (deps.remainingMs() < Math.max(0, wait) + 2 * lastRunMs + 1_000) {
      await deps.state.release();
      return { runs, finished: false };
    }
    if (wait > 0) {
      await sleep(wait);
      continue;
    }
    const started = now();
    const { asOf } = await deps.job();
    runs++;
    lastRunMs = now() - started;
    if (await deps.state.finish(s.requestedAt, { at: new Date(now()).toISOString(), asOf })) return { runs, finished: true };
  }
}
