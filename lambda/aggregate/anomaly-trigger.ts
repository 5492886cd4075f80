/**
 * The aggregator's side of "anomalies after every import": after a batch that applied records, stamp the
 * request and, if no run is under way, start one asynchronously (a Lambda Event invocation in AWS, an
 * in-process call locally). Not from the importer: the run must see the rollups with the import's
 * records applied, and only the aggregator knows when that is.
 */
import type { AnomalyRunState } from '../store/anomaly-run-state.js';
import { ANOMALY_RUN_SETTINGS } from './anomaly-run-settings.js';

/** Starts an anomaly run without waiting for it. */
export type AnomalyInvoker = () => Promise<void>;

/** The event the aggregator invokes the anomaly function with (a scheduled run has another shape). */
export const AGGREGATOR_EVENT = { source: 'jamrep.aggregator', 'detail-type': 'RecordsApplied' } as const;

let localInvoker: AnomalyInvoker | undefined;

/** Locally (npm start, tests): the function that runs the anomaly module in this process. */
export function useLocalAnomalyInvoker(invoker: AnomalyInvoker | undefined): void {
  localInvoker = invoker;
}

let lambdaInvoker: AnomalyInvoker | undefined;

/** The invoker of this process: the local one, or the anomaly function named by ANOMALY_FUNCTION_NAME; none = no trigger. */
export function anomalyInvoker(env: NodeJS.ProcessEnv = process.env): AnomalyInvoker | undefined {
  if (localInvoker) return localInvoker;
  const name = env.ANOMALY_FUNCTION_NAME;
  if (!name) return undefined;
  lambdaInvoker ??= async () => {
    // Loaded on first use: most batches find a run under way and never invoke.
    const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
    await new LambdaClient({}).send(
      new InvokeCommand({ FunctionName: name, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(AGGREGATOR_EVENT)) }),
    );
  };
  return lambdaInvoker;
}

/**
 * Stamps the request, then claims and starts a run if none is under way. Returns whether it started one.
 * A failed invocation releases the claim and is reported to the caller's log, never failing the batch
 * (the rollups are right; the next batch or the schedule starts the run).
 */
export async function requestAnomalyRun(state: AnomalyRunState, invoke: AnomalyInvoker, now = Date.now()): Promise<boolean> {
  await state.request(now);
  if (!(await state.claim(now, now - ANOMALY_RUN_SETTINGS.staleMs))) return false;
  try {
    await invoke();
  } catch (e) {
    await state.release();
    throw e;
  }
  return true;
}
