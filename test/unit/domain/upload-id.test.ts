import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { newUploadId, readUploadId, uploadState } from '../../../lambda/domain/upload-id.js';
import { isUploadSignature, uploadSignature } from '../../../lambda/domain/upload-signature.js';

const RANDOM = Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef]);
// 36^8 = 2,821,109,907,456 ms after the epoch, "100000000" in base 36.
const ISSUED = new Date(36 ** 8);

describe('upload ids', () => {
  it('encode the issue time in base 36, the kind, the random part and the file name', () => {
    const id = newUploadId({ issuedAt: ISSUED, kind: 'budgets', fileName: 'anggaran_2031.csv' }, 'officer-jember', RANDOM);
    expect(ISSUED.toISOString()).toBe('2059-05-25T17:38:27.456Z');
    expect(id).toMatch(/^100000000-B-0123456789abcdef-[0-9a-f]{16}-anggaran_2031\.csv$/);
    expect(readUploadId(id, 'officer-jember')).toEqual({ ok: true, parts: { issuedAt: ISSUED, kind: 'budgets', fileName: 'anggaran_2031.csv' } });
  });

  it('belong to the subject they were issued to: any other subject, or any change, is refused', () => {
    const id = newUploadId({ issuedAt: ISSUED, kind: 'claims', fileName: 'c.csv' }, 'officer-jember', RANDOM);
    expect(readUploadId(id, 'officer-two')).toEqual({ ok: false, reason: 'not-yours' });
    expect(readUploadId(id.replace('-K-', '-B-'), 'officer-jember')).toEqual({ ok: false, reason: 'not-yours' });
    expect(readUploadId(id.replace(/c\.csv$/, 'd.csv'), 'officer-jember')).toEqual({ ok: false, reason: 'not-yours' });
    expect(readUploadId(id.replace('100000000', '100000001'), 'officer-jember')).toEqual({ ok: false, reason: 'not-yours' });
  });

  it('refuse texts that are no upload id', () => {
    for (const text of ['', 'x', '../../etc/passwd', '100000000-X-0123456789abcdef-0123456789abcdef-a.csv', '100000000-B-0123-0123456789abcdef-a.csv']) {
      expect(readUploadId(text, 's'), text).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('are PENDING until ticket and grace have passed, then EXPIRED; an entry decides by its outcome', () => {
    const windows = { ticketTtlSeconds: 900, processingGraceSeconds: 2700 };
    const at = (seconds: number) => new Date(ISSUED.getTime() + seconds * 1000);
    expect(uploadState(undefined, ISSUED, at(0), windows)).toBe('PENDING');
    expect(uploadState(undefined, ISSUED, at(3600), windows)).toBe('PENDING');
    expect(uploadState(undefined, ISSUED, at(3601), windows)).toBe('EXPIRED');
    expect(uploadState('ACCEPTED', ISSUED, at(99_999), windows)).toBe('ACCEPTED');
    expect(uploadState('REJECTED', ISSUED, at(1), windows)).toBe('REJECTED');
  });
});

describe('local upload signatures', () => {
  const secret = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
  const put = { key: 'budgets/uploads/REGENCY/35.09/u/id/b.csv', expires: 1_800_000_000, contentType: 'text/csv' };

  it('are HMAC-SHA256 over method, key, expiry and Content-Type, one per line', () => {
    const expected = createHmac('sha256', secret).update('PUT\nbudgets/uploads/REGENCY/35.09/u/id/b.csv\n1800000000\ntext/csv').digest('hex');
    expect(uploadSignature(secret, put)).toBe(expected);
    expect(isUploadSignature(secret, put, expected)).toBe(true);
  });

  it('do not verify for another key, expiry, Content-Type or secret, nor for a malformed signature', () => {
    const signature = uploadSignature(secret, put);
    expect(isUploadSignature(secret, { ...put, key: put.key.replace('35.09', '35.10') }, signature)).toBe(false);
    expect(isUploadSignature(secret, { ...put, expires: put.expires + 1 }, signature)).toBe(false);
    expect(isUploadSignature(secret, { ...put, contentType: 'text/plain' }, signature)).toBe(false);
    expect(isUploadSignature(Buffer.alloc(32), put, signature)).toBe(false);
    for (const bad of ['', 'zz', signature.slice(0, 62), signature.toUpperCase()]) expect(isUploadSignature(secret, put, bad), bad).toBe(false);
  });
});
