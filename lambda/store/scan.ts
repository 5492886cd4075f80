/**
 * Parallel full-table scans. Only maintenance commands use them (rebuild, drift check): the request
 * path never scans.
 */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

export async function scanAll(
  client: DynamoDBClient,
  table: string,
  options: { segments?: number; onPage?: (items: number) => void; prefix?: string; projection?: readonly string[] } = {},
): Promise<Record<string, unknown>[]> {
  const segments = options.segments ?? 4;
  const pages = await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      const out: Record<string, unknown>[] = [];
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const res = await client.send(
          new ScanCommand({
            TableName: table,
            Segment: segment,
            TotalSegments: segments,
            ExclusiveStartKey: startKey,
            ...(options.prefix
              ? { FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': { S: options.prefix } } }
              : {}),
            ...(options.projection
              ? {
                  ProjectionExpression: options.projection.map((_, i) => `#p${i}`).join(', '),
                  ExpressionAttributeNames: Object.fromEntries(options.projection.map((name, i) => [`#p${i}`, name])),
                }
              : {}),
          }),
        );
        for (const item of res.Items ?? []) out.push(unmarshall(item));
        options.onPage?.(res.Items?.length ?? 0);
        startKey = res.LastEvaluatedKey;
      } while (startKey);
      return out;
    }),
  );
  return pages.flat();
}
