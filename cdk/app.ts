/**
 * CDK entry (`cdk.json` runs it with tsx). Picks the environment from context
 * (`-c environment=dev|prod`), builds its stack and runs cdk-nag's AWS Solutions checks as a
 * validation plugin: `cdk synth` fails on any unacknowledged finding.
 *
 * The dashboard is built first (web/ -> web/dist; nothing happens when the build is newer than its
 * sources), so a deployment always carries the dashboard of the checked-out sources. Offline: Vite only.
 */
import '../lambda/quiet-sdk-node-warning.js';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PROJECT_ROOT } from './bundling.js';
import { loadEnvironmentConfig } from './config.js';
import { JamrepStack } from './jamrep-stack.js';

// stdout belongs to the CDK CLI; Vite's messages go to stderr.
execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build-web.mjs')], { stdio: ['ignore', process.stderr, 'inherit'] });

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined || value === null ? undefined : String(value);
};

const config = loadEnvironmentConfig(context('environment'), {
  dashboardOrigins: context('dashboardOrigins'),
  alarmEmail: context('alarmEmail'),
  region: context('region'),
  cognitoDomainPrefix: context('cognitoDomainPrefix'),
});

new JamrepStack(app, config.prefix, {
  config,
  description: `jamrep (${config.name}): BPJS Ketenagakerjaan coverage statistics of DBHCHT-funded vulnerable workers`,
  // The account comes from the deploying credentials; synthesis needs none.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
  terminationProtection: config.production,
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
