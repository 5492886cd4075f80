/**
 * Locally (npm start, tests) the aggregator's "start an anomaly run" calls the anomaly function's
 * handler in this process, without waiting for it, as Lambda's Event invocation would; `idle()` waits
 * for the runs under way (tests, the demo load).
 */
import { AGGREGATOR_EVENT, type AnomalyInvoker } from '../aggregate/anomaly-trigger.js';

export interface LocalAnomalyRuns {
  invoke: AnomalyInvoker;
  /** Resolves once no run is under way (including runs started while waiting). */
  idle(): Promise<void>;
  /** Runs started so far. */
  started(): number;
}

export function localAnomalyRuns(onError: (e: unknown) => void): LocalAnomalyRuns {
  const inFlight = new Set<Promise<void>>();
  let count = 0;
  return {
    invoke: async () => {
      count++;
      const run: Promise<void> = (async () => {
        const { handler } = await import('../aggregate/anomaly-handler.js');
        await handler(AGGREGATOR_EVENT);
      })()
        .catch(onError)
        .finally(() => inFlight.delete(run));
      inFlight.add(run);
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    started: () => count,
  };
}
