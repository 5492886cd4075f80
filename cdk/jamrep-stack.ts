/**
 * The whole platform in one stack, composed of one construct per concern. Deployed once per
 * environment (`jamrep-dev`, `jamrep-prod`).
 */
import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from './config.js';
import { Api } from './constructs/api.js';
import { AuditJobs } from './constructs/audit-jobs.js';
import { Data } from './constructs/data.js';
import { Ingestion } from './constructs/ingestion.js';
import { Observability } from './constructs/observability.js';

export interface JamrepStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

export class JamrepStack extends Stack {
  readonly data: Data;
  readonly ingestion: Ingestion;
  readonly api: Api;
  readonly auditJobs: AuditJobs;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: JamrepStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('project', 'jamrep');
    Tags.of(this).add('environment', config.name);

    this.data = new Data(this, 'Data', { config });
    this.ingestion = new Ingestion(this, 'Ingestion', { config, data: this.data });
    this.api = new Api(this, 'Api', { config, data: this.data });
    this.auditJobs = new AuditJobs(this, 'AuditJobs', { config, data: this.data });
    this.observability = new Observability(this, 'Observability', {
      config,
      httpApi: this.api.httpApi,
      functions: {
        Api: this.api.handler.function,
        Importer: this.ingestion.importer.function,
        Aggregator: this.ingestion.aggregator.function,
        Anomalies: this.auditJobs.anomalies.function,
      },
      streamConsumer: this.ingestion.aggregator.function,
      failureQueues: {
        ImportFailures: this.ingestion.importFailures,
        AggregationFailures: this.ingestion.aggregationFailures,
      },
    });

    new CfnOutput(this, 'GraphqlUrl', { value: this.api.graphqlUrl, description: 'GraphQL endpoint (POST, Authorization: Bearer <ID token>)' });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.userPoolClient.userPoolClientId, description: 'Dashboard app client (SRP)' });
    new CfnOutput(this, 'UploadBucketName', { value: this.ingestion.bucket.bucketName, description: 'Upload CSV files under participants/, contributions/, claims/, budgets/ or targets/' });
    new CfnOutput(this, 'DataKeyArn', { value: this.data.key.keyArn, description: 'KMS key uploaders need kms:GenerateDataKey on' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    new CfnOutput(this, 'TablePrefix', { value: config.prefix, description: 'Tables are <prefix>-records and <prefix>-stats (TABLE_NAME for the operator tools)' });
  }
}
