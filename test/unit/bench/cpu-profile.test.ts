/**
 * The aggregator profile's grouping (bench/cpu-profile.ts): each sampled frame goes to the part of the
 * work it belongs to, and sample counts become shares of the wall time.
 */
import { describe, expect, it } from 'vitest';
import { profileGroupOf, summariseSamples } from '../../../bench/cpu-profile.js';

describe('aggregator profile', () => {
  it('groups frames by the code they run in', () => {
    expect(profileGroupOf('(idle)', '')).toBe('idle (waiting for I/O)');
    expect(profileGroupOf('(garbage collector)', '')).toBe('garbage collection');
    expect(profileGroupOf('(program)', '')).toBe('other native');
    expect(profileGroupOf('add', 'file:///p/lambda/aggregate/rollup-deltas.ts')).toBe('rollup deltas');
    expect(profileGroupOf('factsOf', 'file:///p/lambda/aggregate/facts.ts')).toBe('rollup deltas');
    expect(profileGroupOf('ageBand', 'file:///p/lambda/domain/age-band.ts')).toBe('rollup deltas');
    expect(profileGroupOf('applyDeltas', 'file:///p/lambda/store/rollup-store.ts')).toBe('aggregator and store');
    expect(profileGroupOf('aggregateBatch', 'file:///p/lambda/aggregate/aggregator.ts')).toBe('aggregator and store');
    expect(profileGroupOf('run', 'file:///p/lambda/local/shard-worker.ts')).toBe('stream poller');
    expect(profileGroupOf('serialize', 'file:///p/node_modules/@smithy/core/dist-cjs/index.js')).toBe('AWS SDK');
    expect(profileGroupOf('unmarshall', 'file:///p/node_modules/@aws-sdk/util-dynamodb/dist-cjs/index.js')).toBe('AWS SDK');
    expect(profileGroupOf('limit', 'file:///p/node_modules/p-limit/index.js')).toBe('other packages');
    expect(profileGroupOf('write', 'node:internal/stream_base_commons')).toBe('Node internals');
  });

  it('turns sample counts into milliseconds of the wall time', () => {
    const node = (id: number, functionName: string, url: string, hitCount: number) => ({ id, callFrame: { functionName, url }, hitCount });
    const { mainThreadMs, samples } = summariseSamples(
      [
        node(1, '(root)', '', 0),
        node(2, '(idle)', '', 600),
        node(3, 'add', 'file:///p/lambda/aggregate/rollup-deltas.ts', 300),
        node(4, 'ageBand', 'file:///p/lambda/domain/age-band.ts', 50),
        node(5, '(garbage collector)', '', 50),
      ],
      10_000,
    );
    expect(samples).toBe(1_000);
    // 600, 350 and 50 of 1,000 samples over 10 s.
    expect(mainThreadMs['idle (waiting for I/O)']).toBe(6_000);
    expect(mainThreadMs['rollup deltas']).toBe(3_500);
    expect(mainThreadMs['garbage collection']).toBe(500);
    expect(mainThreadMs['AWS SDK']).toBe(0);
  });
});
