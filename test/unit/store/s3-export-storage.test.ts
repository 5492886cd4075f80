/**
 * The S3 export storage without a network (there is no local S3): the PutObject request as the real S3
 * client sends it, captured at its HTTP handler, and the presigned GET, whose signature is recomputed here
 * from the SigV4 specification (presigning is offline and deterministic given credentials and time).
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { createHash, createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { S3ExportStorage } from '../../../lambda/store/s3-export-storage.js';

const CREDENTIALS = { accessKeyId: 'AKIDJAMREPTEST', secretAccessKey: 'jamrep-test-secret-key' };
const REGION = 'ap-southeast-3';
const BUCKET = 'jamrep-dev-exports-test';
const KMS_KEY = 'arn:aws:kms:ap-southeast-3:111122223333:key/00000000-1111-2222-3333-444444444444';
const NOW = new Date('2025-07-01T02:03:04.000Z');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Captured {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
}

/** An S3 client that answers every request with 200 and records it instead of sending it. */
function offlineClient(captured: Captured[]): S3ClientConfig {
  return {
    region: REGION,
    credentials: CREDENTIALS,
    requestHandler: {
      handle: async (request: Captured & { body?: unknown }) => {
        captured.push({ method: request.method, hostname: request.hostname, path: request.path, headers: { ...request.headers } });
        return { response: { statusCode: 200, headers: { etag: '"0"' }, body: Readable.from([]) } };
      },
    } as unknown as S3ClientConfig['requestHandler'],
  };
}

const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The SigV4 query-string signature of a presigned GET, computed from the specification, not the SDK. */
function expectedSignature(url: URL): string {
  const params = [...url.searchParams.entries()].filter(([k]) => k !== 'X-Amz-Signature');
  const query = params
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const signedHeaders = url.searchParams.get('X-Amz-SignedHeaders')!;
  expect(signedHeaders).toBe('host');
  const canonical = ['GET', url.pathname, query, `host:${url.host}`, '', signedHeaders, 'UNSIGNED-PAYLOAD'].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date')!;
  const scope = `${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = ['aws4_request'].reduce((k, part) => hmac(k, part), hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, amzDate.slice(0, 8)), REGION), 's3'));
  return createHmac('sha256', key).update(toSign).digest('hex');
}

describe('S3 export storage', () => {
  it('puts the file under exports/<date>/<sha256>.<ext>, encrypted with the bucket key, named for download', async () => {
    const captured: Captured[] = [];
    const storage = new S3ExportStorage({ bucket: BUCKET, kmsKeyArn: KMS_KEY, urlTtlSeconds: 900, clientConfig: offlineClient(captured) });
    const body = Buffer.from('PK fake workbook bytes');
    const stored = await storage.store({ filename: 'jamrep-stats-rows.xlsx', extension: 'xlsx', contentType: XLSX, body }, NOW);

    expect(captured).toHaveLength(1);
    const [put] = captured;
    const key = `exports/2025-07-01/${sha256(body)}.xlsx`;
    expect(put!.method).toBe('PUT');
    expect(`${put!.hostname}${put!.path}`).toBe(`${BUCKET}.s3.${REGION}.amazonaws.com/${key}`);
    expect(put!.headers).toMatchObject({
      'content-type': XLSX,
      'content-disposition': 'attachment; filename="jamrep-stats-rows.xlsx"',
      'cache-control': 'no-store',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': KMS_KEY,
      'x-amz-server-side-encryption-bucket-key-enabled': 'true',
    });
    // Signed when sent (the clock's date), with the encryption and download headers inside the signature.
    expect(put!.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/\\d{8}/${REGION}/s3/aws4_request`));
    const signed = /SignedHeaders=([^,]+)/.exec(put!.headers.authorization!)![1]!.split(';');
    expect(signed).toEqual(expect.arrayContaining(['content-disposition', 'content-type', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id']));

    expect(stored.expiresAt.toISOString()).toBe('2025-07-01T02:18:04.000Z');
    const url = new URL(stored.url);
    expect(`${url.host}${url.pathname}`).toBe(`${BUCKET}.s3.${REGION}.amazonaws.com/${key}`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${CREDENTIALS.accessKeyId}/20250701/${REGION}/s3/aws4_request`,
      'X-Amz-Date': '20250701T020304Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'response-content-disposition': 'attachment; filename="jamrep-stats-rows.xlsx"',
      'response-content-type': XLSX,
    });
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url));
    // Presigning sends nothing.
    expect(captured).toHaveLength(1);
  });

  it('signs deterministically: the same inputs give the same link, another time or TTL another one', async () => {
    const storage = (ttl: number) => new S3ExportStorage({ bucket: BUCKET, kmsKeyArn: undefined, urlTtlSeconds: ttl, clientConfig: offlineClient([]) });
    const file = { filename: 'jamrep-stats-rows.csv', contentType: 'text/csv; charset=utf-8' };
    const key = `exports/2025-07-01/${'a'.repeat(64)}.csv`;
    const a = await storage(900).presignGet(key, file, NOW);
    expect(await storage(900).presignGet(key, file, NOW)).toBe(a);
    expect(await storage(900).presignGet(key, file, new Date(NOW.getTime() + 1000))).not.toBe(a);
    const longer = new URL(await storage(1800).presignGet(key, file, NOW));
    expect(longer.searchParams.get('X-Amz-Expires')).toBe('1800');
    expect(longer.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(longer));
    expect(longer.searchParams.get('X-Amz-Signature')).not.toBe(new URL(a).searchParams.get('X-Amz-Signature'));
  });

  it('writes SSE-S3 when the bucket has no KMS key', async () => {
    const captured: Captured[] = [];
    const storage = new S3ExportStorage({ bucket: BUCKET, kmsKeyArn: undefined, urlTtlSeconds: 900, clientConfig: offlineClient(captured) });
    await storage.store({ filename: 'x.csv', extension: 'csv', contentType: 'text/csv; charset=utf-8', body: Buffer.from('a,b\n') }, NOW);
    expect(captured[0]!.headers['x-amz-server-side-encryption']).toBe('AES256');
    expect(captured[0]!.headers).not.toHaveProperty('x-amz-server-side-encryption-aws-kms-key-id');
  });
});
