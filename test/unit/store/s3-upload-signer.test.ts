/**
 * The presigned PUT of a dashboard upload, without a network: the URL the real S3 client and presigner
 * make, with its SigV4 signature recomputed here from the specification, so it is known to cover the
 * exact key, the Content-Type header and the expiry, and to carry no checksum of an empty body (which
 * would make S3 refuse the browser's PUT of the real file).
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { S3UploadSigner } from '../../../lambda/store/s3-upload-signer.js';

const CREDENTIALS = { accessKeyId: 'AKIDJAMREPTEST', secretAccessKey: 'jamrep-test-secret-key' };
const REGION = 'ap-southeast-3';
const BUCKET = 'jamrep-dev-uploads-111122223333-ap-southeast-3';
const NOW = new Date('2026-12-07T10:00:00.000Z');
const KEY = 'budgets/uploads/REGENCY/35.09/officer-jember/mo1abc-B-0123456789abcdef-fedcba9876543210-b.csv/b.csv';

const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** SigV4 query-string signature of a PUT with the given signed header values (the specification, not the SDK). */
function expectedSignature(url: URL, headers: Record<string, string>): string {
  const query = [...url.searchParams.entries()]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const signedHeaders = url.searchParams.get('X-Amz-SignedHeaders')!;
  const canonicalHeaders = signedHeaders.split(';').map((h) => `${h}:${h === 'host' ? url.host : headers[h]}\n`).join('');
  const canonical = ['PUT', url.pathname, query, canonicalHeaders, signedHeaders, 'UNSIGNED-PAYLOAD'].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date')!;
  const scope = `${amzDate.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${CREDENTIALS.secretAccessKey}`, amzDate.slice(0, 8)), REGION), 's3'), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

const signer = () =>
  new S3UploadSigner({ bucket: BUCKET, clientConfig: { region: REGION, credentials: CREDENTIALS, requestHandler: { handle: async () => { throw new Error('presigning must not send anything'); } } as never } });

describe('S3 upload signer', () => {
  it('signs a PUT of exactly the key, with Content-Type text/csv signed, for the TTL', async () => {
    const signed = await signer().signPut(KEY, NOW, 900);
    expect(signed.headers).toEqual([{ name: 'Content-Type', value: 'text/csv' }]);
    expect(signed.expiresAt.toISOString()).toBe('2026-12-07T10:15:00.000Z');
    const url = new URL(signed.url);
    expect(`${url.host}${url.pathname}`).toBe(`${BUCKET}.s3.${REGION}.amazonaws.com/${KEY}`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `${CREDENTIALS.accessKeyId}/20261207/${REGION}/s3/aws4_request`,
      'X-Amz-Date': '20261207T100000Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'content-type;host',
    });
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, { 'content-type': 'text/csv' }));
    // Another Content-Type would not match the signature.
    expect(url.searchParams.get('X-Amz-Signature')).not.toBe(expectedSignature(url, { 'content-type': 'text/plain' }));
    // No checksum of the empty body the URL was signed without.
    expect([...url.searchParams.keys()].filter((k) => /checksum/i.test(k))).toEqual([]);
  });

  it('binds the signature to the key: another key, another signature', async () => {
    const a = new URL((await signer().signPut(KEY, NOW, 900)).url).searchParams.get('X-Amz-Signature');
    const b = new URL((await signer().signPut(KEY.replace('35.09', '35.10'), NOW, 900)).url).searchParams.get('X-Amz-Signature');
    expect(a).not.toBe(b);
  });
});
