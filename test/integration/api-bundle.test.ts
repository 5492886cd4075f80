/**
 * The artifact that deploys is the code that was tested: the API bundle built with the stack's own
 * esbuild options (cdk/bundling.ts) answers an API Gateway v2 event against DynamoDB Local, with the
 * schema and reference data it carries next to it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle, LAMBDA_ENTRIES } from '../../cdk/bundling.js';
import { ensureAuditTable } from '../../lambda/local/audit-table.js';
import { ensureTables } from '../../lambda/local/create-tables.js';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../lambda/local/dynamodb-local.js';
import { createLocalDynamoDbClient } from '../../lambda/local/local-clients.js';
import { graphqlEvent, lambdaContext } from '../support/api-event.js';
import { AUDITOR, authorized, claimsFor } from '../support/identities.js';

let ddb: DynamoDbLocal | undefined;
afterAll(() => ddb?.stop());

describe('the deployed API bundle', () => {
  it('answers a GraphQL request in an API Gateway v2 event, reading schema and reference data from its own folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'jamrep-bundle-'));
    const bundle = await buildBundle(LAMBDA_ENTRIES.api, out);
    ddb = await startDynamoDbLocal({ quiet: true });
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: ddb.endpoint,
      TABLE_NAME: 'bundle',
      NIK_HASH_KEY: 'bundle-test',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    // The bundle must find schema/ and reference/ beside itself (it walks up from its own file).
    delete process.env.JAMREP_ASSET_ROOT;
    await ensureTables(createLocalDynamoDbClient(ddb.endpoint), { recordsTable: 'bundle-records', statsTable: 'bundle-stats' });
    await ensureAuditTable(createLocalDynamoDbClient(ddb.endpoint), 'bundle-audit');
    const { handler } = (await import(pathToFileURL(bundle).href)) as {
      handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>;
    };
    // As API Gateway delivers it after its JWT authorizer.
    const res = await handler(authorized(graphqlEvent({ query: '{ regions { code name children(level: REGENCY) { code } } }' }), claimsFor(AUDITOR)), lambdaContext());
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body) as { data: { regions: Array<{ code: string; name: string; children: unknown[] }> }; extensions: { asOf: unknown } };
    expect(body.data.regions).toEqual([expect.objectContaining({ code: '35', name: 'Jawa Timur' })]);
    expect(body.data.regions[0]!.children).toHaveLength(38);
    expect(body.extensions).toHaveProperty('asOf', null);
  });
});
