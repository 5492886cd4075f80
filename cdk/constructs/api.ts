/**
 * The GraphQL API: a Cognito user pool (groups are roles, `custom:region` is the region scope), an
 * HTTP API whose only route `ANY /graphql` requires a JWT from that pool, and the API function.
 * Preflight (OPTIONS) is answered by API Gateway's CORS support without reaching the authorizer.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CALLBACK_PATH, COGNITO_SCOPES, SIGNED_OUT_PATH } from '../../web/src/auth/paths.js';
import { LAMBDA_ENTRIES } from '../bundling.js';
import type { EnvironmentConfig } from '../config.js';
import type { Data } from './data.js';
import { JamrepFunction } from './jamrep-function.js';

/**
 * Cognito groups, one per role; a user's groups arrive in the `cognito:groups` claim. Precedence
 * only decides `cognito:preferred_role` (unused); the API reads the whole list.
 */
export const USER_GROUPS = [
  { name: 'MINISTRY', description: 'Finance Ministry: all provinces and regencies', precedence: 0 },
  { name: 'AUDITOR', description: 'Auditors (BPK, BPKP, inspectorates): statistics and participant drill-down within their region scope', precedence: 10 },
  { name: 'PROVINCE', description: 'Provincial government: its province and the regencies in it', precedence: 20 },
  { name: 'REGENCY', description: 'Regency or city government: its own regency', precedence: 30 },
  { name: 'PUBLIC', description: 'Published aggregate statistics only', precedence: 40 },
] as const;

/** Custom attribute holding the region scope code (`35` for a province, `35.09` for a regency). */
export const REGION_ATTRIBUTE = 'region';

export const GRAPHQL_PATH = '/graphql';

/**
 * Access log line: what an operator needs to trace a request and nothing that identifies a person
 * (no source IP, no user agent, no user id, no query string).
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;

export interface ApiProps {
  readonly config: EnvironmentConfig;
  readonly data: Data;
  /**
   * The deployed dashboard's origin (`https://dxxxx.cloudfront.net`): allowed by CORS and as a sign-in
   * callback, besides the configured `api.allowedOrigins`.
   */
  readonly dashboardOrigin: string;
}

/** What the dashboard needs to send a user to Cognito's hosted sign-in (its `config.json`). */
export interface HostedSignIn {
  /** Host name, e.g. `jamrep-prod.auth.ap-southeast-3.amazoncognito.com`. */
  readonly domain: string;
  readonly clientId: string;
  readonly scopes: string[];
}

export class Api extends Construct {
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /** Cognito's hosted sign-in page for the dashboard (authorization code + PKCE). */
  readonly signInDomain: cognito.UserPoolDomain;
  readonly hostedSignIn: HostedSignIn;
  /** Every origin a dashboard may call the API from: CORS, and the app client's callback and sign-out URLs. */
  readonly dashboardOrigins: readonly string[];
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly handler: JamrepFunction;
  readonly accessLogs: logs.LogGroup;
  /** The GraphQL endpoint URL. */
  readonly graphqlUrl: string;

  constructor(scope: Construct, id: string, { config, data, dashboardOrigin }: ApiProps) {
    super(scope, id);
    this.dashboardOrigins = [...config.api.allowedOrigins, dashboardOrigin];

    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `${config.prefix}-users`,
      // Accounts are created by administrators for named officials; nobody signs up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [REGION_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 2, maxLen: 16, mutable: true }),
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: config.auth.mfa === 'REQUIRED' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      // TOTP only: SMS codes can be intercepted and would need an SNS role and spending limit.
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: config.auth.threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: config.auth.threatProtection
        ? cognito.StandardThreatProtectionMode.FULL_FUNCTION
        : undefined,
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
    });
    if (config.auth.mfa !== 'REQUIRED') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: `MFA is optional in ${config.name} only, where test accounts hold synthetic data; prod requires TOTP MFA (cdk/config.ts).`,
      });
    }
    if (!config.auth.threatProtection) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason: `The Plus tier (threat protection) is enabled in prod; ${config.name} has only synthetic data and test accounts, so it runs on the Essentials tier.`,
      });
    }

    for (const group of USER_GROUPS) {
      new cognito.UserPoolGroup(this, `Group${group.name}`, {
        userPool: this.userPool,
        groupName: group.name,
        description: group.description,
        precedence: group.precedence,
      });
    }

    this.signInDomain = this.userPool.addDomain('SignIn', { cognitoDomain: { domainPrefix: config.auth.domainPrefix } });

    const clientAttributes = new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true })
      .withCustomAttributes(REGION_ATTRIBUTE);
    this.userPoolClient = this.userPool.addClient('Dashboard', {
      userPoolClientName: `${config.prefix}-dashboard`,
      // A browser application cannot keep a secret: a public client, whose authorization codes are
      // bound to the browser that asked for them by PKCE (the dashboard always sends an S256 challenge).
      generateSecret: false,
      // The hosted page handles passwords and TOTP; SRP stays for non-browser tools (no password on the wire).
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: COGNITO_SCOPES.map((scope) => cognito.OAuthScope.custom(scope)),
        callbackUrls: this.dashboardOrigins.map((origin) => `${origin}${CALLBACK_PATH}`),
        logoutUrls: this.dashboardOrigins.map((origin) => `${origin}${SIGNED_OUT_PATH}`),
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: config.auth.tokenValidity,
      accessTokenValidity: config.auth.tokenValidity,
      refreshTokenValidity: config.auth.refreshTokenValidity,
      readAttributes: clientAttributes,
      // Users may not change their own region scope: only administrators set custom:region.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
    this.hostedSignIn = {
      domain: config.auth.signInDomain,
      clientId: this.userPoolClient.userPoolClientId,
      scopes: [...COGNITO_SCOPES],
    };

    this.handler = new JamrepFunction(this, 'Handler', {
      config,
      entry: LAMBDA_ENTRIES.api,
      description: 'GraphQL API over the statistics rollups',
      memoryMb: config.api.memoryMb,
      timeout: config.api.timeout,
      tables: { records: data.tables.records.tableName, stats: data.tables.stats.tableName },
      environment: {
        NIK_HASH_KEY_SECRET_ARN: data.nikHashKeySecret.secretArn,
        ALLOWED_ORIGINS: this.dashboardOrigins.join(','),
        AUDIT_TABLE: data.auditTable.tableName,
        // Leaves the function time to write the audit entry of a request that ran out of time.
        API_REQUEST_TIMEOUT_MS: String(config.api.timeout.toMilliseconds() - 2_000),
      },
    });
    data.grantApiRead(this.handler.function);
    data.grantPeriodClose(this.handler.function);
    data.grantAuditAppend(this.handler.function);
    data.grantImportLedgerRead(this.handler.function);
    data.grantNikHashKeyRead(this.handler.function);

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${config.prefix}-api`,
      description: 'jamrep GraphQL API',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...this.dashboardOrigins],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.OPTIONS],
        // Apollo's CSRF prevention accepts GETs carrying one of the last two headers.
        allowHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'],
        allowCredentials: false,
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/aws/apigateway/${config.prefix}-api`,
      retention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.api.throttle.rateLimit, burstLimit: config.api.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // A JWT authorizer: issuer https://cognito-idp.<region>.amazonaws.com/<pool id>, audience the
    // dashboard client. ID tokens carry cognito:groups and custom:region; their `aud` is the client id,
    // whether they come from the hosted sign-in (code + PKCE) or from SRP.
    const authorizer = new HttpUserPoolAuthorizer('CognitoJwt', this.userPool, {
      authorizerName: 'cognito',
      userPoolClients: [this.userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi.addRoutes({
      path: GRAPHQL_PATH,
      methods: [apigw.HttpMethod.ANY],
      integration: new HttpLambdaIntegration('GraphQL', this.handler.function),
      authorizer,
    });

    this.graphqlUrl = `${this.stage.url.replace(/\/$/, '')}${GRAPHQL_PATH}`;
  }
}
