/** The import ledger page's date range: days in Western Indonesia Time, as the ledger's times are shown. No DOM, so it is unit-tested in Node. */

export const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Western Indonesia Time (UTC+7, no daylight saving), the zone the days are read in. */
const WIB_OFFSET_MS = 7 * 3_600_000;
/** The calendar day in WIB: from 17:00 UTC it is already the next day in Jakarta. */
const isoDay = (d: Date) => new Date(d.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);

/** The range of the URL (`from`, `to` as YYYY-MM-DD in WIB, both inclusive); the last 30 days by default. */
export function importRange(params: URLSearchParams, now = new Date()): { from: string; to: string } {
  const from = params.get('from');
  const to = params.get('to');
  return {
    from: from && DAY.test(from) ? from : isoDay(new Date(now.getTime() - 30 * 86_400_000)),
    to: to && DAY.test(to) ? to : isoDay(now),
  };
}
