/**
 * Synthesizes the jamrep stack as `cdk synth` does (the context of cdk.json, the same entry
 * configuration), by default without bundling the functions and with a two-file stand-in for the
 * dashboard build (test/cdk/dashboard.test.ts deploys a real Vite build), so the template tests neither
 * need nor race for web/dist.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PROJECT_ROOT } from '../../cdk/bundling.js';
import { loadEnvironmentConfig, type ContextOverrides, type EnvironmentConfig, type EnvironmentName } from '../../cdk/config.js';
import { JamrepStack } from '../../cdk/jamrep-stack.js';

export const PROD_ORIGIN = 'https://dashboard.jamrep.example.go.id';

export interface Synthesized {
  readonly app: App;
  readonly stack: JamrepStack;
  readonly template: Template;
  readonly config: EnvironmentConfig;
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

let stubBuild: string | undefined;

/** A folder shaped like web/dist: index.html and one content-hashed asset. */
export function stubDashboardBuild(): string {
  if (!stubBuild) {
    stubBuild = mkdtempSync(join(tmpdir(), 'jamrep-web-stub-'));
    mkdirSync(join(stubBuild, 'assets'));
    writeFileSync(join(stubBuild, 'index.html'), '<!doctype html><script type="module" src="/assets/index-stub.js"></script>\n');
    writeFileSync(join(stubBuild, 'assets', 'index-stub.js'), 'export {};\n');
  }
  return stubBuild;
}

export function synthesize(
  environment: EnvironmentName,
  options: { overrides?: ContextOverrides; bundle?: boolean; outdir?: string; dashboardBuildDir?: string } = {},
): Synthesized {
  const overrides = options.overrides ?? (environment === 'prod' ? { dashboardOrigins: PROD_ORIGIN } : {});
  const context: Record<string, unknown> = { ...cdkJsonContext(), environment };
  if (!options.bundle) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ context, outdir: options.outdir });
  const config = loadEnvironmentConfig(environment, overrides);
  const stack = new JamrepStack(app, config.prefix, {
    config,
    env: { region: config.region },
    dashboardBuildDir: options.dashboardBuildDir ?? stubDashboardBuild(),
  });
  return { app, stack, template: Template.fromStack(stack), config };
}

const cache = new Map<EnvironmentName, Synthesized>();

/** One synthesis per environment and test file. */
export function synthesized(environment: EnvironmentName): Synthesized {
  let result = cache.get(environment);
  if (!result) {
    result = synthesize(environment);
    cache.set(environment, result);
  }
  return result;
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

export function resources(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

export function onlyResource(template: Template, type: string, properties: Record<string, unknown> = {}): [string, Resources[string]] {
  const found = Object.entries(template.findResources(type, { Properties: properties }) as Resources);
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${JSON.stringify(properties)}, found ${found.length}`);
  return found[0]!;
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string[];
  readonly Resource: unknown[];
  readonly Sid?: string;
  readonly Condition?: Record<string, unknown>;
}

/** Logical id of the Lambda function with this physical name. */
export function functionLogicalId(template: Template, functionName: string): string {
  return onlyResource(template, 'AWS::Lambda::Function', { FunctionName: functionName })[0];
}

/** Every IAM statement attached to a function's execution role, actions and resources as arrays. */
export function roleStatements(template: Template, functionName: string): Statement[] {
  const [, fn] = onlyResource(template, 'AWS::Lambda::Function', { FunctionName: functionName });
  const roleId = ((fn.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'])[0];
  const role = template.findResources('AWS::IAM::Role')[roleId] as { Properties: Record<string, unknown> };
  if (role.Properties.ManagedPolicyArns) throw new Error(`${functionName}: role has managed policies`);
  const statements: Statement[] = [];
  for (const policy of Object.values(resources(template, 'AWS::IAM::Policy'))) {
    const roles = policy.Properties!.Roles as Array<{ Ref: string }>;
    if (!roles.some((r) => r.Ref === roleId)) continue;
    const document = policy.Properties!.PolicyDocument as { Statement: Array<Record<string, unknown>> };
    for (const s of document.Statement) {
      statements.push({
        Effect: s.Effect as string,
        Action: ([] as string[]).concat(s.Action as string | string[]),
        Resource: ([] as unknown[]).concat(s.Resource),
        ...(s.Sid ? { Sid: s.Sid as string } : {}),
        ...(s.Condition ? { Condition: s.Condition as Record<string, unknown> } : {}),
      });
    }
  }
  return statements;
}

/** `{"Fn::GetAtt": [id, attribute]}` */
export const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

/** Actions a role may perform on one resource (deep-equal match of the resource expression). */
export function actionsOn(statements: Statement[], resource: unknown): string[] {
  const key = JSON.stringify(resource);
  return statements
    .filter((s) => s.Effect === 'Allow' && s.Resource.some((r) => JSON.stringify(r) === key))
    .flatMap((s) => s.Action)
    .sort();
}

export function allActions(statements: Statement[], prefix: string): string[] {
  return [...new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action).filter((a) => a.startsWith(prefix)))].sort();
}
