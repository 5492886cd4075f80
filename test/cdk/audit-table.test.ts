/**
 * The query audit log's storage: appended by the API only, never updated or deleted by anyone
 * (issue 5: "stored append-only, no update or delete permission for any function").
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOn, allActions, getAtt, onlyResource, resources, roleStatements, synthesized } from './support.js';

const dev = () => synthesized('dev');
const prod = () => synthesized('prod');
beforeAll(() => {
  dev();
  prod();
});

const auditTable = (env: 'dev' | 'prod' = 'dev') =>
  onlyResource((env === 'dev' ? dev() : prod()).template, 'AWS::DynamoDB::Table', { TableName: `jamrep-${env}-audit` });
const FUNCTIONS = ['jamrep-dev-api', 'jamrep-dev-importer', 'jamrep-dev-aggregator'];
const CHANGES = ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete'];

describe('query audit log table', () => {
  it('is an on-demand table with PITR and the customer-managed key, and never expires or streams entries', () => {
    const [, table] = auditTable();
    const [dataKeyId] = onlyResource(dev().template, 'AWS::KMS::Key', { Description: Match.stringLikeRegexp('participant records') });
    expect(table.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(dataKeyId) },
    });
    for (const absent of ['TimeToLiveSpecification', 'StreamSpecification', 'GlobalSecondaryIndexes']) expect(table.Properties).not.toHaveProperty(absent);
  });

  it('is retained with deletion protection in prod', () => {
    const [, table] = auditTable('prod');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties!.DeletionProtectionEnabled).toBe(true);
  });

  it('denies every principal any change to an existing entry, in the table\'s own resource policy', () => {
    const [, table] = auditTable();
    const statements = (table.Properties!.ResourcePolicy as { PolicyDocument: { Statement: Array<Record<string, unknown>> } }).PolicyDocument.Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' }, Action: expect.arrayContaining(CHANGES), Resource: '*' }),
    );
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });

  it('lets the API append to the chains and read, the importer append to the import ledger only, and no function update or delete', () => {
    const [auditId] = auditTable();
    const table = getAtt(auditId);
    const api = roleStatements(dev().template, 'jamrep-dev-api');
    expect(actionsOn(api, table)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    expect(api.find((s) => s.Action.includes('dynamodb:PutItem') && s.Resource.some((r) => JSON.stringify(r) === JSON.stringify(table)))!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#v1#CHAIN#*'] },
    });
    // An upload's status: point reads (the import id's pointer and its entry) in the ledger's partition only.
    expect(api.filter((s) => s.Action.includes('dynamodb:GetItem') && s.Resource.some((r) => JSON.stringify(r) === JSON.stringify(table)))).toEqual([
      { Effect: 'Allow', Sid: 'ReadUploadStatus', Action: ['dynamodb:GetItem'], Resource: [table], Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['IMPORT#v1'] } } },
    ]);
    // The import ledger (issue 15): puts on its own partition, nothing else on the audit table.
    const importer = roleStatements(dev().template, 'jamrep-dev-importer').filter((s) => s.Resource.some((r) => JSON.stringify(r) === JSON.stringify(table)));
    expect(importer).toEqual([
      { Effect: 'Allow', Sid: 'AppendImportLedger', Action: ['dynamodb:PutItem'], Resource: [table], Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['IMPORT#v1'] } } },
    ]);
    expect(actionsOn(roleStatements(dev().template, 'jamrep-dev-aggregator'), table)).toEqual([]);
    for (const name of FUNCTIONS) {
      const onAudit = roleStatements(dev().template, name).filter((s) => s.Resource.some((r) => JSON.stringify(r).includes(auditId)));
      expect(onAudit.flatMap((s) => s.Action).filter((a) => CHANGES.includes(a)), name).toEqual([]);
    }
  });

  it('tells the API and the importer where the audit table is', () => {
    const [auditId] = auditTable();
    dev().template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'jamrep-dev-importer',
      Environment: { Variables: Match.objectLike({ AUDIT_TABLE: { Ref: auditId } }) },
    });
    dev().template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'jamrep-dev-api',
      Environment: { Variables: Match.objectLike({ AUDIT_TABLE: { Ref: auditId }, API_REQUEST_TIMEOUT_MS: '8000' }) },
    });
  });

  it('adds no table-wide grant: every DynamoDB permission names its table or index', () => {
    for (const name of FUNCTIONS) {
      const wildcard = roleStatements(dev().template, name).filter((s) => s.Action.some((a) => a.startsWith('dynamodb:')) && s.Resource.includes('*'));
      expect(wildcard.flatMap((s) => s.Action).filter((a) => a !== 'dynamodb:ListStreams'), name).toEqual([]);
    }
    expect(allActions(roleStatements(dev().template, 'jamrep-dev-api'), 'dynamodb:')).not.toContain('dynamodb:Scan');
    expect(Object.keys(resources(dev().template, 'AWS::DynamoDB::Table'))).toHaveLength(3);
  });
});
