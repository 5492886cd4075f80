/**
 * The anomaly job: a function that recounts the raw records, stores the anomalies auditors read through
 * the API (which never scans), and reports rollup drift. It runs by itself after imports: the aggregator
 * invokes it asynchronously after batches that applied records, and it waits until the import has
 * settled (debounced through one item in the stats table, lambda/store/anomaly-run-state.ts), so an
 * import of many batches costs one run of its table scans, not one per batch. The schedule stays as a
 * safety net (a lost invocation, or data changed outside the stream).
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LAMBDA_ENTRIES } from '../bundling.js';
import type { EnvironmentConfig } from '../config.js';
import { journalKeys, ROLLUP_KEY_PREFIX } from '../../lambda/store/keys.js';
import type { Data } from './data.js';
import { JamrepFunction } from './jamrep-function.js';

export interface AuditJobsProps {
  readonly config: EnvironmentConfig;
  readonly data: Data;
  /** The stream aggregator, which starts a run after batches that applied records. */
  readonly aggregator: JamrepFunction;
}

export class AuditJobs extends Construct {
  readonly anomalies: JamrepFunction;

  constructor(scope: Construct, id: string, props: AuditJobsProps) {
    super(scope, id);
    const { config, data, aggregator } = props;
    this.anomalies = new JamrepFunction(this, 'Anomalies', {
      config,
      entry: LAMBDA_ENTRIES.anomalies,
      description: 'Recomputes the anomalies auditors see (double funding, over-billing, claims outside coverage, drift) and stores them',
      memoryMb: config.auditJobs.memoryMb,
      timeout: config.auditJobs.timeout,
      tables: { records: data.tables.records.tableName, stats: data.tables.stats.tableName },
      environment: {},
    });
    const role = this.anomalies.function;
    // Scans are the job's purpose: it recounts everything the stream maintained.
    role.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'ScanRecords', actions: ['dynamodb:Scan'], resources: [data.tables.records.tableArn] }),
    );
    role.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReplaceAnomalies',
        actions: ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [data.tables.stats.tableArn],
      }),
    );
    // The job reads the rollups' asOf and the intent heads (BatchGetItem), and the marker sweep removes
    // finished intents' markers from rollup items (UpdateItem DELETE, rollup items only). Without these
    // the job failed in AWS at its first journal read; DynamoDB Local checks no permissions.
    role.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'ReadJournal', actions: ['dynamodb:BatchGetItem'], resources: [data.tables.stats.tableArn] }),
    );
    role.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'SweepMarkers',
        actions: ['dynamodb:UpdateItem'],
        resources: [data.tables.stats.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${ROLLUP_KEY_PREFIX}*`] } },
      }),
    );
    // The debounce item only (aggregate/anomaly-runner.ts): read it, finish or release a run.
    role.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'DebounceAnomalyRuns',
        actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        resources: [data.tables.stats.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [journalKeys.anomalyRun().pk] } },
      }),
    );
    // The aggregator starts runs: Event invocations of this one function (no alias or version wildcard).
    aggregator.function.addEnvironment('ANOMALY_FUNCTION_NAME', this.anomalies.function.functionName);
    aggregator.function.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'StartAnomalyRuns', actions: ['lambda:InvokeFunction'], resources: [this.anomalies.function.functionArn] }),
    );
    data.key.grantDecrypt(role);
    data.key.grant(role, 'kms:GenerateDataKey', 'kms:Encrypt');
    new events.Rule(this, 'Schedule', {
      description: 'Runs the anomaly job',
      schedule: events.Schedule.rate(config.auditJobs.every),
      targets: [new targets.LambdaFunction(this.anomalies.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });
  }
}
