/**
 * The message an event source mapping sends to its on-failure destination (SQS or SNS) when it gives
 * up on DynamoDB stream records. Like the real one it describes the batch (shard, sequence range) and
 * does not carry the records; the local poller passes those beside it for convenience.
 */
import { randomUUID } from 'node:crypto';
import { LOCAL_DEFAULTS } from '../config.js';
import type { DiscardedRecords } from './stream-delivery.js';
import { sequenceNumberOf } from './stream-records.js';

export interface StreamFailureMessage {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: DiscardedRecords['condition'];
    approximateInvokeCount: number;
  };
  responseContext: {
    statusCode: number;
    executedVersion: string;
    functionError: string;
  };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export function toFailureMessage(
  discarded: DiscardedRecords,
  source: { shardId: string; streamArn: string; functionName: string; region?: string },
): StreamFailureMessage {
  const first = discarded.records[0]!;
  const last = discarded.records[discarded.records.length - 1]!;
  const arrival = (seconds: number | undefined) =>
    new Date((seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const region = source.region ?? LOCAL_DEFAULTS.region;
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: `arn:aws:lambda:${region}:000000000000:function:${source.functionName}`,
      condition: discarded.condition,
      approximateInvokeCount: discarded.approximateInvokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      functionError: discarded.error ? 'Unhandled' : '',
    },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId: source.shardId,
      startSequenceNumber: sequenceNumberOf(first),
      endSequenceNumber: sequenceNumberOf(last),
      approximateArrivalOfFirstRecord: arrival(first.dynamodb?.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: arrival(last.dynamodb?.ApproximateCreationDateTime),
      batchSize: discarded.records.length,
      streamArn: source.streamArn,
    },
  };
}
