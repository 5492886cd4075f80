/**
 * The anomaly job: a scheduled function that recounts the raw records, stores the anomalies auditors
 * read through the API (which never scans), and reports rollup drift. Its reads are table scans by
 * design, so it runs on a schedule rather than per import.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LAMBDA_ENTRIES } from '../bundling.js';
import type { EnvironmentConfig } from '../config.js';
import type { Data } from './data.js';
import { JamrepFunction } from './jamrep-function.js';

export interface AuditJobsProps {
  readonly config: EnvironmentConfig;
  readonly data: Data;
}

export class AuditJobs extends Construct {
  readonly anomalies: JamrepFunction;

  constructor(scope: Construct, id: string, props: AuditJobsProps) {
    super(scope, id);
    const { config, data } = props;
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
    data.key.grantDecrypt(role);
    data.key.grant(role, 'kms:GenerateDataKey', 'kms:Encrypt');
    new events.Rule(this, 'Schedule', {
      description: 'Runs the anomaly job',
      schedule: events.Schedule.rate(config.auditJobs.every),
      targets: [new targets.LambdaFunction(this.anomalies.function, { retryAttempts: 2, maxEventAge: Duration.hours(1) })],
    });
  }
}
