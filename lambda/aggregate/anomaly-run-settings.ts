/**
 * When the anomaly job runs by itself after imports (aggregate/anomaly-trigger.ts): shared by the code
 * and the CDK stack, so the function's timeout and the debounce agree.
 */
export const ANOMALY_RUN_SETTINGS = {
  /**
   * A run starts once no stream batch has applied records for this long: an import's batches follow
   * each other within seconds, so one run covers the whole import instead of one per batch (each run
   * scans the records table and recounts the rollups).
   */
  quietMs: 60_000,
  /** A claimed run that has not finished after this long is taken as lost; the next batch starts another. */
  staleMs: 30 * 60_000,
} as const;

export function anomalyQuietMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ANOMALY_QUIET_MS;
  if (raw === undefined || raw === '') return ANOMALY_RUN_SETTINGS.quietMs;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Configuration: ANOMALY_QUIET_MS must be a whole number of milliseconds, got "${raw}"`);
  return n;
}
