/**
 * The whole platform in one stack, composed of one construct per concern. Deployed once per
 * environment (`jamrep-dev`, `jamrep-prod`).
 */
import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from './config.js';
import { Api } from './constructs/api.js';
import { AuditJobs } from './constructs/audit-jobs.js';
import { Dashboard, s3BucketOrigin } from './constructs/dashboard.js';
import { Data } from './constructs/data.js';
import { Exports } from './constructs/exports.js';
import { Ingestion } from './constructs/ingestion.js';
import { Observability } from './constructs/observability.js';

export interface JamrepStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** The built dashboard to deploy. Default `web/dist` (cdk/app.ts builds it before synthesis). */
  readonly dashboardBuildDir?: string;
}

export class JamrepStack extends Stack {
  readonly data: Data;
  readonly ingestion: Ingestion;
  readonly api: Api;
  readonly exports: Exports;
  readonly dashboard: Dashboard;
  readonly auditJobs: AuditJobs;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: JamrepStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('project', 'jamrep');
    Tags.of(this).add('environment', config.name);

    this.data = new Data(this, 'Data', { config });
    this.ingestion = new Ingestion(this, 'Ingestion', { config, data: this.data });
    // The dashboard's origin comes first: the API allows it (CORS) and Cognito returns to it.
    this.dashboard = new Dashboard(this, 'Dashboard', {
      config,
      buildDir: props.dashboardBuildDir,
      serverAccessLogsBucket: this.ingestion.accessLogsBucket,
      // The upload page PUTs files straight to the ingestion bucket: its CSP must let it.
      uploadOrigin: s3BucketOrigin(this.ingestion.bucketName, this.region),
    });
    this.api = new Api(this, 'Api', { config, data: this.data, dashboardOrigin: this.dashboard.origin });
    // Uploads from the dashboard: presigned PUTs the API signs, from the origins the API allows.
    this.ingestion.allowDashboardUploads(this.api.handler, this.api.dashboardOrigins);
    this.exports = new Exports(this, 'Exports', { config, data: this.data, accessLogsBucket: this.ingestion.accessLogsBucket, api: this.api.handler });
    this.dashboard.publish(
      { graphqlUrl: this.api.graphqlUrl, auth: { mode: 'cognito', ...this.api.hostedSignIn } },
      [this.api.signInDomain],
    );
    this.auditJobs = new AuditJobs(this, 'AuditJobs', { config, data: this.data, aggregator: this.ingestion.aggregator });
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
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.userPoolClient.userPoolClientId, description: 'Dashboard app client (hosted sign-in with code + PKCE, or SRP)' });
    new CfnOutput(this, 'DashboardUrl', { value: this.dashboard.origin, description: 'The reference dashboard (CloudFront)' });
    new CfnOutput(this, 'SignInDomain', { value: config.auth.signInDomain, description: 'Cognito hosted sign-in domain' });
    new CfnOutput(this, 'UploadBucketName', { value: this.ingestion.bucket.bucketName, description: 'Upload CSV files under participants/, contributions/, claims/, budgets/ or targets/' });
    new CfnOutput(this, 'DataKeyArn', { value: this.data.key.keyArn, description: 'KMS key uploaders need kms:GenerateDataKey on' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.topic.topicArn });
    new CfnOutput(this, 'TablePrefix', { value: config.prefix, description: 'Tables are <prefix>-records and <prefix>-stats (TABLE_NAME for the operator tools)' });
  }
}
