/**
 * The way data comes in and becomes statistics:
 * upload bucket --(S3 event notification, ObjectCreated under an import folder)--> importer
 * --> records table --(stream, event source mapping)--> aggregator --> stats table.
 * Every hop that can fail ends in a failure queue that is alarmed on, so no file and no stream
 * batch is lost silently.
 */
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STREAM_SETTINGS } from '../../lambda/aggregate/stream-settings.js';
import { UPLOAD_FOLDER } from '../../lambda/domain/upload-key.js';
import { IMPORT_KINDS } from '../../lambda/domain/validation.js';
import { UPLOAD_CONTENT_TYPE } from '../../lambda/store/upload-signer.js';
import { LAMBDA_ENTRIES } from '../bundling.js';
import type { EnvironmentConfig } from '../config.js';
import type { Data } from './data.js';
import { JamrepFunction } from './jamrep-function.js';

export interface IngestionProps {
  readonly config: EnvironmentConfig;
  readonly data: Data;
}

export class Ingestion extends Construct {
  readonly bucket: s3.Bucket;
  readonly bucketName: string;
  readonly accessLogsBucket: s3.Bucket;
  readonly importer: JamrepFunction;
  readonly aggregator: JamrepFunction;
  /** Upload events the importer failed on after its retries (or could not run in time). */
  readonly importFailures: sqs.Queue;
  /** Stream batches the aggregator gave up on (retries or record age exhausted). */
  readonly aggregationFailures: sqs.Queue;
  readonly streamEventSource: sources.DynamoEventSource;
  private readonly config: EnvironmentConfig;
  private readonly data: Data;

  constructor(scope: Construct, id: string, { config, data }: IngestionProps) {
    super(scope, id);
    this.config = config;
    this.data = data;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(config.ingest.accessLogRetentionDays) }],
      removalPolicy: config.removalPolicy,
    });

    // A physical name, so that the importer's invoke permission and read policy can name the
    // bucket without referencing the bucket resource (the bucket's notification configuration
    // must be created after the permission; a reference back would be a dependency cycle).
    const stack = Stack.of(this);
    this.bucketName = `${config.prefix}-uploads-${Aws.ACCOUNT_ID}-${stack.region}`;
    const bucketArn = `arn:${Aws.PARTITION}:s3:::${this.bucketName}`;

    this.bucket = new s3.Bucket(this, 'Uploads', {
      bucketName: this.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: data.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [
        {
          id: 'expire-superseded-versions',
          noncurrentVersionExpiration: Duration.days(config.ingest.noncurrentVersionRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      ],
      removalPolicy: config.removalPolicy,
    });

    this.importFailures = this.failureQueue('ImportFailures');
    this.aggregationFailures = this.failureQueue('AggregationFailures');

    const tables = { records: data.tables.records.tableName, stats: data.tables.stats.tableName };

    this.importer = new JamrepFunction(this, 'Importer', {
      config,
      entry: LAMBDA_ENTRIES.importer,
      description: 'Imports an uploaded CSV file (participants, contributions, claims, budgets, targets) into the records table',
      memoryMb: config.ingest.importerMemoryMb,
      timeout: config.ingest.importerTimeout,
      tables,
      environment: { NIK_HASH_KEY_SECRET_ARN: data.nikHashKeySecret.secretArn, AUDIT_TABLE: data.auditTable.tableName },
      // S3 invokes asynchronously: two retries, then the event goes to the failure queue.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.importFailures),
    });
    // Also grants kms:Decrypt on the data key, which the uploaded objects are encrypted with.
    data.grantRecordsImport(this.importer.function);
    data.grantNikHashKeyRead(this.importer.function);
    data.grantImportLedgerAppend(this.importer.function);
    this.importer.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadUploadedFiles',
        actions: ['s3:GetObject'],
        resources: IMPORT_KINDS.map((kind) => `${bucketArn}/${kind}/*`),
      }),
    );
    for (const kind of IMPORT_KINDS) {
      Validations.of(this.importer.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${config.prefix}-uploads-<AWS::AccountId>-${stack.region}/${kind}/*]`,
        reason: `The importer reads any file uploaded under ${kind}/ (object names are chosen by the uploader); read only, one folder of the import contract.`,
      });
    }

    // S3 notifications directly (not EventBridge): the importer consumes S3 notification events.
    // Set on the L1 resource, because the L2 `addEventNotification` deploys a custom-resource Lambda.
    const invoke = new lambda.CfnPermission(this, 'UploadsInvokeImporter', {
      action: 'lambda:InvokeFunction',
      functionName: this.importer.function.functionArn,
      principal: 's3.amazonaws.com',
      sourceArn: bucketArn,
      sourceAccount: Aws.ACCOUNT_ID,
    });
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.notificationConfiguration = {
      lambdaConfigurations: IMPORT_KINDS.map((kind) => ({
        event: 's3:ObjectCreated:*',
        function: this.importer.function.functionArn,
        filter: { s3Key: { rules: [{ name: 'prefix', value: `${kind}/` }] } },
      })),
    };
    cfnBucket.addResourceDependency(invoke, 'S3 validates the invoke permission when the notification configuration is written');

    this.aggregator = new JamrepFunction(this, 'Aggregator', {
      config,
      entry: LAMBDA_ENTRIES.aggregator,
      description: 'Folds record changes from the records table stream into the statistics rollups',
      memoryMb: config.aggregator.memoryMb,
      timeout: config.aggregator.timeout,
      tables,
      environment: {},
      otherWildcardResources:
        'The stream event source mapping needs dynamodb:ListStreams, which has no resource-level permissions either; the stream reads themselves are limited to the records table stream ARN.',
    });
    data.grantStatsMaintenance(this.aggregator.function);

    this.streamEventSource = new sources.DynamoEventSource(data.tables.records, {
      startingPosition: lambda.StartingPosition[STREAM_SETTINGS.startingPosition],
      batchSize: STREAM_SETTINGS.batchSize,
      maxBatchingWindow: Duration.seconds(STREAM_SETTINGS.maximumBatchingWindowSeconds),
      retryAttempts: STREAM_SETTINGS.maximumRetryAttempts,
      bisectBatchOnError: STREAM_SETTINGS.bisectBatchOnFunctionError,
      reportBatchItemFailures: STREAM_SETTINGS.reportBatchItemFailures,
      parallelizationFactor: STREAM_SETTINGS.parallelizationFactor,
      maxRecordAge: Duration.seconds(STREAM_SETTINGS.maximumRecordAgeSeconds),
      onFailure: new sources.SqsDlq(this.aggregationFailures),
    });
    this.aggregator.function.addEventSource(this.streamEventSource);
  }

  /**
   * Dashboard uploads (README, Dashboard uploads): the API function signs presigned PUTs of upload keys,
   * so it may `s3:PutObject` under `<kind>/uploads/` and nothing else (no read, no list, no other prefix;
   * a presigned URL can do only what its signer may), with the data key's GenerateDataKey for the bucket's
   * SSE-KMS. The browser PUTs from the dashboard's origins: the bucket's CORS rule allows exactly that
   * (PUT with Content-Type). The S3 notification of `<kind>/` already covers `<kind>/uploads/`.
   */
  allowDashboardUploads(api: JamrepFunction, origins: readonly string[]): void {
    const stack = Stack.of(this);
    const bucketArn = `arn:${Aws.PARTITION}:s3:::${this.bucketName}`;
    this.bucket.addCorsRule({
      allowedMethods: [s3.HttpMethods.PUT],
      allowedOrigins: [...origins],
      allowedHeaders: ['content-type'],
      exposedHeaders: ['ETag'],
      maxAge: 3600,
    });
    api.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SignDashboardUploads',
        actions: ['s3:PutObject'],
        resources: IMPORT_KINDS.map((kind) => `${bucketArn}/${kind}/${UPLOAD_FOLDER}/*`),
      }),
    );
    this.data.key.grant(api.role, 'kms:GenerateDataKey');
    api.function.addEnvironment('UPLOADS_BUCKET', this.bucketName);
    for (const kind of IMPORT_KINDS) {
      Validations.of(api.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${this.config.prefix}-uploads-<AWS::AccountId>-${stack.region}/${kind}/${UPLOAD_FOLDER}/*]`,
        reason: `The API signs ${UPLOAD_CONTENT_TYPE} PUTs of dashboard uploads under ${kind}/${UPLOAD_FOLDER}/ (each key names the uploader and a new upload id, chosen at run time); put only, no read or list.`,
      });
    }
  }

  /**
   * A terminal failure queue. Its messages describe what failed (an S3 event, a stream batch's
   * shard and sequence numbers), not record contents, so SQS-managed encryption is enough.
   */
  private failureQueue(id: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the terminal on-failure destination (of the importer\'s asynchronous invocations, or of the aggregator\'s stream batches); an operator inspects and redrives its messages, and its depth is alarmed on.',
    });
    return queue;
  }
}
