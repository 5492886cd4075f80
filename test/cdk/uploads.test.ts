/**
 * Dashboard uploads in the stack (cdk/constructs/ingestion.ts allowDashboardUploads): the API function may
 * put objects under `<kind>/uploads/` of the ingestion bucket and nothing else there (a presigned PUT can
 * do only what its signer may), it is told the bucket's name, the bucket's CORS rule admits exactly the
 * dashboard's PUT, and the bucket's notification imports what lands under `<kind>/uploads/`.
 */
import { describe, expect, it } from 'vitest';
import { uploadKey } from '../../lambda/domain/upload-key.js';
import { IMPORT_KINDS } from '../../lambda/domain/validation.js';
import { onlyResource, resources, roleStatements, synthesized } from './support.js';

const dev = () => synthesized('dev');
const uploadsBucketName = ['jamrep-dev-uploads-', { Ref: 'AWS::AccountId' }, '-ap-southeast-3'];
const underUploads = (path: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::jamrep-dev-uploads-', { Ref: 'AWS::AccountId' }, `-ap-southeast-3/${path}`]],
});
const ingestionBucket = () => {
  const { template, stack } = dev();
  const id = stack.resolve(stack.ingestion.bucket.bucketArn)['Fn::GetAtt'][0] as string;
  return resources(template, 'AWS::S3::Bucket')[id]!;
};

describe('dashboard uploads', () => {
  it('let the API put objects under <kind>/uploads/ of the ingestion bucket only: no read, no other prefix', () => {
    const statements = roleStatements(dev().template, 'jamrep-dev-api');
    const onIngestion = statements.filter((s) => JSON.stringify(s.Resource).includes(':s3:::jamrep-dev-uploads-'));
    expect(onIngestion).toEqual([
      { Effect: 'Allow', Sid: 'SignDashboardUploads', Action: ['s3:PutObject'], Resource: IMPORT_KINDS.map((kind) => underUploads(`${kind}/uploads/*`)) },
    ]);
    // Nor by the bucket's logical id (the importer's read, the notification): the API has no other grant on it.
    const { stack } = dev();
    const bucketId = stack.resolve(stack.ingestion.bucket.bucketArn)['Fn::GetAtt'][0] as string;
    expect(JSON.stringify(statements)).not.toContain(bucketId);
  });

  it('tell the API function the bucket name', () => {
    const [, fn] = onlyResource(dev().template, 'AWS::Lambda::Function', { FunctionName: 'jamrep-dev-api' });
    expect((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.UPLOADS_BUCKET).toEqual({ 'Fn::Join': ['', uploadsBucketName] });
  });

  it('admit the PUT with Content-Type from the dashboard origins in the bucket CORS rule, and nothing else', () => {
    for (const environment of ['dev', 'prod'] as const) {
      const { stack, template } = synthesized(environment);
      const id = stack.resolve(stack.ingestion.bucket.bucketArn)['Fn::GetAtt'][0] as string;
      const bucket = resources(template, 'AWS::S3::Bucket')[id]!;
      expect(bucket.Properties!.CorsConfiguration, environment).toEqual({
        CorsRules: [{ AllowedMethods: ['PUT'], AllowedOrigins: stack.resolve([...stack.api.dashboardOrigins]), AllowedHeaders: ['content-type'], ExposedHeaders: ['ETag'], MaxAge: 3600 }],
      });
    }
    // The prod dashboard's configured origin is among them (test/cdk/support.ts PROD_ORIGIN).
    expect(JSON.stringify(synthesized('prod').stack.resolve([...synthesized('prod').stack.api.dashboardOrigins]))).toContain('https://dashboard.jamrep.example.go.id');
  });

  it('are imported: every upload key lies under a prefix the bucket notifies the importer of', () => {
    const rules = (ingestionBucket().Properties!.NotificationConfiguration as {
      LambdaConfigurations: Array<{ Event: string; Filter: { S3Key: { Rules: Array<{ Name: string; Value: string }> } } }>;
    }).LambdaConfigurations;
    for (const kind of IMPORT_KINDS) {
      const key = uploadKey({ kind, role: 'REGENCY', scope: '35.09', subject: 'u', uploadId: 'id', fileName: 'f.csv' });
      const matching = rules.filter((r) => r.Event === 's3:ObjectCreated:*' && r.Filter.S3Key.Rules.some((f) => f.Name === 'prefix' && key.startsWith(f.Value)));
      expect(matching, key).toHaveLength(1);
    }
  });
});
