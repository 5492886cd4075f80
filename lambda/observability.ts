/**
 * Powertools for AWS Lambda, one set per function: structured logger, CloudWatch metrics (EMF) and X-Ray
 * tracer. Outside Lambda the tracer is off by itself; the local platform quiets metrics and info logs
 * through POWERTOOLS_METRICS_DISABLED and POWERTOOLS_LOG_LEVEL.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export function powertools(serviceName: string) {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Jamrep', serviceName }),
    // Responses carry participant data for auditors: never captured into traces.
    tracer: new Tracer({ serviceName, captureHTTPsRequests: true }),
  };
}
