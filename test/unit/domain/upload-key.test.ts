import { describe, expect, it } from 'vitest';
import { parseUploadKey, safeFileName, uploadKey } from '../../../lambda/domain/upload-key.js';
import { rowsOutsideScope } from '../../../lambda/domain/upload-scope.js';

describe('upload keys', () => {
  it('carry the uploader and scope through a round trip', () => {
    const parts = { kind: 'participants', role: 'REGENCY', scope: '35.09', subject: 'user-123', uploadId: 'u-1', fileName: 'peserta jember.csv' } as const;
    const key = uploadKey(parts);
    expect(key).toBe('participants/uploads/REGENCY/35.09/user-123/u-1/peserta_jember.csv');
    expect(parseUploadKey(key)).toEqual({ ...parts, fileName: 'peserta_jember.csv' });
  });

  it('write ALL for a ministry user and read it back as no scope', () => {
    const key = uploadKey({ kind: 'budgets', role: 'MINISTRY', scope: undefined, subject: 'm', uploadId: 'x', fileName: 'b.csv' });
    expect(key).toBe('budgets/uploads/MINISTRY/ALL/m/x/b.csv');
    expect(parseUploadKey(key)?.scope).toBeUndefined();
  });

  it('leave operator drops outside uploads/ alone', () => {
    expect(parseUploadKey('participants/roster-2024.csv')).toBeUndefined();
    expect(parseUploadKey('claims/sub/folder/x.csv')).toBeUndefined();
  });

  it('refuse malformed upload keys rather than importing them unattributed', () => {
    for (const key of [
      'participants/uploads/REGENCY/35.09/u/id',
      'participants/uploads/AUDITOR/35.09/u/id/f.csv',
      'participants/uploads/REGENCY/ALL/u/id/f.csv',
      'participants/uploads/MINISTRY/35/u/id/f.csv',
      'participants/uploads/REGENCY/../u/id/f.csv',
      'payroll/uploads/REGENCY/35.09/u/id/f.csv',
      'participants/uploads/REGENCY/35.09/u/id/f.csv/extra',
      'participants/uploads/REGENCY/35.09/u/id/bad name.csv',
    ]) {
      expect(() => parseUploadKey(key), key).toThrow(/not a valid upload key/);
    }
  });

  it('reduce user-typed file names to one safe segment', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\data\\iuran januari.csv')).toBe('iuran_januari.csv');
    expect(safeFileName('...')).toBe('upload.csv');
  });
});

describe('upload scope', () => {
  const rows = [
    { line: 2, column: 'regency_code', regency: '35.09' },
    { line: 3, column: 'regency_code', regency: '35.10' },
    { line: 4, column: 'regency_code', regency: '52.03' },
  ];

  it('names every row outside a regency scope', () => {
    expect(rowsOutsideScope('f.csv', rows, '35.09').map((e) => [e.line, e.column])).toEqual([[3, 'regency_code'], [4, 'regency_code']]);
  });

  it('accepts every regency of the province for a province scope, and everything without a scope', () => {
    expect(rowsOutsideScope('f.csv', rows, '35').map((e) => e.line)).toEqual([4]);
    expect(rowsOutsideScope('f.csv', rows, undefined)).toEqual([]);
  });

  it('gives a stable reason code without the row value', () => {
    const [e] = rowsOutsideScope('f.csv', rows, '52');
    expect(e!.reason).toMatch(/^OUT_OF_SCOPE: /);
    expect(e!.reason).not.toContain('35.09');
  });
});
