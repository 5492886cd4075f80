/**
 * Configuration read once from the environment into a typed object. A missing required value is an
 * error, never a warning. Local defaults point at the local platform (`npm start`).
 */
import { AUDIT_TABLE, physicalTableName, RECORDS_TABLE, STATS_TABLE } from './store/table-schema.js';

export interface AppConfig {
  /** DynamoDB endpoint override; undefined in AWS (the SDK's regional endpoint is used). */
  dynamodbEndpoint: string | undefined;
  region: string;
  recordsTable: string;
  statsTable: string;
  /**
   * Secret for the keyed NIK hash (HMAC-SHA256). Only the importer hashes NIKs: it calls requireNikHashKey.
   * In AWS it comes from Secrets Manager (NIK_HASH_KEY_SECRET_ARN, resolved in runtime.ts).
   */
  nikHashKey: string | undefined;
  production: boolean;
}

export const LOCAL_DEFAULTS = {
  dynamodbEndpoint: 'http://localhost:8000',
  tablePrefix: 'jamrep',
  region: 'ap-southeast-3',
  // Local and test only: production refuses to start without NIK_HASH_KEY.
  nikHashKey: 'local-development-nik-hash-key-not-secret',
} as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const production = env.JAMREP_ENV === 'production';
  const inLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const prefix = env.TABLE_NAME ?? (inLambda ? undefined : LOCAL_DEFAULTS.tablePrefix);
  const recordsTable = env.RECORDS_TABLE ?? (prefix ? physicalTableName(prefix, RECORDS_TABLE) : undefined);
  const statsTable = env.STATS_TABLE ?? (prefix ? physicalTableName(prefix, STATS_TABLE) : undefined);
  if (!recordsTable || !statsTable) {
    throw new Error('Configuration: RECORDS_TABLE and STATS_TABLE (or TABLE_NAME as their prefix) must be set');
  }
  const nikHashKey = env.NIK_HASH_KEY ?? (production || inLambda ? undefined : LOCAL_DEFAULTS.nikHashKey);
  // DYNAMODB_ENDPOINT=aws: the SDK's regional endpoint, for maintenance commands run against AWS.
  const endpoint = env.DYNAMODB_ENDPOINT ?? (inLambda ? undefined : LOCAL_DEFAULTS.dynamodbEndpoint);
  return {
    dynamodbEndpoint: endpoint === 'aws' ? undefined : endpoint,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? LOCAL_DEFAULTS.region,
    recordsTable,
    statsTable,
    nikHashKey,
    production,
  };
}

/** The NIK hash key, for the code that hashes NIKs; its absence there is a configuration error. */
export function requireNikHashKey(config: Pick<AppConfig, 'nikHashKey'>): string {
  if (!config.nikHashKey) throw new Error('Configuration: NIK_HASH_KEY (or NIK_HASH_KEY_SECRET_ARN) must be set outside local development');
  return config.nikHashKey;
}

/**
 * The audit table (query audit log and import ledger): AUDIT_TABLE in AWS, <TABLE_NAME>-audit locally,
 * by the same naming rule as the other tables.
 */
export function loadAuditTableName(env: NodeJS.ProcessEnv = process.env): string {
  const inLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const prefix = env.TABLE_NAME ?? (inLambda ? undefined : LOCAL_DEFAULTS.tablePrefix);
  const auditTable = env.AUDIT_TABLE ?? (prefix ? physicalTableName(prefix, AUDIT_TABLE) : undefined);
  if (!auditTable) throw new Error('Configuration: AUDIT_TABLE (or TABLE_NAME as its prefix) must be set');
  return auditTable;
}
