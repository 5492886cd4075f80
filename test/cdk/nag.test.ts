/**
 * cdk-nag AWS Solutions checks: no unacknowledged finding in either environment, and every
 * acknowledgement is deliberate (listed here), explained, and still needed.
 */
import { Validations, type PolicyViolation } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnvironmentName } from '../../cdk/config.js';
import { synthesized } from './support.js';

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgements(root: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [qualified, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: node.node.path, id: qualified.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}

/** The findings cdk-nag would report if nothing were acknowledged. */
function unacknowledgedRun(root: IConstruct): PolicyViolation[] {
  const pack = new AwsSolutionsChecks();
  // cdk-nag exposes no switch for this; its (private) acknowledgement lookup is replaced instead.
  Reflect.set(pack, 'isAcknowledged', () => false);
  return [...pack.validateScope(root).violations];
}

const describeViolations = (violations: readonly PolicyViolation[]) =>
  violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}: ${v.description}`));

/** Every rule acknowledged somewhere, and why it is acceptable (the reasons live next to the resources). */
const EXPECTED: Record<EnvironmentName, string[]> = {
  prod: [
    'AwsSolutions-CFR1', // dashboard distribution: no geo restriction (static code, no data; officials abroad)
    'AwsSolutions-CFR2', // dashboard distribution: no WAF (us-east-1 web ACL; static files only; the API throttles)
    'AwsSolutions-CFR4', // dashboard distribution: default *.cloudfront.net certificate, TLS floor not selectable
    // CDK's BucketDeployment function (uploads the dashboard at deployment): managed basic execution role,
    // CDK's grant action groups on the asset and dashboard buckets, and cache invalidation on "*".
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AwsSolutions-IAM5[Action::s3:Abort*]',
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
    'AwsSolutions-IAM5[Action::s3:GetBucket*]',
    'AwsSolutions-IAM5[Action::s3:GetObject*]',
    'AwsSolutions-IAM5[Action::s3:List*]',
    'AwsSolutions-IAM5[Resource::<assets>/*]',
    'AwsSolutions-IAM5[Resource::<dashboard>/*]',
    'AwsSolutions-IAM5[Resource::<ExportsBucket54D5CE64.Arn>/exports/*]', // the API writes generated export files under exports/
    'AwsSolutions-IAM5[Resource::*]', // X-Ray (all functions) and dynamodb:ListStreams (aggregator): no resource-level permissions; CloudFront invalidation
    'AwsSolutions-IAM5[Resource::<uploads>/budgets/*]', // importer reads uploaded files, per import folder
    'AwsSolutions-IAM5[Resource::<uploads>/claims/*]',
    'AwsSolutions-IAM5[Resource::<uploads>/contributions/*]',
    'AwsSolutions-IAM5[Resource::<uploads>/participants/*]',
    'AwsSolutions-IAM5[Resource::<uploads>/targets/*]',
    'AwsSolutions-IAM5[Resource::<uploads>/budgets/uploads/*]', // the API signs dashboard upload PUTs, per import folder
    'AwsSolutions-IAM5[Resource::<uploads>/claims/uploads/*]',
    'AwsSolutions-IAM5[Resource::<uploads>/contributions/uploads/*]',
    'AwsSolutions-IAM5[Resource::<uploads>/participants/uploads/*]',
    'AwsSolutions-IAM5[Resource::<uploads>/targets/uploads/*]',
    'AwsSolutions-L1', // nodejs22.x pinned (the bundle target; nodejs20.x is past end of support); BucketDeployment's Python runtime pinned by aws-cdk-lib
    'AwsSolutions-SMG4', // rotating the NIK hash key would orphan every stored hash
    'AwsSolutions-SQS3', // the failure queues are themselves the dead-letter destinations
  ],
  dev: [],
};
EXPECTED.dev = [...EXPECTED.prod, 'AwsSolutions-COG2', 'AwsSolutions-COG8']; // optional MFA, Essentials tier: dev only

describe.each(['dev', 'prod'] as const)('cdk-nag AWS Solutions checks (%s)', (environment) => {
  beforeAll(() => {
    synthesized(environment);
  });

  it('reports no unacknowledged error or warning', () => {
    const { stack } = synthesized(environment);
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(describeViolations(report.violations)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only the reviewed rules, each with a reason a reviewer can check', () => {
    const { stack } = synthesized(environment);
    const acks = acknowledgements(stack).filter((a) => a.id.startsWith('AwsSolutions-'));
    // Bucket ARNs are part of the finding ids; name them for readability.
    const ids = acks.map((a) =>
      a.id
        .replace(/arn:<AWS::Partition>:s3:::jamrep-(dev|prod)-uploads-<AWS::AccountId>-ap-southeast-3/, '<uploads>')
        .replace(/arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-ap-southeast-3/, '<assets>')
        .replace(/<DashboardSite[0-9A-F]{8}\.Arn>/, '<dashboard>'),
    );
    expect([...new Set(ids)].sort()).toEqual([...EXPECTED[environment]].sort());
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(80);
    }
  });

  it('acknowledges nothing that is not actually found', () => {
    const { stack } = synthesized(environment);
    const raw = unacknowledgedRun(stack);
    for (const ack of acknowledgements(stack).filter((a) => a.id.startsWith('AwsSolutions-'))) {
      const matched = raw.some(
        (v) =>
          v.ruleName === ack.id &&
          v.violatingResources.some((r) => r.constructPath === ack.path || (r.constructPath ?? '').startsWith(`${ack.path}/`)),
      );
      expect(matched, `stale acknowledgement ${ack.id} at ${ack.path}`).toBe(true);
    }
  });
});
