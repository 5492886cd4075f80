/**
 * Where the API keeps exports too large to return inline (XLSX always): a private bucket, encrypted with
 * the data key (an auditor's export may list participants), TLS only, with server access logs, whose
 * objects expire a day after they were written. The API function writes under `exports/` and hands out
 * presigned GETs that expire after 15 minutes (lambda/store/s3-export-storage.ts); a presigned URL acts
 * with the signer's permissions, so the function is also granted GetObject and the key's Decrypt.
 * Nothing else reads the bucket and nobody lists it.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EXPORT_KEY_PREFIX } from '../../lambda/store/export-storage.js';
import type { EnvironmentConfig } from '../config.js';
import type { Data } from './data.js';
import type { JamrepFunction } from './jamrep-function.js';

/** Exports are copies of what the API returns, for one download: a day is plenty, and then they are gone. */
export const EXPORT_RETENTION = Duration.days(1);

export interface ExportsProps {
  readonly config: EnvironmentConfig;
  readonly data: Data;
  /** The SSE-S3 bucket the other buckets log their server access to. */
  readonly accessLogsBucket: s3.IBucket;
  /** The API function: writes exports and signs their download links. */
  readonly api: JamrepFunction;
}

export class Exports extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, { config, data, accessLogsBucket, api }: ExportsProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: data.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'exports/',
      lifecycleRules: [
        { id: 'expire-exports', expiration: EXPORT_RETENTION, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: config.removalPolicy,
    });

    const objects = this.bucket.arnForObjects(`${EXPORT_KEY_PREFIX}*`);
    api.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'WriteAndSignExports', actions: ['s3:PutObject', 's3:GetObject'], resources: [objects] }));
    // SSE-KMS: writing needs a data key, and the presigned GET decrypts as the function.
    data.key.grant(api.role, 'kms:GenerateDataKey', 'kms:Decrypt');
    api.function.addEnvironment('EXPORTS_BUCKET', this.bucket.bucketName);
    api.function.addEnvironment('EXPORTS_KMS_KEY_ARN', data.key.keyArn);

    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    Validations.of(api.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${EXPORT_KEY_PREFIX}*]`,
      reason:
        'Each export is a new object named by its date and content hash, chosen at run time; the API may write and read (presign) objects under exports/ of its own exports bucket only, and may not list, delete or touch anything else.',
    });
  }
}
