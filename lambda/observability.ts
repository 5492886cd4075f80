/**
 * Powertools for AWS Lambda, one set per function: structured logger and CloudWatch metrics (EMF). The
 * local platform quiets metrics and info logs through POWERTOOLS_METRICS_DISABLED and POWERTOOLS_LOG_LEVEL.
 * Every function is traced by Lambda itself (X-Ray active tracing, cdk/constructs/jamrep-function.ts);
 * the SDK-level tracer that adds a subsegment per AWS call is separate (tracing.ts), for the API only.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export function powertools(serviceName: string) {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Jamrep', serviceName }),
  };
}
