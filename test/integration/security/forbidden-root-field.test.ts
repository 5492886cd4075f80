/**
 * What a client gets when one root field of a request is out of the caller's scope: the root fields are
 * non-null (schema/*.graphql: `stats(...): StatsResult!`, `viewer: Viewer!`), so GraphQL's null
 * propagation turns the whole `data` into null, and the in-scope field of the same request does not
 * answer either. The README's error section says so; asked alone, the in-scope field answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => platform?.stop());

const REGENCY = { role: 'REGENCY', region: '35.09' } as const;
const OTHER = '{ viewer { role } stats(measures: [ACTIVE_PARTICIPANTS], filter: { region: ["35.10"] }, from: "2025-01", to: "2025-01") { rows { regionCode } } }';

describe('FORBIDDEN on a non-null root field', () => {
  it('nulls the whole data, the in-scope viewer field included, with one FORBIDDEN error naming the region', async () => {
    const res = await platform.graphql(OTHER, undefined, REGENCY);
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.region])).toEqual([['FORBIDDEN', '35.10']]);
  });

  it('answers the in-scope field when it is asked alone', async () => {
    const res = await platform.graphql('{ viewer { role } }', undefined, REGENCY);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ viewer: { role: 'REGENCY' } });
  });
});
