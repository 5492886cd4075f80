/**
 * Reads one shard of a DynamoDB stream in order, surviving the ways a shard iterator goes bad: it
 * expires (after 15 minutes, in AWS and in DynamoDB Local), or DynamoDB Local rejects it with
 * TrimmedDataAccessException or "Invalid ShardId in ShardIterator" for a shard that is still readable.
 * The reader remembers the last sequence number it returned and resumes after it; when it has to fall
 * back to the start of the shard it skips what it already returned, so no record is lost or repeated.
 */
import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ResourceNotFoundException,
  TrimmedDataAccessException,
  type DynamoDBStreamsClient,
  type _Record as StreamsRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { compareSequenceNumbers } from './stream-records.js';

/** GetRecords returns at most 1,000 records per call. */
export const GET_RECORDS_LIMIT = 1000;
/** Fresh iterators tried within one read before the error is passed on. */
const ITERATOR_RENEWALS_PER_READ = 3;

export class ShardReader {
  private iterator: string | undefined;
  private lastSequenceNumber: string | undefined;
  /** The position after `lastSequenceNumber` is unusable: restart from the shard's start and skip. */
  private fromTrimHorizon = false;
  /** No further record will come: the shard was closed and read to its end, or no longer exists. */
  closed = false;

  /** `resumeAfter`: a checkpoint, the last sequence number already handled in an earlier run. */
  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly streamArn: string,
    readonly shardId: string,
    private readonly signal: AbortSignal,
    resumeAfter?: string,
  ) {
    this.lastSequenceNumber = resumeAfter;
  }

  /** The next records of the shard, up to `limit`; an empty list when none are there now. */
  async read(limit: number): Promise<StreamsRecord[]> {
    let renewals = 0;
    while (!this.closed) {
      if (!this.iterator) {
        this.iterator = await this.acquireIterator();
        if (!this.iterator) return [];
      }
      try {
        const output = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: this.iterator, Limit: Math.min(limit, GET_RECORDS_LIMIT) }),
          { abortSignal: this.signal },
        );
        this.iterator = output.NextShardIterator;
        if (!output.NextShardIterator) this.closed = true;
        const records = output.Records ?? [];
        const fresh = this.afterLastReturned(records);
        // Only records already returned (re-read after a restart from the shard's start): read on, so
        // that an empty answer keeps meaning "nothing new in the shard".
        if (fresh.length === 0 && records.length > 0) continue;
        return fresh;
      } catch (error) {
        if (++renewals >= ITERATOR_RENEWALS_PER_READ) throw error;
        this.iterator = undefined;
        if (error instanceof ExpiredIteratorException) continue;
        if (error instanceof TrimmedDataAccessException || isInvalidShardIdInIterator(error)) {
          this.fromTrimHorizon = true;
          continue;
        }
        throw error;
      }
    }
    return [];
  }

  /**
   * Moves past every record in the shard now, without returning them: a mapping created at LATEST.
   * Returns the last sequence number passed (undefined when the shard held none), for the checkpoint.
   */
  async skipToEnd(): Promise<string | undefined> {
    while (!this.closed && (await this.read(GET_RECORDS_LIMIT)).length > 0) {
      // read() remembers the last record it returned; the next read starts after it.
    }
    return this.lastSequenceNumber;
  }

  private async acquireIterator(): Promise<string | undefined> {
    const resumeAfter = this.fromTrimHorizon ? undefined : this.lastSequenceNumber;
    try {
      const output = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: this.shardId,
          ...(resumeAfter
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: resumeAfter }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
        { abortSignal: this.signal },
      );
      if (!output.ShardIterator) this.closed = true;
      return output.ShardIterator;
    } catch (error) {
      // The shard is past the stream's retention: nothing more can be read from it.
      if (error instanceof ResourceNotFoundException) {
        this.closed = true;
        return undefined;
      }
      if (error instanceof TrimmedDataAccessException && resumeAfter) {
        this.fromTrimHorizon = true;
        return this.acquireIterator();
      }
      throw error;
    }
  }

  private afterLastReturned(records: StreamsRecord[]): StreamsRecord[] {
    const last = this.lastSequenceNumber;
    const fresh =
      last === undefined ? records : records.filter((r) => compareSequenceNumbers(sequenceNumber(r), last) > 0);
    if (fresh.length > 0) {
      this.lastSequenceNumber = sequenceNumber(fresh[fresh.length - 1]!);
      this.fromTrimHorizon = false;
    }
    return fresh;
  }
}

function sequenceNumber(record: StreamsRecord): string {
  const value = record.dynamodb?.SequenceNumber;
  if (value === undefined) throw new Error(`Stream record ${record.eventID ?? '?'} has no sequence number`);
  return value;
}

/** DynamoDB Local's (undocumented) answer to an iterator of a shard it has re-created. */
function isInvalidShardIdInIterator(error: unknown): boolean {
  return error instanceof ResourceNotFoundException && /Invalid ShardId in ShardIterator/i.test(error.message);
}
