/**
 * The way data comes in and becomes statistics:
 * upload bucket --(EventBridge "Object Created")--> importer --> records table
 * records table stream --(event source mapping)--> aggregator --> stats table.
 * Every hop that can fail ends in a failure queue that is alarmed on, so no file and no stream
 * batch is lost silently.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STREAM_SETTINGS } from '../../lambda/aggregate/stream-settings.js';
import { LAMBDA_ENTRIES } from '../bundling.js';
import type { EnvironmentConfig } from '../config.js';
import type { Data } from './data.js';
import { JamrepFunction } from './jamrep-function.js';

/**
 * The first folder of an object key names what the file holds (the import contract). Only these
 * folders trigger an import and only these are readable by the importer.
 */
export const IMPORT_KINDS = ['participants', 'contributions', 'claims', 'budgets', 'targets'] as const;

export interface IngestionProps {
  readonly config: EnvironmentConfig;
  readonly data: Data;
}

export class Ingestion extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly importer: JamrepFunction;
  readonly aggregator: JamrepFunction;
  /** Uploads the importer could not process (delivery failures and failed invocations). */
  readonly importFailures: sqs.Queue;
  /** Stream batches the aggregator gave up on (retries or record age exhausted). */
  readonly aggregationFailures: sqs.Queue;
  readonly streamEventSource: sources.DynamoEventSource;

  constructor(scope: Construct, id: string, { config, data }: IngestionProps) {
    super(scope, id);

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      // S3 server access logging can only deliver to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(config.ingest.accessLogRetentionDays) }],
      removalPolicy: config.removalPolicy,
    });

    this.bucket = new s3.Bucket(this, 'Uploads', {
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
    // Set on the L1 resource: the L2 `eventBridgeEnabled` goes through a custom-resource Lambda.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

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
      environment: { NIK_HASH_KEY_SECRET_ARN: data.nikHashKeySecret.secretArn },
      // Asynchronous invocation: two retries, then the event goes to the failure queue.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.importFailures),
    });
    data.grantRecordsImport(this.importer.function);
    data.grantNikHashKeyRead(this.importer.function);
    const objectArns = IMPORT_KINDS.map((kind) => this.bucket.arnForObjects(`${kind}/*`));
    this.importer.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'ReadUploadedFiles', actions: ['s3:GetObject'], resources: objectArns }),
    );
    for (const kind of IMPORT_KINDS) {
      Validations.of(this.importer.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.logicalId(this.bucket)}.Arn>/${kind}/*]`,
        reason: `The importer reads any file uploaded under ${kind}/ (object names are chosen by the uploader); read only, one folder of the import contract.`,
      });
    }

    new events.Rule(this, 'ImportOnUpload', {
      description: 'Starts an import for each file created under one of the import folders',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: IMPORT_KINDS.map((kind) => ({ prefix: `${kind}/` })) },
        },
      },
      targets: [
        new targets.LambdaFunction(this.importer.function, {
          deadLetterQueue: this.importFailures,
          retryAttempts: 4,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });

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
        'This queue is itself the terminal failure destination (Lambda on-failure / EventBridge dead-letter); an operator inspects and redrives its messages, and its depth is alarmed on.',
    });
    return queue;
  }

  private logicalId(construct: Construct): string {
    const stack = Stack.of(construct);
    return stack.resolve(stack.getLogicalId(construct.node.defaultChild as s3.CfnBucket)) as string;
  }
}
