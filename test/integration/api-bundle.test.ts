/**
 * The artifact that deploys is the code that was tested: the API bundle built with the stack's own
 * esbuild options (cdk/bundling.ts) answers an API Gateway v2 event against DynamoDB Local, with the
 * schema and reference data it carries next to it.
 */
import { createHash } from 'node:crypto';
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
      handler: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string; headers?: Record<string, string> }>;
    };
    // As API Gateway delivers it after its JWT authorizer.
    const query = '{ regions { code name children(level: REGENCY) { code } } district: region(code: "52.03.05") { name level parent { name } } }';
    const res = await handler(authorized(graphqlEvent({ query }), claimsFor(AUDITOR)), lambdaContext());
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body) as {
      data: { regions: Array<{ code: string; name: string; children: unknown[] }>; district: unknown };
      extensions: { asOf: unknown };
    };
    // The regions of reference/regions.json (idn-area-data 4.0.1), read from the copy beside the bundle.
    expect(body.data.regions).toHaveLength(38);
    const eastJava = body.data.regions.find((r) => r.code === '35');
    expect(eastJava).toMatchObject({ name: 'Jawa Timur' });
    expect(eastJava!.children).toHaveLength(38);
    expect(body.data.district).toEqual({ name: 'Masbagik', level: 'DISTRICT', parent: { name: 'Kabupaten Lombok Timur' } });
    expect(body.extensions).toHaveProperty('asOf', null);
    // Never stored by a cache on the way, answered or refused (server.ts, noStorePlugin).
    expect(res.headers?.['cache-control']).toBe('no-store');
    const invalid = await handler(authorized(graphqlEvent({ query: '{ noSuchField }' }), claimsFor(AUDITOR)), lambdaContext());
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers?.['cache-control']).toBe('no-store');

    // Automatic persisted queries: Apollo checks the client's SHA-256 of the query (with Node's crypto in
    // the bundle, cdk/stubs/apollo-utils-createhash.ts), then answers the hash alone from its cache.
    const small = '{ regions { code } }';
    const sha256Hash = createHash('sha256').update(small).digest('hex');
    const persistedQuery = { version: 1, sha256Hash };
    const registered = await handler(authorized(graphqlEvent({ query: small, extensions: { persistedQuery } }), claimsFor(AUDITOR)), lambdaContext());
    expect(registered.statusCode).toBe(200);
    const byHash = await handler(authorized(graphqlEvent({ extensions: { persistedQuery } }), claimsFor(AUDITOR)), lambdaContext());
    expect((JSON.parse(byHash.body) as { data: { regions: unknown[] } }).data.regions).toHaveLength(38);
    const wrong = { version: 1, sha256Hash: createHash('sha256').update(`${small} `).digest('hex') };
    const mismatched = await handler(authorized(graphqlEvent({ query: small, extensions: { persistedQuery: wrong } }), claimsFor(AUDITOR)), lambdaContext());
    // Refused, not answered (Apollo's "provided sha does not match query" reaches the client as a 500).
    expect(mismatched.statusCode).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(mismatched.body)).not.toHaveProperty('data');
  });
});
