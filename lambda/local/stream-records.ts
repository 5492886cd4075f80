/**
 * Stream records as the DynamoDB Streams API returns them (through the SDK) -> records as Lambda
 * delivers them to a function. The two differ in small ways a handler can trip over: Lambda gives
 * `ApproximateCreationDateTime` in epoch seconds (the SDK parses it into a Date), binary attributes as
 * base64 strings (the SDK decodes them into bytes), and adds `eventSourceARN`.
 */
import type { AttributeValue as StreamsAttributeValue, _Record as StreamsRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord, StreamRecord } from 'aws-lambda';

export type AttributeMap = Record<string, AttributeValue>;

export function toLambdaRecord(record: StreamsRecord, streamArn: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const dynamodb: StreamRecord = {};
  if (stream.ApproximateCreationDateTime !== undefined) {
    dynamodb.ApproximateCreationDateTime = Math.floor(new Date(stream.ApproximateCreationDateTime).getTime() / 1000);
  }
  if (stream.Keys) dynamodb.Keys = toLambdaAttributeMap(stream.Keys);
  if (stream.NewImage) dynamodb.NewImage = toLambdaAttributeMap(stream.NewImage);
  if (stream.OldImage) dynamodb.OldImage = toLambdaAttributeMap(stream.OldImage);
  if (stream.SequenceNumber !== undefined) dynamodb.SequenceNumber = stream.SequenceNumber;
  if (stream.SizeBytes !== undefined) dynamodb.SizeBytes = stream.SizeBytes;
  if (stream.StreamViewType !== undefined) dynamodb.StreamViewType = stream.StreamViewType;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb,
    eventSourceARN: streamArn,
    // Present only on deletions by TTL. The Streams API spells the fields PrincipalId/Type; Lambda's
    // event has { type: 'Service', principalId: 'dynamodb.amazonaws.com' }.
    ...(record.userIdentity
      ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } }
      : {}),
  };
}

export function toLambdaAttributeMap(map: Record<string, StreamsAttributeValue>): AttributeMap {
  const out: AttributeMap = {};
  for (const [name, value] of Object.entries(map)) out[name] = toLambdaAttributeValue(value);
  return out;
}

function toLambdaAttributeValue(value: StreamsAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttributeValue) };
  if (value.M !== undefined) return { M: toLambdaAttributeMap(value.M) };
  throw new Error(`Unsupported attribute value in stream record: ${Object.keys(value).join(', ')}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Sequence numbers are decimal strings of varying length: compare them as integers, not as text. */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sequenceNumberOf(record: DynamoDBRecord): string {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  if (sequenceNumber === undefined) throw new Error(`Stream record ${record.eventID ?? '?'} has no sequence number`);
  return sequenceNumber;
}
