/**
 * A Lambda function as every jamrep function is run: Node 22 on Graviton, bundled by the local
 * esbuild from `cdk/bundling.ts`, X-Ray active tracing, Powertools configured by environment, its
 * own log group with a retention, and its own role that starts with nothing but writing to that
 * log group. Each caller then grants exactly what the function needs.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEPS_LOCK_FILE, nodejsBundlingOptions, PROJECT_ROOT, type LambdaEntry } from '../bundling.js';
import type { EnvironmentConfig } from '../config.js';

/** CloudWatch namespace of the Powertools metrics of every function. */
export const METRICS_NAMESPACE = 'Jamrep';

export interface JamrepFunctionProps {
  readonly config: EnvironmentConfig;
  readonly entry: LambdaEntry;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeout: Duration;
  /** Variables beyond the common ones (table names are common: the config loader needs both). */
  readonly environment: Record<string, string>;
  readonly tables: { readonly records: string; readonly stats: string };
  readonly onFailure?: lambda.IDestination;
  readonly retryAttempts?: number;
  readonly maxEventAge?: Duration;
  /**
   * Why any statement beyond X-Ray's needs `Resource: *` (e.g. dynamodb:ListStreams); it becomes
   * part of the cdk-nag acknowledgement, so an unexplained wildcard cannot slip in.
   */
  readonly otherWildcardResources?: string;
}

export class JamrepFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: JamrepFunctionProps) {
    super(scope, id);
    const { config, entry } = props;
    const functionName = `${config.prefix}-${entry.id}`;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });

    // An own role instead of the default one: the default attaches AWSLambdaBasicExecutionRole,
    // which may create log groups and write to any of them.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      functionName,
      description: props.description,
      entry: `${PROJECT_ROOT}/${entry.entry}`,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: DEPS_LOCK_FILE,
      bundling: nodejsBundlingOptions(entry),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      onFailure: props.onFailure,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      environment: {
        RECORDS_TABLE: props.tables.records,
        STATS_TABLE: props.tables.stats,
        JAMREP_ENV: config.production ? 'production' : config.name,
        POWERTOOLS_SERVICE_NAME: `jamrep-${entry.id}`,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        LOG_LEVEL: config.logLevel,
        // Responses carry participant data for auditors; they must not be copied into X-Ray traces.
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray active tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions. ' +
        (props.otherWildcardResources ?? 'No other statement of this role uses "*".'),
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: it is the bundle target (node22), and nodejs20.x is past its end of support. The tests run on Node 22 too (.ci/run installs it when the build machine\'s Node is older); moving to nodejs24.x is a tested upgrade of the whole toolchain, not a runtime switch.',
    });
  }
}
