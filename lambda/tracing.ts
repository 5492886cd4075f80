/**
 * The Powertools X-Ray tracer: a subsegment for every AWS SDK call, inside the segment Lambda's active
 * tracing opens for each invocation. Outside Lambda it is off by itself.
 *
 * Only the API uses it: a request makes a handful of calls, and their subsegments show where a slow answer
 * waited. The batch functions (aggregator, importer, anomaly job) do not import it. They make thousands
 * of calls per invocation, and the X-Ray SDK it loads keeps its context with cls-hooked, whose async hook
 * runs on every promise of the process from the moment the SDK is imported, whether a call is traced or
 * not (aws/aws-xray-sdk-node#420). In the aggregator that hook cost about a tenth of its CPU per stream
 * record (README, "Performance"). Their invocations are still traced by Lambda: duration, init, errors.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';

export function tracerFor(serviceName: string): Tracer {
  // Responses carry participant data for auditors: never captured into traces.
  return new Tracer({ serviceName, captureHTTPsRequests: true });
}
