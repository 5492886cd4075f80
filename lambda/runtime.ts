/**
 * What every handler builds once per cold start: configuration, the DynamoDB client, reference data,
 * and the NIK hash key (from Secrets Manager in AWS, from the environment locally).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig, type AppConfig } from './config.js';
import { referenceData, type ReferenceData } from './reference-data.js';
import { createDynamoClient } from './store/client.js';

export interface Runtime {
  config: AppConfig;
  ddb: DynamoDBClient;
  reference: ReferenceData;
}

let runtime: Promise<Runtime> | undefined;

export function getRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  runtime ??= buildRuntime(env);
  return runtime;
}

/** For tests and local tools that run several configurations in one process. */
export async function buildRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  // Only functions given the secret's ARN (importer, API) read it; the aggregator never sees NIKs.
  const secretArn = env.NIK_HASH_KEY_SECRET_ARN;
  const resolvedEnv = secretArn && !env.NIK_HASH_KEY ? { ...env, NIK_HASH_KEY: await readSecret(secretArn) } : env;
  const config = loadConfig(resolvedEnv);
  return { config, ddb: createDynamoClient(config), reference: referenceData() };
}

async function readSecret(arn: string): Promise<string> {
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!out.SecretString) throw new Error(`Secret ${arn} has no string value`);
  return out.SecretString;
}
