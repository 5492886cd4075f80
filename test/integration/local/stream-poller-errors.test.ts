import { describe, expect, it } from 'vitest';
import { itemNumber, range, recordingHandler, useStreamHarness } from './stream-support.js';

const { newRecordsTable, putItems, startPoller } = useStreamHarness();

describe('stream poller: Lambda error handling', () => {
  it('redelivers the same batch after the handler throws', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 4));
    const { handler, invocations } = recordingHandler((_event, call) => {
      if (call === 1) throw new Error('transient');
    });
    const { poller, failures } = await startPoller(table, handler);
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 4), range(1, 4)]);
    expect(invocations[1]!.sequenceNumbers).toEqual(invocations[0]!.sequenceNumbers);
    expect(failures).toEqual([]);
    expect(poller.stats()).toMatchObject({ invocations: 2, failedInvocations: 1, recordsProcessed: 4 });
  });

  it('with bisectBatchOnFunctionError, retries a failed batch as two halves until the bad record is isolated', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 8));
    // Item 6 is poison. Worked by hand with maximumRetryAttempts 4, each failure counting one retry
    // against the records it carried, a split being the retry: [1-8] fails (retry 1 as halves) ->
    // [1-4] ok; [5-8] fails (retry 2) -> [5,6] fails (retry 3) -> [5] ok; [6] fails (retry 4) -> [6]
    // fails, a 5th retry is not allowed -> discarded after 5 invocations; then [7,8] ok.
    const { handler, invocations } = recordingHandler((event) => {
      if (event.Records.some((r) => itemNumber(r) === 6)) throw new Error('poison record');
    });
    const { poller, failures } = await startPoller(table, handler, {
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 4,
    });
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 8), range(1, 4), range(5, 8), [5, 6], [5], [6], [6], [7, 8]]);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.details.records.map(itemNumber)).toEqual([6]);
    expect(failures[0]!.message.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 5 });
    expect(poller.stats()).toMatchObject({ invocations: 8, failedInvocations: 5, recordsProcessed: 7, recordsDiscarded: 1 });
  });

  it('resumes from the lowest sequence number reported in batchItemFailures', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 6));
    const { handler, invocations } = recordingHandler((event, call) => {
      if (call > 1) return undefined;
      const failed = event.Records.filter((r) => [5, 3].includes(itemNumber(r)));
      return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    });
    const { poller } = await startPoller(table, handler);
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 6), range(3, 6)]);
    expect(poller.stats()).toMatchObject({ recordsProcessed: 6, failedInvocations: 1 });
  });

  it('treats an unknown itemIdentifier as a failure of the whole batch', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 3));
    const { handler, invocations } = recordingHandler((_event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] } : undefined,
    );
    const { poller } = await startPoller(table, handler);
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 3), range(1, 3)]);
  });

  it('ignores batchItemFailures when the mapping does not report batch item failures', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 3));
    const { handler, invocations } = recordingHandler((event) => ({
      batchItemFailures: [{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber! }],
    }));
    const { poller } = await startPoller(table, handler, { reportBatchItemFailures: false });
    await poller.waitForIdle();
    expect(invocations.map((i) => i.items)).toEqual([range(1, 3)]);
  });

  it('after maximumRetryAttempts hands the batch to onFailure and moves on', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 3));
    const { handler, invocations } = recordingHandler((event) => {
      if (event.Records.some((r) => itemNumber(r) <= 3)) throw new Error('always fails');
    });
    const { poller, failures } = await startPoller(table, handler, { maximumRetryAttempts: 2 });
    await poller.waitForIdle();
    await putItems(table, [4]);
    await poller.waitForIdle();

    // One invocation plus two retries, then the next records.
    expect(invocations.map((i) => i.items)).toEqual([range(1, 3), range(1, 3), range(1, 3), [4]]);
    expect(failures).toHaveLength(1);
    const [{ message, details }] = failures as [(typeof failures)[number]];
    const sequenceNumbers = invocations[0]!.sequenceNumbers;
    expect(message).toMatchObject({
      version: '1.0',
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 3 },
      responseContext: { functionError: 'Unhandled' },
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: sequenceNumbers[0],
        endSequenceNumber: sequenceNumbers[2],
        batchSize: 3,
        streamArn: poller.streamArn,
      },
    });
    expect(details.records.map(itemNumber)).toEqual([1, 2, 3]);
    expect(details.error?.message).toBe('always fails');
  });

  it('hands records older than maximumRecordAgeSeconds to onFailure without invoking', async () => {
    const table = await newRecordsTable();
    await putItems(table, range(1, 3));
    const { handler, invocations } = recordingHandler();
    // AWS accepts 60 s at least; 0 makes every record too old at once (DynamoDB Local also rounds
    // creation times down to the minute).
    const { poller, failures } = await startPoller(table, handler, { maximumRecordAgeSeconds: 0 });
    await poller.waitForIdle();
    expect(invocations).toEqual([]);
    expect(failures.map((f) => f.message.requestContext)).toMatchObject([{ condition: 'RecordAgeExceeded', approximateInvokeCount: 0 }]);
    expect(failures[0]!.details.records.map(itemNumber)).toEqual([1, 2, 3]);
  });

  it('reports what is pending when it cannot become idle', async () => {
    const table = await newRecordsTable();
    await putItems(table, [1]);
    const { handler } = recordingHandler(() => {
      throw new Error('never succeeds');
    });
    const { poller } = await startPoller(table, handler, { maximumRetryAttempts: -1, retryDelayMs: 20 });
    await expect(poller.waitForIdle(800)).rejects.toThrow(/not idle after 800 ms; pending shards: shardId-\S+ \(running, 0 buffered, delivering/);
  });
});
