/**
 * The auditor's import ledger page reads its days in Western Indonesia Time (UTC+7): its default range
 * must end on Jakarta's today, also in the hours when the UTC date is still yesterday's.
 */
import { describe, expect, it } from 'vitest';
import { importRange } from '../../../web/src/pages/import-range.js';

describe('import ledger date range', () => {
  it("defaults to the last 30 days ending on today's date in WIB", () => {
    const none = new URLSearchParams();
    // 16:59 UTC is 23:59 WIB the same day; 17:00 UTC is 00:00 WIB the next day.
    expect(importRange(none, new Date('2026-12-07T16:59:00Z'))).toEqual({ from: '2026-11-07', to: '2026-12-07' });
    expect(importRange(none, new Date('2026-12-07T17:00:00Z'))).toEqual({ from: '2026-11-08', to: '2026-12-08' });
  });

  it('keeps the days the URL names', () => {
    expect(importRange(new URLSearchParams('from=2025-01-01&to=2025-01-31'), new Date('2026-12-07T17:00:00Z'))).toEqual({ from: '2025-01-01', to: '2025-01-31' });
  });
});
