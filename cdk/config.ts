/**
 * Typed configuration per deployment environment. The app entry picks one by the `environment`
 * context value; everything that differs between `dev` and `prod` lives here and nowhere else.
 * A missing or malformed value is an error at synthesis, never a warning.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PriceClass } from 'aws-cdk-lib/aws-cloudfront';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { STREAM_SETTINGS } from '../lambda/aggregate/stream-settings.js';

export const ENVIRONMENT_NAMES = ['dev', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/**
 * Rates, latency and lag alarm when the value exceeds the threshold; counts (errors, throttles,
 * queue depth) alarm when the value reaches it.
 */
export interface AlarmThresholds {
  /** Share of API requests answered with a 5xx, in percent, per period. */
  readonly api5xxRatePercent: number;
  /** p99 of API Gateway latency (request received -> response sent), milliseconds. */
  readonly apiP99LatencyMs: number;
  /** Function errors per period, per function. */
  readonly lambdaErrors: number;
  /** Throttled invocations per period, per function. */
  readonly lambdaThrottles: number;
  /** Age of the oldest stream record the aggregator has not processed yet, seconds. */
  readonly streamIteratorAgeSeconds: number;
  /** Messages waiting in a failure queue. Any message means data did not reach the statistics. */
  readonly dlqDepth: number;
  readonly period: Duration;
  /** Consecutive breaching periods before the alarm fires. */
  readonly evaluationPeriods: number;
}

export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  /**
   * Prefix of physical names (stack, tables, functions, secret). The tables are named
   * `<prefix>-records` and `<prefix>-stats`, so the operator CLIs take `TABLE_NAME=<prefix>`.
   */
  readonly prefix: string;
  /** Jakarta by default: the data are Indonesian government records about Indonesian citizens. */
  readonly region: string;
  readonly production: boolean;
  /** Tables, bucket, key, secret and user pool: RETAIN in prod so a stack deletion loses nothing. */
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
  readonly logRetention: RetentionDays;
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  readonly ingest: {
    /** Superseded versions of an uploaded file are kept this long (re-import, audit of what changed). */
    readonly noncurrentVersionRetentionDays: number;
    /** S3 server access logs (who read or wrote a roster) are kept this long. */
    readonly accessLogRetentionDays: number;
    readonly importerMemoryMb: number;
    readonly importerTimeout: Duration;
  };
  readonly aggregator: {
    readonly memoryMb: number;
    readonly timeout: Duration;
  };
  /** The scheduled anomaly job (a full recount: scans by design). */
  readonly auditJobs: { readonly memoryMb: number; readonly timeout: Duration; readonly every: Duration };
  readonly api: {
    /** Dashboard origins allowed by CORS, exact scheme://host[:port], no wildcard. */
    readonly allowedOrigins: readonly string[];
    readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
    /** More memory buys CPU: Apollo and graphql dominate cold start. */
    readonly memoryMb: number;
    readonly timeout: Duration;
  };
  readonly auth: {
    readonly mfa: 'OPTIONAL' | 'REQUIRED';
    /** Cognito Plus tier with threat protection enforced (compromised credentials, adaptive auth). */
    readonly threatProtection: boolean;
    readonly tokenValidity: Duration;
    readonly refreshTokenValidity: Duration;
    /**
     * Prefix of Cognito's hosted sign-in domain, `<prefix>.auth.<region>.amazoncognito.com`. Unique per
     * region across all AWS accounts, so an operator whose prefix is taken passes another one.
     */
    readonly domainPrefix: string;
    /** The hosted sign-in domain (host name) that prefix gives in this region. */
    readonly signInDomain: string;
  };
  /** The reference dashboard: a private bucket behind CloudFront (cdk/constructs/dashboard.ts). */
  readonly dashboard: {
    /** Which edge locations serve it. PriceClass_200 is the cheapest class with Jakarta's edge locations. */
    readonly priceClass: PriceClass;
    /** CloudFront access logs (which pages were fetched, from where) are kept this long. */
    readonly accessLogRetentionDays: number;
  };
  readonly alarms: AlarmThresholds & {
    /** Optional e-mail subscribed to the alarm topic. */
    readonly email: string | undefined;
  };
}

/** Values an operator passes with `-c key=value` on top of the environment's defaults. */
export interface ContextOverrides {
  /** Comma-separated dashboard origins. Required for prod. */
  readonly dashboardOrigins?: string | undefined;
  readonly alarmEmail?: string | undefined;
  readonly region?: string | undefined;
  /** Prefix of the Cognito hosted sign-in domain, when the environment's default is taken. */
  readonly cognitoDomainPrefix?: string | undefined;
}

type Defaults = Omit<EnvironmentConfig, 'api' | 'alarms' | 'region' | 'auth'> & {
  readonly region: string;
  readonly auth: Omit<EnvironmentConfig['auth'], 'signInDomain'>;
  readonly api: Omit<EnvironmentConfig['api'], 'allowedOrigins'> & { readonly allowedOrigins: readonly string[] | null };
  readonly alarms: AlarmThresholds;
};

const DEFAULTS: Record<EnvironmentName, Defaults> = {
  dev: {
    name: 'dev',
    prefix: 'jamrep-dev',
    region: 'ap-southeast-3',
    production: false,
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.TWO_WEEKS,
    logLevel: 'DEBUG',
    ingest: {
      noncurrentVersionRetentionDays: 30,
      accessLogRetentionDays: 30,
      importerMemoryMb: 1024,
      importerTimeout: Duration.minutes(10),
    },
    aggregator: { memoryMb: 512, timeout: Duration.seconds(STREAM_SETTINGS.functionTimeoutSeconds) },
    auditJobs: { memoryMb: 2048, timeout: Duration.minutes(15), every: Duration.hours(6) },
    api: {
      // The local dashboard (Vite dev server) calling the dev API.
      allowedOrigins: ['http://localhost:5173'],
      throttle: { rateLimit: 20, burstLimit: 40 },
      memoryMb: 1024,
      timeout: Duration.seconds(10),
    },
    auth: {
      mfa: 'OPTIONAL',
      threatProtection: false,
      tokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      domainPrefix: 'jamrep-dev',
    },
    dashboard: { priceClass: PriceClass.PRICE_CLASS_200, accessLogRetentionDays: 30 },
    alarms: {
      api5xxRatePercent: 5,
      apiP99LatencyMs: 3000,
      lambdaErrors: 5,
      lambdaThrottles: 5,
      streamIteratorAgeSeconds: 900,
      dlqDepth: 1,
      period: Duration.minutes(5),
      evaluationPeriods: 1,
    },
  },
  prod: {
    name: 'prod',
    prefix: 'jamrep-prod',
    region: 'ap-southeast-3',
    production: true,
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.ONE_YEAR,
    logLevel: 'INFO',
    ingest: {
      noncurrentVersionRetentionDays: 365,
      accessLogRetentionDays: 400,
      importerMemoryMb: 2048,
      importerTimeout: Duration.minutes(15),
    },
    aggregator: { memoryMb: 1024, timeout: Duration.seconds(STREAM_SETTINGS.functionTimeoutSeconds) },
    auditJobs: { memoryMb: 4096, timeout: Duration.minutes(15), every: Duration.hours(1) },
    api: {
      // No default: the production dashboard's address is an operator decision (see docs/deploy.md).
      allowedOrigins: null,
      throttle: { rateLimit: 100, burstLimit: 200 },
      memoryMb: 1536,
      timeout: Duration.seconds(10),
    },
    auth: {
      mfa: 'REQUIRED',
      threatProtection: true,
      tokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
      domainPrefix: 'jamrep-prod',
    },
    dashboard: { priceClass: PriceClass.PRICE_CLASS_200, accessLogRetentionDays: 400 },
    alarms: {
      api5xxRatePercent: 1,
      apiP99LatencyMs: 1500,
      lambdaErrors: 1,
      lambdaThrottles: 1,
      streamIteratorAgeSeconds: 300,
      dlqDepth: 1,
      period: Duration.minutes(5),
      evaluationPeriods: 1,
    },
  },
};

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

function isEnvironmentName(value: unknown): value is EnvironmentName {
  return typeof value === 'string' && (ENVIRONMENT_NAMES as readonly string[]).includes(value);
}

/**
 * A CORS origin is compared byte for byte by browsers and API Gateway: scheme, host and optional
 * port, nothing else. Production accepts https only; plain http is allowed for localhost in dev.
 */
export function parseOrigins(raw: string, production: boolean): string[] {
  const origins = raw
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  if (origins.length === 0) throw new ConfigurationError('dashboardOrigins: at least one origin is required');
  for (const origin of origins) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigurationError(`dashboardOrigins: "${origin}" is not a URL`);
    }
    if (url.origin !== origin) {
      throw new ConfigurationError(`dashboardOrigins: "${origin}" must be exactly scheme://host[:port] (expected "${url.origin}")`);
    }
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && !production)) {
      throw new ConfigurationError(`dashboardOrigins: "${origin}" must use https${production ? ' in production' : ''}`);
    }
  }
  return origins;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Cognito's rule for domain prefixes: lower-case letters, digits and inner hyphens, at most 63. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Builds the configuration of one environment, applying the operator's context overrides. */
export function loadEnvironmentConfig(environment: unknown, overrides: ContextOverrides = {}): EnvironmentConfig {
  if (!isEnvironmentName(environment)) {
    throw new ConfigurationError(
      `Unknown environment ${JSON.stringify(environment)}: pass -c environment=${ENVIRONMENT_NAMES.join('|')}`,
    );
  }
  const defaults = DEFAULTS[environment];
  const allowedOrigins = overrides.dashboardOrigins
    ? parseOrigins(overrides.dashboardOrigins, defaults.production)
    : defaults.api.allowedOrigins;
  if (!allowedOrigins) {
    throw new ConfigurationError(
      `Environment ${environment} has no default dashboard origin: pass -c dashboardOrigins=https://dashboard.example.go.id`,
    );
  }
  const email = overrides.alarmEmail?.trim() || undefined;
  if (email !== undefined && !EMAIL.test(email)) throw new ConfigurationError(`alarmEmail: "${email}" is not an e-mail address`);
  const region = overrides.region?.trim() || defaults.region;
  if (!REGION.test(region)) throw new ConfigurationError(`region: "${region}" is not an AWS region name`);
  const domainPrefix = overrides.cognitoDomainPrefix?.trim() || defaults.auth.domainPrefix;
  if (!DOMAIN_PREFIX.test(domainPrefix) || /aws|amazon|cognito/.test(domainPrefix)) {
    throw new ConfigurationError(
      `cognitoDomainPrefix: "${domainPrefix}" must be lower-case letters, digits and hyphens (at most 63) without "aws", "amazon" or "cognito"`,
    );
  }
  return {
    ...defaults,
    region,
    api: { ...defaults.api, allowedOrigins },
    auth: { ...defaults.auth, domainPrefix, signInDomain: `${domainPrefix}.auth.${region}.amazoncognito.com` },
    alarms: { ...defaults.alarms, email },
  };
}
