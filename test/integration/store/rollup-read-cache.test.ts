/**
 * A request reads each rollup item once: the national realization asks the same items for the country
 * and again for each province, and the API's per-request store answers the repeats from what it read.
 * Across requests nothing is cached, so a new request sees new figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RollupStore, type ReadCounter } from '../../../lambda/store/rollup-store.js';
import { startTestPlatform, type TestPlatform } from '../../support/platform.js';
import { toCsv } from '../../support/random-dataset.js';
import { securityDataset } from '../../support/security-dataset.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
  expect((await platform.importCsv('participants', toCsv(securityDataset().participants))).errors).toEqual([]);
  await platform.drain();
});
afterAll(() => platform?.stop());

const counter = (): ReadCounter => ({ requests: 0, items: 0, capacityUnits: 0 });
const store = () => new RollupStore(platform.runtime.ddb, platform.runtime.config.statsTable);

describe('per-request rollup reads', () => {
  it('answers a repeated range read from the first one within a request, not across requests', async () => {
    const request = store().forRequest();
    const reads = counter();
    const first = await request.readRange('cov-reg', 'MONTH', '35', '2025-01', '2025-12', reads);
    const again = await request.readRange('cov-reg', 'MONTH', '35', '2025-01', '2025-12', reads);
    expect(first.length).toBe(12);
    expect(again).toEqual(first);
    expect(reads).toMatchObject({ requests: 1, items: 12 });

    const plain = counter();
    const shared = store();
    await shared.readRange('cov-reg', 'MONTH', '35', '2025-01', '2025-12', plain);
    await shared.readRange('cov-reg', 'MONTH', '35', '2025-01', '2025-12', plain);
    expect(plain).toMatchObject({ requests: 2, items: 24 });
  });

  it('fetches by key only the items a request has not read yet, across partitions', async () => {
    const request = store().forRequest();
    const reads = counter();
    const dec = (partition: string) => ({ partition, bucket: '2025-12', block: '' });
    const one = await request.readItems('cov-reg', 'MONTH', [dec('35')], reads);
    expect(one.map((i) => i.partition)).toEqual(['35']);
    expect(reads).toMatchObject({ requests: 1, items: 1 });
    // Province 52 holds no one in this dataset: its item is absent and left out, but still asked once.
    const both = await request.readItems('cov-reg', 'MONTH', [dec('52'), dec('35'), { ...dec('35'), bucket: '2025-06' }], reads);
    expect(both.map((i) => `${i.partition} ${i.bucket}`)).toEqual(['35 2025-06', '35 2025-12']);
    expect(reads).toMatchObject({ requests: 2, items: 2 });
    await request.readItems('cov-reg', 'MONTH', [dec('52'), dec('35')], reads);
    expect(reads.requests).toBe(2);
  });
});
