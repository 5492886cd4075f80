/**
 * The data at rest: the customer-managed key, the DynamoDB tables built from the one table
 * definition in `lambda/store/table-schema.ts` (the local platform builds its tables from the same
 * module), the append-only query audit log, and the secret holding the keyed-hash key for NIKs.
 *
 * Access is granted here, per use, with explicit actions on explicit ARNs: the generic
 * `table.grantReadData` would add Scan and index wildcards that no function needs.
 */
import { Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  AUDIT_TABLE,
  INDEX,
  KEY,
  physicalTableName,
  TABLES,
  type TableDefinition,
} from '../../lambda/store/table-schema.js';
import { auditKeys, importLedgerKeys } from '../../lambda/store/keys.js';
import type { EnvironmentConfig } from '../config.js';

type TableId = TableDefinition['id'];

/** What a DynamoDB caller needs on a customer-managed table key (DynamoDB decrypts the table key). */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = [...KEY_READ_ACTIONS, 'kms:Encrypt', 'kms:GenerateDataKey'];

/** Every data-plane action that changes or removes an existing item. Denied on the audit table to everyone. */
export const AUDIT_TABLE_DENIED_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
] as const;

export interface DataProps {
  readonly config: EnvironmentConfig;
}

export class Data extends Construct {
  /** Encrypts the tables, their stream, the ingest bucket and the NIK hash secret. */
  readonly key: kms.Key;
  readonly tables: Readonly<Record<TableId, dynamodb.Table>>;
  /** The query audit log: entries are appended, never updated or deleted (docs/security.md). */
  readonly auditTable: dynamodb.Table;
  readonly nikHashKeySecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, { config }: DataProps) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      alias: `alias/${config.prefix}-data`,
      description: `jamrep ${config.name}: participant records, statistics, uploaded files, NIK hash key`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });

    const tables = {} as Record<TableId, dynamodb.Table>;
    for (const definition of TABLES) {
      tables[definition.id] = this.tableFrom(definition, config);
    }
    this.tables = tables;

    this.auditTable = new dynamodb.Table(this, 'AuditTable', {
      tableName: physicalTableName(config.prefix, AUDIT_TABLE),
      partitionKey: { name: KEY.pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: KEY.sk, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
      // No TTL and no stream, ever. The resource policy denies every principal, administrators
      // included, any change to an existing item: IAM grants alone could be widened later by mistake.
      resourcePolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'AuditLogIsAppendOnly',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: [...AUDIT_TABLE_DENIED_ACTIONS],
            resources: ['*'],
          }),
        ],
      }),
    });

    // Stored NIKs are HMACs under this key, so rotating it would orphan every stored hash:
    // generated once, never shown to anyone, readable only by the importer and the API.
    this.nikHashKeySecret = new secretsmanager.Secret(this, 'NikHashKey', {
      secretName: `${config.prefix}/nik-hash-key`,
      description: 'Key of the keyed hash (HMAC-SHA256) under which NIKs are stored and searched',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: config.removalPolicy,
    });
    Validations.of(this.nikHashKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every stored NIK is an HMAC under this key; automatic rotation would silently break every NIK lookup and the de-duplication of participants. Re-keying is a planned procedure (re-import under the new key), documented in docs/deploy.md.',
    });
  }

  private tableFrom(definition: TableDefinition, config: EnvironmentConfig): dynamodb.Table {
    const constructId = `${definition.id.charAt(0).toUpperCase()}${definition.id.slice(1)}Table`;
    const table = new dynamodb.Table(this, constructId, {
      tableName: physicalTableName(config.prefix, definition),
      partitionKey: { name: KEY.pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: KEY.sk, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.deletionProtection,
      removalPolicy: config.removalPolicy,
      stream: definition.stream ? dynamodb.StreamViewType[definition.stream] : undefined,
      timeToLiveAttribute: definition.ttlAttribute ?? undefined,
    });
    for (const index of definition.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.pk, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sk, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  /** Importer: write raw records, read them back to validate (overlapping periods, known participants). */
  grantRecordsImport(grantee: iam.IGrantable): void {
    this.allow(grantee, 'ImportRecords', [this.tables.records.tableArn], [
      'dynamodb:BatchWriteItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
    ]);
    this.key.grant(grantee, ...KEY_WRITE_ACTIONS);
  }

  /**
   * Aggregator: maintain rollups, the idempotency journal and aggregation metadata in the stats
   * table. ConditionCheckItem is what TransactWriteItems needs for a journal guard. The stream read
   * is granted by the event source mapping.
   */
  grantStatsMaintenance(grantee: iam.IGrantable): void {
    this.allow(grantee, 'MaintainStatistics', [this.tables.stats.tableArn], [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
    ]);
    this.key.grant(grantee, ...KEY_WRITE_ACTIONS);
  }

  /** API: read statistics, and the auditor drill-down into one regency's participants. No writes. */
  grantApiRead(grantee: iam.IGrantable): void {
    this.allow(grantee, 'ReadStatistics', [this.tables.stats.tableArn], [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
    ]);
    this.allow(grantee, 'ReadParticipant', [this.tables.records.tableArn], ['dynamodb:GetItem']);
    this.allow(grantee, 'DrillDownParticipantsByRegency', [this.indexArn('records', INDEX.participantsByRegency.name)], [
      'dynamodb:Query',
    ]);
    this.key.grant(grantee, ...KEY_READ_ACTIONS);
  }

  /**
   * API: close a period (PROVINCE and MINISTRY users). The only write the API makes to the stats table,
   * limited by IAM to the closed-period items' own partition keys; the item is written once
   * (attribute_not_exists), so a closed period cannot be rewritten through the API.
   */
  grantPeriodClose(grantee: iam.IGrantable): void {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
      resourceArns: [this.tables.stats.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CLOSE#v1#*'] } },
    });
    this.key.grant(grantee, ...KEY_WRITE_ACTIONS);
  }

  /**
   * API: append entries to the audit log and read it (and the import ledger) back for auditors. Appending is a
   * TransactWriteItems of two conditional puts (the entry and its sequence marker), which IAM
   * authorises as PutItem; nothing can update or delete (see also the table's resource policy).
   */
  grantAuditAppend(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AppendAuditLog',
        actions: ['dynamodb:PutItem'],
        resources: [this.auditTable.tableArn],
        // The chains only: the API cannot write into the import ledger's partition.
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [auditKeys.leadingKeyPattern] } },
      }),
    );
    this.allow(grantee, 'ReadAuditLog', [this.auditTable.tableArn], ['dynamodb:Query']);
    this.key.grant(grantee, ...KEY_WRITE_ACTIONS);
  }

  /**
   * Importer: append import ledger entries (a transaction of two conditional puts, the entry and its
   * import-id pointer, which IAM authorises as PutItem), limited by IAM to the ledger's own
   * partition in the audit table, so an importer can neither read the query audit log nor write into
   * its chains. No update or delete (the table's resource policy denies them to everyone).
   */
  grantImportLedgerAppend(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AppendImportLedger',
        actions: ['dynamodb:PutItem'],
        resources: [this.auditTable.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [importLedgerKeys.leadingKeyPattern] } },
      }),
    );
    this.key.grant(grantee, ...KEY_WRITE_ACTIONS);
  }

  /**
   * API: the status of a dashboard upload, two point reads in the import ledger's partition (the import
   * id's pointer, then its entry). GetItem only, and only there (the API already may Query the table for
   * the auditors' views); it writes nothing into the ledger.
   */
  grantImportLedgerRead(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadUploadStatus',
        actions: ['dynamodb:GetItem'],
        resources: [this.auditTable.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [importLedgerKeys.leadingKeyPattern] } },
      }),
    );
    this.key.grant(grantee, ...KEY_READ_ACTIONS);
  }

  /** Read access to the NIK hash key (importer and API only). */
  grantNikHashKeyRead(grantee: iam.IGrantable): void {
    this.nikHashKeySecret.grantRead(grantee);
  }

  indexArn(table: TableId, indexName: string): string {
    return `${this.tables[table].tableArn}/index/${indexName}`;
  }

  private allow(grantee: iam.IGrantable, sid: string, resources: string[], actions: string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources }));
  }
}
