/**
 * The exports bucket (cdk/constructs/exports.ts): private, encrypted with the data key, TLS only, logged,
 * emptied after a day; the API function may write and presign objects under exports/ and nothing else,
 * and is told the bucket's name.
 */
import { describe, expect, it } from 'vitest';
import { actionsOn, getAtt, onlyResource, resources, roleStatements, synthesized } from './support.js';

const dev = () => synthesized('dev');
const exportsBucket = (environment: 'dev' | 'prod' = 'dev') => {
  const { template, stack } = synthesized(environment);
  const id = stack.resolve(stack.exports.bucket.bucketArn)['Fn::GetAtt'][0] as string;
  return [id, resources(template, 'AWS::S3::Bucket')[id]!] as const;
};
const dataKeyId = () => {
  const { stack } = dev();
  return stack.resolve(stack.data.key.keyArn)['Fn::GetAtt'][0] as string;
};

describe('exports bucket', () => {
  it('is private, encrypted with the data key, and logs access to the access-log bucket', () => {
    const { stack } = dev();
    const [, bucket] = exportsBucket();
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(dataKeyId()) } }],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: stack.resolve(stack.ingestion.accessLogsBucket.bucketName), LogFilePrefix: 'exports/' },
    });
  });

  it('deletes every export a day after it was written', () => {
    const [, bucket] = exportsBucket();
    expect((bucket.Properties!.LifecycleConfiguration as { Rules: unknown[] }).Rules).toEqual([
      { Id: 'expire-exports', Status: 'Enabled', ExpirationInDays: 1, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
    ]);
  });

  it('refuses any request that is not over TLS', () => {
    const [id] = exportsBucket();
    const [, policy] = onlyResource(dev().template, 'AWS::S3::BucketPolicy', { Bucket: { Ref: id } });
    expect((policy.Properties!.PolicyDocument as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('is retained with the other data in prod', () => {
    const [id] = exportsBucket('prod');
    expect(synthesized('prod').template.toJSON().Resources[id].DeletionPolicy).toBe('Retain');
  });

  it('lets the API write and presign exports under exports/ only, with the key to encrypt and decrypt them', () => {
    const [id] = exportsBucket();
    const statements = roleStatements(dev().template, 'jamrep-dev-api');
    const underExports = { 'Fn::Join': ['', [getAtt(id), '/exports/*']] };
    expect(actionsOn(statements, underExports)).toEqual(['s3:GetObject', 's3:PutObject']);
    // Of this bucket, nothing else (the upload PUTs it signs are on the ingestion bucket: uploads.test.ts).
    const s3 = statements.filter((s) => s.Action.some((a) => a.startsWith('s3:')) && JSON.stringify(s.Resource).includes(id));
    expect(s3.flatMap((s) => s.Resource)).toEqual([underExports]);
    expect(actionsOn(statements, getAtt(dataKeyId()))).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey']));
    // No other function touches it.
    for (const name of ['jamrep-dev-importer', 'jamrep-dev-aggregator', 'jamrep-dev-anomalies']) {
      expect(JSON.stringify(roleStatements(dev().template, name)), name).not.toContain(id);
    }
  });

  it('tells the API function the bucket and its key', () => {
    const { template } = dev();
    const [id] = exportsBucket();
    const [, fn] = onlyResource(template, 'AWS::Lambda::Function', { FunctionName: 'jamrep-dev-api' });
    expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables).toMatchObject({
      EXPORTS_BUCKET: { Ref: id },
      EXPORTS_KMS_KEY_ARN: getAtt(dataKeyId()),
    });
  });
});
