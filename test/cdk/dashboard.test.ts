/**
 * The reference dashboard's deployment: a private bucket read only by its CloudFront distribution
 * (OAC), HTTPS with the security headers the browser tests run under, client-side routes answered with
 * index.html, a real Vite build uploaded in two steps with the `/config.json` the app parses, and the
 * Cognito hosted sign-in and CORS that let the deployed page sign in and call the API.
 * Expected values are written out from the requirements, not read from the construct.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnvironmentConfig } from '../../cdk/config.js';
import { parseConfigFile } from '../../web/src/config-file.js';
import { S3UploadSigner } from '../../lambda/store/s3-upload-signer.js';
import { dashboardContentSecurityPolicy } from '../../web/security-headers.js';
import { getAtt, onlyResource, PROD_ORIGIN, resources, synthesize, synthesized, type Synthesized } from './support.js';

type Template = Synthesized['template'];

let workdir: string;
let build: string;
/** dev, synthesized with a real Vite build of web/ (not web/dist) and written to an assembly. */
let dev: Synthesized;
let assembly: string;
const prod = () => synthesized('prod');

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'jamrep-dashboard-cdk-'));
  build = join(workdir, 'web');
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: join(process.cwd(), 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: build, emptyOutDir: true },
  });
  dev = synthesize('dev', { dashboardBuildDir: build, outdir: join(workdir, 'cdk.out') });
  assembly = dev.app.synth().directory;
}, 180_000);

afterAll(() => {
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .map((file) => relative(dir, join(dir, file)))
    .sort();
}

const distributionId = (template: Template) => onlyResource(template, 'AWS::CloudFront::Distribution')[0];
const distribution = (template: Template) =>
  (onlyResource(template, 'AWS::CloudFront::Distribution')[1].Properties!.DistributionConfig as Record<string, unknown>);
/** The bucket the distribution's only origin reads. */
const siteBucketId = (template: Template) => {
  const origins = distribution(template).Origins as Array<{ DomainName: { 'Fn::GetAtt': [string, string] } }>;
  expect(origins).toHaveLength(1);
  return origins[0]!.DomainName['Fn::GetAtt'][0];
};
/** `https://<the distribution's domain>` as CloudFormation writes it. */
const dashboardOrigin = (template: Template) => ({ 'Fn::Join': ['', ['https://', getAtt(distributionId(template), 'DomainName')]] });
/** An account id for templates that name the stack's account (AWS::AccountId), to read them as deployed. */
const ACCOUNT = '123456789012';
/** The upload bucket of dev in ACCOUNT (cdk/constructs/ingestion.ts names it `<prefix>-uploads-<account>-<region>`). */
const DEV_UPLOAD_BUCKET = `jamrep-dev-uploads-${ACCOUNT}-ap-southeast-3`;
/** The headers policy's CSP as deployed in ACCOUNT: the upload bucket's origin names the account. */
function deployedCsp(template: Template): string {
  const [, policy] = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy');
  const value = (policy.Properties!.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } } })
    .SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
  if (typeof value === 'string') return value;
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ((part as { Ref?: string }).Ref === 'AWS::AccountId') return ACCOUNT;
      throw new Error(`unexpected part of the CSP: ${JSON.stringify(part)}`);
    })
    .join(separator);
}
/** Whether a CSP's connect-src lets the page fetch `url` (host sources with an optional leading `*.`). */
function connectAllows(csp: string, url: string): boolean {
  const target = new URL(url);
  const sources = csp.split(';').map((d) => d.trim().split(/\s+/)).find(([name]) => name === 'connect-src')?.slice(1) ?? [];
  return sources.some((source) => {
    const match = /^(https?):\/\/(\*\.)?([^/:]+)$/.exec(source);
    if (!match || `${match[1]}:` !== target.protocol) return false;
    return match[2] ? target.hostname.endsWith(`.${match[3]}`) : target.hostname === match[3];
  });
}

const deployments = (template: Template) =>
  Object.entries(resources(template, 'Custom::CDKBucketDeployment')).map(([id, r]) => ({ id, ...(r as { Properties: Record<string, unknown> }) }));

describe('hosting', () => {
  it('keeps the build in a private, SSE-S3, access-logged bucket without website hosting or versions', () => {
    const { template } = dev;
    const bucket = resources(template, 'AWS::S3::Bucket')[siteBucketId(template)]!;
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      // Into the stack's access-log bucket, the one the upload bucket logs to.
      LoggingConfiguration: {
        DestinationBucketName: (onlyResource(template, 'AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } })[1].Properties!
          .LoggingConfiguration as { DestinationBucketName: unknown }).DestinationBucketName,
        LogFilePrefix: 'dashboard/',
      },
    });
    expect(bucket.Properties).not.toHaveProperty('WebsiteConfiguration');
    expect(bucket.Properties).not.toHaveProperty('VersioningConfiguration');
    expect(bucket.DeletionPolicy).toBe('Delete');
    expect(resources(prod().template, 'AWS::S3::Bucket')[siteBucketId(prod().template)]!.DeletionPolicy).toBe('Retain');
  });

  it('lets only this distribution read the bucket, through Origin Access Control, and nobody without TLS', () => {
    const { template } = dev;
    const bucketId = siteBucketId(template);
    const [, policy] = onlyResource(template, 'AWS::S3::BucketPolicy', { Bucket: { Ref: bucketId } });
    const statements = (policy.Properties!.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [getAtt(bucketId), '/*']] },
        Condition: {
          StringEquals: {
            'AWS:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId(template) }]],
            },
          },
        },
      },
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );

    const [oacId, oac] = onlyResource(template, 'AWS::CloudFront::OriginAccessControl');
    expect(oac.Properties!.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(distribution(template).Origins).toEqual([
      expect.objectContaining({ OriginAccessControlId: getAtt(oacId, 'Id'), S3OriginConfig: { OriginAccessIdentity: '' } }),
    ]);
    expect(resources(template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
  });

  it('redirects to HTTPS, serves index.html at the root and for client-side routes, from the configured edges, and logs access', () => {
    const { template } = dev;
    const config = distribution(template);
    expect(config).toMatchObject({
      DefaultRootObject: 'index.html',
      PriceClass: 'PriceClass_200',
      DefaultCacheBehavior: expect.objectContaining({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'], Compress: true }),
      // S3 behind OAC answers 403 for a missing key: /regency/35.09 and /explorer are not files.
      CustomErrorResponses: [
        { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
        { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
      ],
      Logging: { Prefix: 'cloudfront/', IncludeCookies: false },
    });
    // No function rewrites paths: routes with dots must reach index.html too.
    expect(config.DefaultCacheBehavior).not.toHaveProperty('FunctionAssociations');

    const logBucketId = (config.Logging as { Bucket: { 'Fn::GetAtt': [string, string] } }).Bucket['Fn::GetAtt'][0];
    expect(logBucketId).not.toBe(siteBucketId(template));
    const logBucket = (t: Template, id: string) => resources(t, 'AWS::S3::Bucket')[id]!.Properties!;
    // Standard logging delivers with an ACL grant: the bucket must accept ACLs, and nothing public.
    expect(logBucket(template, logBucketId)).toMatchObject({
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })] },
    });
    const prodLogs = (distribution(prod().template).Logging as { Bucket: { 'Fn::GetAtt': [string, string] } }).Bucket['Fn::GetAtt'][0];
    expect(logBucket(prod().template, prodLogs)).toMatchObject({
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 400 })] },
    });
  });

  it('sends the Content-Security-Policy of web/security-headers.ts, naming the API, Cognito and the upload bucket, and the other security headers', () => {
    const { template } = dev;
    const [policyId, policy] = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy');
    expect((distribution(template).DefaultCacheBehavior as Record<string, unknown>).ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    const headers = (policy.Properties!.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> }).SecurityHeadersConfig;
    expect(deployedCsp(template)).toBe(
      dashboardContentSecurityPolicy({
        connectOrigins: [
          'https://*.execute-api.ap-southeast-3.amazonaws.com',
          'https://jamrep-dev.auth.ap-southeast-3.amazoncognito.com',
          // The upload page's presigned PUTs go to the ingestion bucket, and to no other bucket.
          `https://${DEV_UPLOAD_BUCKET}.s3.ap-southeast-3.amazonaws.com`,
        ],
      }),
    );
    expect(headers).toEqual({
      ContentSecurityPolicy: { ContentSecurityPolicy: expect.anything(), Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    });
  });
});

describe('deployment of the build', () => {
  const byPrefix = (prefix: string | undefined) => {
    const found = deployments(dev.template).filter((d) => d.Properties.DestinationBucketKeyPrefix === prefix);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const stagedDir = (key: unknown) => join(assembly, `asset.${String(key).replace(/\.zip$/, '')}`);

  /** config.json as the deployment writes it, with the deploy-time values put in. */
  function deployedConfig(values: Record<string, string>): unknown {
    const pages = byPrefix(undefined);
    const keys = pages.Properties.SourceObjectKeys as string[];
    const markers = (pages.Properties.SourceMarkers as Array<Record<string, unknown>>)[1]!;
    let text = readFileSync(join(stagedDir(keys[1]), 'config.json'), 'utf8');
    for (const [marker, expression] of Object.entries(markers)) {
      const value = values[JSON.stringify(expression)];
      expect(value, `a value for ${JSON.stringify(expression)}`).toBeDefined();
      text = text.split(marker).join(value!);
    }
    return JSON.parse(text);
  }

  it('uploads the content-hashed assets for a year and never deletes old ones', () => {
    const assets = byPrefix('assets/');
    expect(assets.Properties).toMatchObject({
      DestinationBucketName: { Ref: siteBucketId(dev.template) },
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    const keys = assets.Properties.SourceObjectKeys as string[];
    expect(keys).toHaveLength(1);
    expect(filesUnder(stagedDir(keys[0]))).toEqual(filesUnder(join(build, 'assets')));
  });

  it('then uploads index.html and config.json uncached, and invalidates the distribution', () => {
    const pages = byPrefix(undefined);
    expect(pages.Properties).toMatchObject({
      DestinationBucketName: { Ref: siteBucketId(dev.template) },
      Prune: false,
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionId: { Ref: distributionId(dev.template) },
      DistributionPaths: ['/*'],
    });
    const keys = pages.Properties.SourceObjectKeys as string[];
    expect(keys).toHaveLength(2);
    // The build's root files (index.html among them), not assets/.
    const rootFiles = filesUnder(build).filter((file) => !file.startsWith('assets/'));
    expect(rootFiles).toContain('index.html');
    expect(filesUnder(stagedDir(keys[0]))).toEqual(rootFiles);
    expect(filesUnder(stagedDir(keys[1]))).toEqual(['config.json']);
    // Every asset index.html loads is in the assets upload, which finishes first.
    const html = readFileSync(join(stagedDir(keys[0]), 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]!);
    expect(referenced.length).toBeGreaterThan(0);
    const uploaded = filesUnder(stagedDir((byPrefix('assets/').Properties.SourceObjectKeys as string[])[0]));
    for (const file of referenced) expect(uploaded).toContain(file);
    const dependsOn = (dev.template.toJSON().Resources[pages.id] as { DependsOn: string[] }).DependsOn;
    expect(dependsOn).toContain(byPrefix('assets/').id);
    expect(dependsOn).toContain(onlyResource(dev.template, 'AWS::Cognito::UserPoolDomain')[0]);
  });

  it('writes /config.json with the API URL and the hosted sign-in, in the shape the app reads', async () => {
    const [apiId] = onlyResource(dev.template, 'AWS::ApiGatewayV2::Api');
    const [clientId] = onlyResource(dev.template, 'AWS::Cognito::UserPoolClient');
    const raw = deployedConfig({
      [JSON.stringify({ Ref: apiId })]: 'a1b2c3d4e5',
      [JSON.stringify({ Ref: 'AWS::URLSuffix' })]: 'amazonaws.com',
      [JSON.stringify({ Ref: clientId })]: '1example23456789client',
    });
    const expected = {
      graphqlUrl: 'https://a1b2c3d4e5.execute-api.ap-southeast-3.amazonaws.com/graphql',
      auth: {
        mode: 'cognito',
        domain: 'jamrep-dev.auth.ap-southeast-3.amazoncognito.com',
        clientId: '1example23456789client',
        scopes: ['openid', 'email'],
      },
    };
    expect(raw).toEqual(expected);
    // The app's own parser accepts it as it is (its defaults fill in only what config.json leaves out).
    const local = { graphqlUrl: '/graphql', auth: { mode: 'local', tokenUrl: '/local/token' }, earliestYear: 2020 } as const;
    expect(parseConfigFile(raw, local)).toEqual({ ...expected, earliestYear: 2020 });
    // The page may call both: the headers policy's connect-src allows the API and Cognito's token endpoint.
    const csp = deployedCsp(dev.template);
    expect(connectAllows(csp, expected.graphqlUrl)).toBe(true);
    expect(connectAllows(csp, `https://${expected.auth.domain}/oauth2/token`)).toBe(true);
    expect(connectAllows(csp, 'https://a1b2c3d4e5.execute-api.ap-southeast-1.amazonaws.com/graphql')).toBe(false);
    // And the upload page's PUT: a URL as the API's signer presigns it for the ingestion bucket, not another bucket.
    const signer = (bucket: string) =>
      new S3UploadSigner({ bucket, clientConfig: { region: 'ap-southeast-3', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' } } });
    const key = 'participants/uploads/REGENCY/35.09/officer/id/roster.csv';
    expect(connectAllows(csp, (await signer(DEV_UPLOAD_BUCKET).signPut(key, new Date(), 900)).url)).toBe(true);
    expect(connectAllows(csp, (await signer('someone-elses-bucket').signPut(key, new Date(), 900)).url)).toBe(false);
    // The Cognito domain it names is the user pool's domain.
    expect(onlyResource(dev.template, 'AWS::Cognito::UserPoolDomain')[1].Properties).toEqual({
      Domain: 'jamrep-dev',
      UserPoolId: { Ref: onlyResource(dev.template, 'AWS::Cognito::UserPool')[0] },
    });
  });

  it('refuses to synthesize without a build and says how to make one', () => {
    const empty = mkdtempSync(join(workdir, 'empty-'));
    expect(() => synthesize('dev', { dashboardBuildDir: empty })).toThrow(/node scripts\/build-web\.mjs/);
  });
});

describe('sign-in and API access from the deployed dashboard', () => {
  it('signs users in on Cognito\'s hosted page with the code grant to the dashboard\'s callback, as a public client', () => {
    const [, client] = onlyResource(dev.template, 'AWS::Cognito::UserPoolClient');
    const at = (path: string) => ({ 'Fn::Join': ['', ['https://', getAtt(distributionId(dev.template), 'DomainName'), path]] });
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      SupportedIdentityProviders: ['COGNITO'],
      GenerateSecret: false,
      // The dashboard's routes: /auth/callback completes the sign-in, / is where sign-out returns.
      CallbackURLs: ['http://localhost:5173/auth/callback', at('/auth/callback')],
      LogoutURLs: ['http://localhost:5173/', at('/')],
    });
    const [, prodClient] = onlyResource(prod().template, 'AWS::Cognito::UserPoolClient');
    expect(prodClient.Properties).toMatchObject({ CallbackURLs: [`${PROD_ORIGIN}/auth/callback`, expect.anything()] });
  });

  it('accepts the ID tokens of that client at the API, and the dashboard\'s origin by CORS', () => {
    const { template } = dev;
    const [clientId] = onlyResource(template, 'AWS::Cognito::UserPoolClient');
    const [, authorizer] = onlyResource(template, 'AWS::ApiGatewayV2::Authorizer');
    expect((authorizer.Properties!.JwtConfiguration as { Audience: unknown }).Audience).toEqual([{ Ref: clientId }]);
    const [, api] = onlyResource(template, 'AWS::ApiGatewayV2::Api');
    expect((api.Properties!.CorsConfiguration as { AllowOrigins: unknown[] }).AllowOrigins).toEqual(['http://localhost:5173', dashboardOrigin(template)]);
    const [, prodApi] = onlyResource(prod().template, 'AWS::ApiGatewayV2::Api');
    expect((prodApi.Properties!.CorsConfiguration as { AllowOrigins: unknown[] }).AllowOrigins).toEqual([PROD_ORIGIN, dashboardOrigin(prod().template)]);
  });

  it('publishes the dashboard\'s URL and the sign-in domain', () => {
    const outputs = dev.template.findOutputs('*');
    expect(outputs.DashboardUrl!.Value).toEqual(dashboardOrigin(dev.template));
    expect(outputs.SignInDomain!.Value).toBe('jamrep-dev.auth.ap-southeast-3.amazoncognito.com');
  });
});

describe('hosted sign-in domain', () => {
  it('defaults to the environment prefix and takes another one from the operator', () => {
    expect(loadEnvironmentConfig('dev').auth.signInDomain).toBe('jamrep-dev.auth.ap-southeast-3.amazoncognito.com');
    const prod = loadEnvironmentConfig('prod', { dashboardOrigins: PROD_ORIGIN, cognitoDomainPrefix: 'kemnaker-jamrep', region: 'ap-southeast-1' });
    expect(prod.auth.signInDomain).toBe('kemnaker-jamrep.auth.ap-southeast-1.amazoncognito.com');
  });

  it('refuses prefixes Cognito would refuse, before anything is deployed', () => {
    for (const prefix of ['Jamrep', 'jamrep_dev', '-jamrep', 'jamrep-', 'my-cognito-login', 'aws-jamrep', 'x'.repeat(64)]) {
      expect(() => loadEnvironmentConfig('dev', { cognitoDomainPrefix: prefix }), prefix).toThrow(/cognitoDomainPrefix/);
    }
  });
});
