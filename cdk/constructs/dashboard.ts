/**
 * The reference dashboard in AWS: the Vite build (`web/dist`) in a private bucket that only this
 * CloudFront distribution can read (Origin Access Control), served over HTTPS with the
 * Content-Security-Policy the browser tests run it under, and its runtime configuration (`/config.json`:
 * the API's URL and Cognito's hosted sign-in) written by the same deployment.
 *
 * Decisions:
 * - Client-side routes (`/regency/35.09`, `/explorer`, `/auth/callback`) are answered with
 *   `/index.html` and status 200 through the distribution's error responses for 403 (S3 behind OAC
 *   answers 403 for a key that does not exist, since CloudFront may not list the bucket) and 404. Not a
 *   CloudFront Function rewriting "paths without an extension": routes contain dots, and a list of
 *   routes would be a second router to keep in step. The cost, a missing file answered with the page,
 *   is kept small by never deleting hashed assets (a page opened before a deployment still finds its
 *   chunks).
 * - The CSP's connect-src names the Cognito domain exactly, and the API as `https://*.execute-api.
 *   <region>.amazonaws.com`: naming the API's generated id would close a dependency cycle (the HTTP
 *   API's CORS names this distribution's generated domain, the distribution names this headers policy).
 *   Scripts stay `'self'` only; docs/dashboard.md discusses what the wildcard allows.
 * - Two uploads: `assets/*` (content-hashed names) cacheable for a year, then `index.html`,
 *   `config.json` and the other root files with `no-cache` and an invalidation, so a deployment is
 *   visible at once and never points at chunks that are not there yet.
 * - CloudFront's access logs need a bucket that accepts ACLs (standard logging delivers with an ACL
 *   grant), so they get their own SSE-S3 bucket; S3 server access logs of both buckets go to the
 *   stack's access-log bucket like the upload bucket's.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DefaultStackSynthesizer, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct, type IDependable } from 'constructs';
import type { AppConfig, CognitoAuthConfig } from '../../web/src/config-file.js';
import { dashboardContentSecurityPolicy } from '../../web/security-headers.js';
import { PROJECT_ROOT } from '../bundling.js';
import type { EnvironmentConfig } from '../config.js';

/** Where `node scripts/build-web.mjs` (and `vite build web`) writes the dashboard. */
export const DASHBOARD_BUILD_DIR = join(PROJECT_ROOT, 'web', 'dist');
/** Vite's folder of content-hashed files inside the build. */
export const ASSETS_DIR = 'assets';
export const CONFIG_FILE = 'config.json';

/** What the deployed dashboard reads from `/config.json` (web/src/config.ts parses it). */
export type DashboardRuntimeConfig = Pick<AppConfig, 'graphqlUrl'> & { readonly auth: CognitoAuthConfig };

/**
 * Origins the dashboard calls besides its own: the region's API Gateway endpoints, Cognito's sign-in
 * domain and, when given, the bucket that takes the upload page's presigned PUTs.
 */
export function dashboardConnectOrigins(config: EnvironmentConfig, uploadOrigin?: string): string[] {
  return [`https://*.execute-api.${config.region}.amazonaws.com`, `https://${config.auth.signInDomain}`, ...(uploadOrigin ? [uploadOrigin] : [])];
}

/** The origin of a bucket's presigned URLs: the SDK signs virtual-hosted-style, regional URLs. */
export function s3BucketOrigin(bucketName: string, region: string): string {
  return `https://${bucketName}.s3.${region}.amazonaws.com`;
}

export interface DashboardProps {
  readonly config: EnvironmentConfig;
  /** The built dashboard: a folder with `index.html` and `assets/`. Default `web/dist`. */
  readonly buildDir?: string;
  /** Receives the S3 server access logs of the dashboard's buckets. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /** The origin the upload page PUTs files to (the ingestion bucket's), allowed in `connect-src`. */
  readonly uploadOrigin?: string;
}

export class Dashboard extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogsBucket: s3.Bucket;
  readonly responseHeaders: cloudfront.ResponseHeadersPolicy;
  readonly distribution: cloudfront.Distribution;
  /** `https://dxxxx.cloudfront.net`: the dashboard's origin, for CORS and Cognito's callback URLs. */
  readonly origin: string;

  private readonly config: EnvironmentConfig;
  private readonly buildDir: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const { config } = props;
    this.config = config;
    this.buildDir = props.buildDir ?? DASHBOARD_BUILD_DIR;
    for (const required of ['index.html', ASSETS_DIR]) {
      if (!existsSync(join(this.buildDir, required))) {
        throw new Error(
          `The dashboard build is missing (${relative(process.cwd(), join(this.buildDir, required)) || required}): ` +
            'run `node scripts/build-web.mjs` first (`npm run synth` and `cdk` run it through cdk/app.ts).',
        );
      }
    }

    this.bucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Every object is rebuilt from the repository by a deployment: old versions hold nothing to recover.
      versioned: false,
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'dashboard/',
      removalPolicy: config.removalPolicy,
    });

    this.accessLogsBucket = new s3.Bucket(this, 'CdnLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ id: 'expire-cdn-logs', expiration: Duration.days(config.dashboard.accessLogRetentionDays) }],
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: 'dashboard-cdn-logs/',
      removalPolicy: config.removalPolicy,
    });

    this.responseHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `${config.prefix}-dashboard-security-headers`,
      comment: 'jamrep dashboard: CSP of web/security-headers.ts, HSTS, nosniff, no referrer, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: dashboardContentSecurityPolicy({ connectOrigins: dashboardConnectOrigins(config, props.uploadOrigin) }),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${config.prefix} reference dashboard`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        // Honours the Cache-Control the deployment sets (immutable assets, no-cache pages).
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeaders,
        compress: true,
      },
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        // A deep link always gets the index.html of the current deployment.
        ttl: Duration.seconds(0),
      })),
      priceClass: config.dashboard.priceClass,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      enableLogging: true,
      logBucket: this.accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      logIncludesCookies: false,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: the distribution serves only the static, data-free dashboard code; every figure comes from the API, which requires a Cognito token. Officials and auditors also work from abroad.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF web ACL: a CloudFront web ACL must live in us-east-1 (a second stack), and this distribution serves only static, cacheable files with no data; the API has its own throttling and JWT authorizer. Adding one is an operator policy decision (docs/deploy.md).',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses its default *.cloudfront.net certificate, for which CloudFront does not let the minimum viewer TLS version be chosen; a custom domain with an ACM certificate would allow TLSv1.2_2021 (docs/deploy.md).',
      },
    );
  }

  /**
   * Uploads the build and writes `/config.json` for this environment. Separate from the constructor
   * because the configuration names the API and its Cognito client, which need this distribution's
   * origin first (CORS, callback URLs).
   */
  publish(runtime: DashboardRuntimeConfig, dependsOn: IDependable[] = []): void {
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', {
      retention: this.config.logRetention,
      removalPolicy: this.config.removalPolicy,
    });

    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      sources: [s3deploy.Source.asset(join(this.buildDir, ASSETS_DIR))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: `${ASSETS_DIR}/`,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.days(365)),
        s3deploy.CacheControl.immutable(),
      ],
      // Pages loaded before this deployment still fetch chunks by their old names.
      prune: false,
      logGroup,
      outputObjectKeys: false,
    });

    const config: DashboardRuntimeConfig = { graphqlUrl: runtime.graphqlUrl, auth: runtime.auth };
    const pages = new s3deploy.BucketDeployment(this, 'DeployPages', {
      sources: [
        s3deploy.Source.asset(this.buildDir, { exclude: [ASSETS_DIR, `${ASSETS_DIR}/**`] }),
        s3deploy.Source.jsonData(CONFIG_FILE, config),
      ],
      destinationBucket: this.bucket,
      cacheControl: [s3deploy.CacheControl.noCache()],
      // Pruning here would delete assets/, which this deployment does not carry.
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      logGroup,
      outputObjectKeys: false,
    });
    pages.node.addDependency(assets, ...dependsOn);

    this.acknowledgeDeploymentFunction(assets.handlerRole.node.scope as Construct);
  }

  /** cdk-nag findings on CDK's BucketDeployment function: one singleton at the stack's root runs both uploads. */
  private acknowledgeDeploymentFunction(handler: Construct): void {
    const stack = Stack.of(this);
    const synthesizer = stack.synthesizer;
    const qualifier =
      (synthesizer instanceof DefaultStackSynthesizer ? synthesizer.bootstrapQualifier : undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetObjects = `arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-${stack.region}/*`;
    const siteObjects = `<${stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`;
    const copies = 'It copies the dashboard build from the CDK asset bucket into the dashboard bucket at deployment only';
    Validations.of(handler).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${assetObjects}]`,
        reason: `${copies}; it reads the zipped sources CDK staged in the bootstrap asset bucket, whose object names are content hashes.`,
      },
      {
        id: `AwsSolutions-IAM5[Resource::${siteObjects}]`,
        reason: `${copies}; it writes and replaces any file of the build, whose names are chosen by Vite, in the dashboard bucket only.`,
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${copies}; these are the action groups of CDK's own read and read-write grants, limited to the asset bucket and the dashboard bucket.`,
      })),
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${copies}, then invalidates the distribution's cache (cloudfront:CreateInvalidation, GetInvalidation), which CDK grants on "*".`,
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's BucketDeployment function (it copies the dashboard build into its bucket at deployment) comes with the AWS-managed basic execution role; it writes only its own logs.",
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment function runs the Python runtime aws-cdk-lib pins together with its AWS CLI layer; it runs only during deployments, never on user requests.",
      },
    );
  }
}
