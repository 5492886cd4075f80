/**
 * Template assertions for the properties the platform's users, data owners and operators rely on.
 * Expected values are the requirements (issue 4 and the fixed inputs), written out here.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STREAM_SETTINGS } from '../../lambda/aggregate/stream-settings.js';
import {
  actionsOn,
  allActions,
  functionLogicalId,
  getAtt,
  onlyResource,
  PROD_ORIGIN,
  resources,
  roleStatements,
  synthesized,
} from './support.js';

const dev = () => synthesized('dev');
const prod = () => synthesized('prod');

beforeAll(() => {
  dev();
  prod();
});

const tableId = (name: string) => onlyResource(dev().template, 'AWS::DynamoDB::Table', { TableName: name })[0];
const dataKeyId = () => onlyResource(dev().template, 'AWS::KMS::Key', { Description: Match.stringLikeRegexp('participant records') })[0];
const queueId = (pathPart: string) => {
  const ids = Object.keys(resources(dev().template, 'AWS::SQS::Queue')).filter((id) => id.includes(pathPart));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('data', () => {
  it('keeps raw records in an on-demand table with PITR, the customer-managed key and a stream of old and new images', () => {
    dev().template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'jamrep-dev-records',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(dataKeyId()) },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'participants-by-regency',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('keeps statistics in an on-demand table with PITR, the same key, TTL on expiresAt and no stream', () => {
    const [, stats] = onlyResource(dev().template, 'AWS::DynamoDB::Table', { TableName: 'jamrep-dev-stats' });
    expect(stats.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(dataKeyId()) },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(stats.Properties).not.toHaveProperty('StreamSpecification');
    expect(stats.Properties).not.toHaveProperty('GlobalSecondaryIndexes');
  });

  it('rotates the customer-managed keys', () => {
    const keys = Object.values(resources(dev().template, 'AWS::KMS::Key'));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.Properties!.EnableKeyRotation).toBe(true);
  });

  it('generates the NIK hash key as a secret encrypted with the customer-managed key', () => {
    dev().template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'jamrep-dev/nik-hash-key',
      KmsKeyId: getAtt(dataKeyId()),
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });

  it('retains tables, bucket, key, secret and user pool in prod, with deletion protection', () => {
    const { template } = prod();
    for (const table of Object.values(resources(template, 'AWS::DynamoDB::Table'))) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties!.DeletionProtectionEnabled).toBe(true);
    }
    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::SecretsManager::Secret', 'AWS::Cognito::UserPool']) {
      for (const resource of Object.values(resources(template, type))) expect(resource.DeletionPolicy, type).toBe('Retain');
    }
    template.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });

  it('lets a dev stack be deleted', () => {
    for (const table of Object.values(resources(dev().template, 'AWS::DynamoDB::Table'))) {
      expect(table.DeletionPolicy).toBe('Delete');
      expect(table.Properties!.DeletionProtectionEnabled).toBe(false);
    }
  });
});

describe('ingestion', () => {
  const uploadBucket = () =>
    onlyResource(dev().template, 'AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });

  it('stores uploads in a private, versioned bucket encrypted with the customer-managed key', () => {
    const [, bucket] = uploadBucket();
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(dataKeyId()) } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      // Server access logs go to the other (SSE-S3) bucket.
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.not.stringMatching(uploadBucket()[0]) } },
    });
  });

  it('expires superseded versions and abandoned multipart uploads', () => {
    const [, bucket] = uploadBucket();
    const rules = (bucket.Properties!.LifecycleConfiguration as { Rules: Array<Record<string, unknown>> }).Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Status: 'Enabled',
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      }),
    );
  });

  it('refuses any request to any bucket that is not over TLS', () => {
    const policies = Object.values(resources(dev().template, 'AWS::S3::BucketPolicy'));
    // One policy per bucket (upload, access logs, and those of the other constructs).
    expect(policies).toHaveLength(Object.keys(resources(dev().template, 'AWS::S3::Bucket')).length);
    for (const policy of policies) {
      expect((policy.Properties!.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('invokes the importer for files created under the five import folders, and parks failed imports in a queue', () => {
    const { template } = dev();
    const [uploadsId, bucket] = uploadBucket();
    const importer = functionLogicalId(template, 'jamrep-dev-importer');
    const configurations = (bucket.Properties!.NotificationConfiguration as { LambdaConfigurations: unknown[] }).LambdaConfigurations;
    expect(configurations).toEqual(
      ['participants/', 'contributions/', 'claims/', 'budgets/', 'targets/'].map((prefix) => ({
        Event: 's3:ObjectCreated:*',
        Function: getAtt(importer),
        Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: prefix }] } },
      })),
    );
    // Only this bucket, in this account, may invoke the importer; the permission exists before S3 checks it.
    const [permissionId, permission] = onlyResource(template, 'AWS::Lambda::Permission', { Principal: 's3.amazonaws.com' });
    expect(permission.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      FunctionName: getAtt(importer),
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::jamrep-dev-uploads-', { Ref: 'AWS::AccountId' }, '-ap-southeast-3']],
      },
    });
    expect(bucket.Properties!.BucketName).toEqual({
      'Fn::Join': ['', ['jamrep-dev-uploads-', { Ref: 'AWS::AccountId' }, '-ap-southeast-3']],
    });
    expect(template.toJSON().Resources[uploadsId].DependsOn).toContain(permissionId);
    // A failed import (after its retries) lands in the queue.
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: importer },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: getAtt(queueId('ImportFailures')) } },
    });
  });

  it('feeds the records stream to the aggregator with bisection, partial batch failures, bounded retries and an on-failure queue', () => {
    dev().template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: getAtt(tableId('jamrep-dev-records'), 'StreamArn'),
      FunctionName: { Ref: functionLogicalId(dev().template, 'jamrep-dev-aggregator') },
      StartingPosition: STREAM_SETTINGS.startingPosition,
      BatchSize: STREAM_SETTINGS.batchSize,
      MaximumBatchingWindowInSeconds: STREAM_SETTINGS.maximumBatchingWindowSeconds,
      MaximumRetryAttempts: STREAM_SETTINGS.maximumRetryAttempts,
      MaximumRecordAgeInSeconds: STREAM_SETTINGS.maximumRecordAgeSeconds,
      ParallelizationFactor: STREAM_SETTINGS.parallelizationFactor,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt(queueId('AggregationFailures')) } },
    });
    // "Bounded": -1 would mean retry until the record expires from the stream.
    expect(STREAM_SETTINGS.maximumRetryAttempts).toBeGreaterThanOrEqual(0);
    expect(STREAM_SETTINGS.maximumRetryAttempts).toBeLessThanOrEqual(10);
  });

  it('encrypts the failure queues and refuses non-TLS access to them', () => {
    const queues = resources(dev().template, 'AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queue of Object.values(queues)) expect(queue.Properties!.SqsManagedSseEnabled).toBe(true);
    for (const policy of Object.values(resources(dev().template, 'AWS::SQS::QueuePolicy'))) {
      expect((policy.Properties!.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('functions', () => {
  it('runs exactly the four jamrep functions, on nodejs22.x arm64 with X-Ray active tracing', () => {
    const all = Object.values(resources(dev().template, 'AWS::Lambda::Function'));
    // Besides them only CDK's BucketDeployment function, which uploads the dashboard during deployments.
    const functions = all.filter((f) => f.Properties!.FunctionName !== undefined);
    expect(all.filter((f) => f.Properties!.FunctionName === undefined).map((f) => f.Properties!.LoggingConfig)).toEqual([
      { LogGroup: { Ref: expect.stringMatching(/^DashboardDeploymentLogs/) } },
    ]);
    expect(functions.map((f) => f.Properties!.FunctionName).sort()).toEqual([
      'jamrep-dev-aggregator',
      'jamrep-dev-anomalies',
      'jamrep-dev-api',
      'jamrep-dev-importer',
    ]);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('configures Powertools and the table names in every function, without capturing responses in traces', () => {
    for (const [name, service] of [
      ['jamrep-dev-api', 'jamrep-api'],
      ['jamrep-dev-importer', 'jamrep-importer'],
      ['jamrep-dev-aggregator', 'jamrep-aggregator'],
    ] as const) {
      dev().template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: name,
        Environment: {
          Variables: Match.objectLike({
            RECORDS_TABLE: { Ref: tableId('jamrep-dev-records') },
            STATS_TABLE: { Ref: tableId('jamrep-dev-stats') },
            JAMREP_ENV: 'dev',
            POWERTOOLS_SERVICE_NAME: service,
            POWERTOOLS_METRICS_NAMESPACE: 'Jamrep',
            LOG_LEVEL: 'DEBUG',
            POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
          }),
        },
      });
    }
    prod().template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'jamrep-prod-api',
      Environment: {
        Variables: Match.objectLike({
          JAMREP_ENV: 'production',
          LOG_LEVEL: 'INFO',
          ALLOWED_ORIGINS: {
            'Fn::Join': ['', [`${PROD_ORIGIN},https://`, getAtt(onlyResource(prod().template, 'AWS::CloudFront::Distribution')[0], 'DomainName')]],
          },
        }),
      },
    });
  });

  it('gives the NIK hash key secret to the importer and the API only', () => {
    const { template } = dev();
    const [secretId] = onlyResource(template, 'AWS::SecretsManager::Secret');
    const holders = ['jamrep-dev-api', 'jamrep-dev-importer', 'jamrep-dev-aggregator'].filter(
      (name) => actionsOn(roleStatements(template, name), { Ref: secretId }).includes('secretsmanager:GetSecretValue'),
    );
    expect(holders).toEqual(['jamrep-dev-api', 'jamrep-dev-importer']);
    for (const name of holders) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: name,
        Environment: { Variables: Match.objectLike({ NIK_HASH_KEY_SECRET_ARN: { Ref: secretId } }) },
      });
    }
  });

  it('writes every log group with a retention', () => {
    const retention = (template: ReturnType<typeof dev>['template']) =>
      Object.values(resources(template, 'AWS::Logs::LogGroup')).map((g) => g.Properties!.RetentionInDays);
    expect(retention(dev().template).length).toBeGreaterThanOrEqual(5);
    expect(new Set(retention(dev().template))).toEqual(new Set([14]));
    expect(new Set(retention(prod().template))).toEqual(new Set([365]));
  });
});

describe('least privilege', () => {
  const WRITES = [
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:PartiQLInsert',
    'dynamodb:PartiQLUpdate',
    'dynamodb:PartiQLDelete',
  ];
  const records = () => getAtt(tableId('jamrep-dev-records'));
  const stats = () => getAtt(tableId('jamrep-dev-stats'));
  const recordsIndex = () => ({ 'Fn::Join': ['', [records(), '/index/participants-by-regency']] });

  it('lets the API read statistics, drill into a regency\'s participants, append to the audit log and close periods, and write nothing else', () => {
    const statements = roleStatements(dev().template, 'jamrep-dev-api');
    expect(actionsOn(statements, stats())).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    // Closing a period: PutItem on the stats table, only on closed-period partition keys.
    const close = statements.filter((st) => st.Action.includes('dynamodb:PutItem') && JSON.stringify(st.Resource).includes(JSON.stringify(stats())));
    expect(close).toEqual([expect.objectContaining({ Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CLOSE#v1#*'] } } })]);
    expect(actionsOn(statements, records())).toEqual(['dynamodb:GetItem']);
    expect(actionsOn(statements, recordsIndex())).toEqual(['dynamodb:Query']);
    // The audit table: append to the chains, Query for the auditors' views, GetItem for upload status (audit-table.test.ts).
    expect(actionsOn(statements, getAtt(tableId('jamrep-dev-audit')))).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    expect(allActions(statements, 'dynamodb:')).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    // The only writes: appending audit entries, and closed-period items (conditioned above).
    const writes = statements.filter((st) => st.Effect === 'Allow' && st.Action.some((a) => WRITES.includes(a)));
    expect(writes.flatMap((st) => st.Resource)).toEqual([stats(), getAtt(tableId('jamrep-dev-audit'))]);
    expect(writes.flatMap((st) => st.Action.filter((a) => WRITES.includes(a)))).toEqual(['dynamodb:PutItem', 'dynamodb:PutItem']);
    // DynamoDB encrypts the appended entries under the table's key on the API's behalf.
    expect([...new Set(actionsOn(statements, getAtt(dataKeyId())))]).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
    // S3: writing and presigning its own exports (test/cdk/exports.test.ts), signing upload PUTs (uploads.test.ts).
    expect(allActions(statements, 's3:')).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(allActions(statements, 'sqs:')).toEqual([]);
  });

  it('lets the importer write raw records and read uploads, and touch no statistics', () => {
    const statements = roleStatements(dev().template, 'jamrep-dev-importer');
    expect(actionsOn(statements, records())).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(actionsOn(statements, stats())).toEqual([]);
    expect(allActions(statements, 'dynamodb:')).not.toContain('dynamodb:DeleteItem');
    expect(allActions(statements, 'dynamodb:')).not.toContain('dynamodb:Scan');
    const uploads = (kind: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::jamrep-dev-uploads-', { Ref: 'AWS::AccountId' }, `-ap-southeast-3/${kind}/*`]],
    });
    expect(allActions(statements, 's3:')).toEqual(['s3:GetObject']);
    for (const kind of ['participants', 'contributions', 'claims', 'budgets', 'targets']) {
      expect(actionsOn(statements, uploads(kind)), kind).toEqual(['s3:GetObject']);
    }
    expect(actionsOn(statements, getAtt(queueId('ImportFailures')))).toContain('sqs:SendMessage');
  });

  it('lets the aggregator read the records stream and maintain statistics, and write no record', () => {
    const statements = roleStatements(dev().template, 'jamrep-dev-aggregator');
    expect(actionsOn(statements, getAtt(tableId('jamrep-dev-records'), 'StreamArn'))).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
    ]);
    expect(actionsOn(statements, stats())).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(actionsOn(statements, records())).toEqual([]);
    expect(actionsOn(statements, getAtt(queueId('AggregationFailures')))).toContain('sqs:SendMessage');
    expect(allActions(statements, 'secretsmanager:')).toEqual([]);
    expect(allActions(statements, 's3:')).toEqual([]);
  });

  it('uses "*" only for actions that have no resource-level permissions', () => {
    const unscopable = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'dynamodb:ListStreams'];
    for (const name of ['jamrep-dev-api', 'jamrep-dev-importer', 'jamrep-dev-aggregator']) {
      const wildcard = roleStatements(dev().template, name).filter((s) => s.Resource.includes('*'));
      for (const statement of wildcard) expect(unscopable, name).toEqual(expect.arrayContaining(statement.Action));
    }
  });

  it('writes each function\'s logs to its own log group only', () => {
    for (const name of ['jamrep-dev-api', 'jamrep-dev-importer', 'jamrep-dev-aggregator']) {
      const logs = roleStatements(dev().template, name).filter((s) => s.Action.some((a) => a.startsWith('logs:')));
      expect(logs).toHaveLength(1);
      expect(logs[0]!.Action.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      const [, fn] = onlyResource(dev().template, 'AWS::Lambda::Function', { FunctionName: name });
      const logGroupId = ((fn.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup).Ref;
      expect(logs[0]!.Resource).toEqual([getAtt(logGroupId)]);
    }
  });
});

describe('api', () => {
  it('exposes only ANY /graphql, and every route requires a Cognito JWT', () => {
    const { template } = dev();
    const routes = Object.values(resources(template, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties!.RouteKey)).toEqual(['ANY /graphql']);
    const [authorizerId] = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    for (const route of routes) {
      expect(route.Properties).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
  });

  it('accepts tokens issued by the user pool for the dashboard client', () => {
    const { template } = dev();
    const [poolId] = onlyResource(template, 'AWS::Cognito::UserPool');
    const [clientId] = onlyResource(template, 'AWS::Cognito::UserPoolClient');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId }],
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.ap-southeast-3.amazonaws.com/', { Ref: poolId }]] },
      },
    });
  });

  it('allows CORS from the configured dashboard origins and the deployed dashboard only', () => {
    // The deployed dashboard: https:// and its CloudFront distribution's domain.
    const deployed = (template: ReturnType<typeof dev>['template']) => ({
      'Fn::Join': ['', ['https://', getAtt(onlyResource(template, 'AWS::CloudFront::Distribution')[0], 'DomainName')]],
    });
    dev().template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['http://localhost:5173', deployed(dev().template)], AllowCredentials: false }),
    });
    prod().template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: [PROD_ORIGIN, deployed(prod().template)] }),
    });
  });

  it('throttles the stage as configured', () => {
    dev().template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    prod().template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it('writes JSON access logs that identify the request but not the person', () => {
    const [, stage] = onlyResource(dev().template, 'AWS::ApiGatewayV2::Stage');
    const settings = stage.Properties!.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const [logGroupId] = onlyResource(dev().template, 'AWS::Logs::LogGroup', { LogGroupName: '/aws/apigateway/jamrep-dev-api' });
    expect(settings.DestinationArn).toEqual(getAtt(logGroupId));
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    const variables = Object.values(format).join(' ');
    for (const personal of ['sourceIp', 'userAgent', 'identity', 'claims', 'principalId']) expect(variables).not.toContain(personal);
  });

  it('lets only administrators create users, with a strong password policy and TOTP', () => {
    dev().template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      MfaConfiguration: 'OPTIONAL',
      Schema: Match.arrayWith([Match.objectLike({ Name: 'region', AttributeDataType: 'String', Mutable: true })]),
    });
    prod().template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('has one group per role', () => {
    const groups = Object.values(resources(dev().template, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties!.GroupName);
    expect(groups.sort()).toEqual(['AUDITOR', 'MINISTRY', 'PROVINCE', 'PUBLIC', 'REGENCY']);
  });

  it('lets users read their region scope but never change it', () => {
    const [, client] = onlyResource(dev().template, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties!.ReadAttributes).toContain('custom:region');
    expect(client.Properties!.WriteAttributes).not.toContain('custom:region');
    expect(client.Properties).toMatchObject({ GenerateSecret: false, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  });
});

describe('observability', () => {
  const alarm = (name: string) => onlyResource(dev().template, 'AWS::CloudWatch::Alarm', { AlarmName: `jamrep-dev-${name}` })[1].Properties!;
  const topicId = () => onlyResource(dev().template, 'AWS::SNS::Topic')[0];

  it('alarms on the API 5xx rate and p99 latency', () => {
    const rate = alarm('Api5xxRate');
    expect(rate).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
    const metrics = rate.Metrics as Array<{ Expression?: string; MetricStat?: { Metric: { MetricName: string } } }>;
    expect(metrics.map((m) => m.MetricStat?.Metric.MetricName).filter(Boolean).sort()).toEqual(['5xx', 'Count']);
    expect(metrics.find((m) => m.Expression)?.Expression).toContain('100 * errors / requests');
    expect(alarm('ApiLatencyP99')).toMatchObject({ MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: 3000 });
  });

  it('alarms on errors and throttles of every function', () => {
    for (const [name, fn] of [
      ['Api', 'jamrep-dev-api'],
      ['Importer', 'jamrep-dev-importer'],
      ['Aggregator', 'jamrep-dev-aggregator'],
    ] as const) {
      const dimensions = [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(dev().template, fn) } }];
      expect(alarm(`${name}Errors`)).toMatchObject({ MetricName: 'Errors', Dimensions: dimensions, Threshold: 5 });
      expect(alarm(`${name}Throttles`)).toMatchObject({ MetricName: 'Throttles', Dimensions: dimensions, Threshold: 5 });
    }
  });

  it('alarms when the statistics fall behind the records (stream iterator age)', () => {
    expect(alarm('StreamIteratorAge')).toMatchObject({
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Threshold: 900_000,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionLogicalId(dev().template, 'jamrep-dev-aggregator') } }],
    });
    expect(
      onlyResource(prod().template, 'AWS::CloudWatch::Alarm', { AlarmName: 'jamrep-prod-StreamIteratorAge' })[1].Properties,
    ).toMatchObject({ Threshold: 300_000 });
  });

  it('alarms as soon as anything waits in a failure queue', () => {
    for (const [name, queue] of [
      ['ImportFailuresDepth', 'ImportFailures'],
      ['AggregationFailuresDepth', 'AggregationFailures'],
    ] as const) {
      expect(alarm(name)).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId(queue), 'QueueName') }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('sends every alarm and its recovery to an encrypted topic', () => {
    const alarms = Object.values(resources(dev().template, 'AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(14);
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({ AlarmActions: [{ Ref: topicId() }], OKActions: [{ Ref: topicId() }] });
    }
    const [, topic] = onlyResource(dev().template, 'AWS::SNS::Topic');
    const keyId = (topic.Properties!.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    expect(keyId).not.toBe(dataKeyId());
    dev().template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
  });

  it('alarms on the first aggregator batch refused for a rollup item too large', () => {
    dev().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RollupItemTooLarge',
      Namespace: 'Jamrep',
      Dimensions: [{ Name: 'service', Value: 'jamrep-aggregator' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('has a dashboard', () => {
    dev().template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('outputs', () => {
  it('publishes the API URL, the user pool ids and the upload bucket', () => {
    const outputs = dev().template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['GraphqlUrl', 'UserPoolId', 'UserPoolClientId', 'UploadBucketName']),
    );
    expect(JSON.stringify(outputs.GraphqlUrl!.Value)).toContain('/graphql');
  });
});
