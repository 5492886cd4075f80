/** The national benchmark's part of bench/results.md and of the target checks. */
import type { NationalScaleResult } from './national-types.js';

export interface NationalCheck {
  target: string;
  measured: string;
  met: boolean | null;
  why?: string;
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

/** Why items read grew between the national scales: regencies without data at the smaller one. */
function sparsityWhy(
  small: NationalScaleResult,
  large: NationalScaleResult,
  growing: Array<{ id: string; before: number; after: number; ratio: number }>,
): string {
  const grew = growing.map((g) => `${g.id} ${int(g.before)} → ${int(g.after)} (${g.ratio.toFixed(2)})`).join(', ');
  const empty = (x: NationalScaleResult) =>
    x.sparsity ? `${int(x.sparsity.regenciesWithoutActive)} of ${int(x.regencies)} regencies at ${x.perRegency} per regency` : undefined;
  const emptySmall = empty(small);
  const emptyLarge = empty(large);
  return (
    `${grew}. A query reads one item per region, month and block that has cells, and a regency with nobody covered in a month has none then` +
    (emptySmall && emptyLarge
      ? `: in ${small.sparsity!.lastMonth}, the month a yearly or latest figure reads, ${emptySmall} had nobody covered, ${emptyLarge}.`
      : '.') +
    ' The smaller scale reads fewer items because some of them do not exist yet; what a query can read is bounded by the regions, periods and ' +
    'blocks it asks for (lambda/domain/rollups.ts), not by the participants, and a scale whose every regency has data reaches that bound.'
  );
}

export function nationalChecks(scales: readonly NationalScaleResult[]): NationalCheck[] {
  if (scales.length === 0) return [];
  const checks: NationalCheck[] = [];
  const largest = scales.reduce((a, b) => (b.largestItem.bytes > a.largestItem.bytes ? b : a));
  checks.push({
    target: `national: largest rollup item written ≤ the ${kb(largest.itemBoundBytes)} cell budget (DynamoDB's limit is 400 KB)`,
    measured: `${kb(largest.largestItem.bytes)} (${largest.largestItem.id}, ${int(largest.participants)} participants)`,
    met: largest.largestItem.bytes <= largest.itemBoundBytes,
  });
  if (scales.length > 1) {
    const small = scales[0]!;
    const large = scales.at(-1)!;
    const ratios = large.queries.map((q) => {
      const before = small.queries.find((s) => s.id === q.id)?.itemsRead ?? 0;
      return { id: q.id, before, after: q.itemsRead, ratio: q.itemsRead / Math.max(1, before) };
    });
    const worst = Math.max(...ratios.map((r) => r.ratio));
    const growing = ratios.filter((r) => r.ratio > 1.1);
    checks.push({
      target: `national: items read per query flat between ${int(small.participants)} and ${int(large.participants)} participants (ratio ≤ 1.1)`,
      measured: `worst ratio ${worst.toFixed(2)}`,
      met: worst <= 1.1,
      ...(growing.length > 0 ? { why: sparsityWhy(small, large, growing) } : {}),
    });
  }
  const lanes = scales.flatMap((s) => s.lanes);
  if (lanes.length > 0) {
    const differing = lanes.reduce((n, l) => n + l.itemsDiffering, 0);
    checks.push({
      target: 'national: concurrent aggregator lanes give the same rollup cells as one lane',
      measured: `${differing} item(s) differ over ${lanes.map((l) => `${l.lanes} lane(s)`).join(', ')}`,
      met: differing === 0,
    });
  }
  return checks;
}

export function renderNational(scales: readonly NationalScaleResult[]): string[] {
  if (scales.length === 0) return [];
  const out: string[] = [];
  const table = (head: string[], rows: string[][]) => {
    out.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
  };
  out.push(
    '## National shape',
    '',
    `Every regency and city of Indonesia (${scales[0]!.regencies}, from idn-area-data) with the same number of participants each ` +
      '(bench/national-data.ts: independent of the demo generator), imported through the importer, aggregated by the stream aggregator ' +
      '(local stream poller), then the national page\'s queries and a provincial dashboard\'s asked as MINISTRY through the API handler over HTTP. ' +
      'Items read leave out the query audit log (a constant two-item write and its head read per request).',
    '',
  );
  table(
    ['per regency', 'participants', 'records', 'import s', 'aggregation s', 'records/s', 'write units/record', 'rollup items', 'largest item'],
    scales.map((s) => [
      int(s.perRegency),
      int(s.participants),
      int(s.records),
      (s.importMs / 1000).toFixed(1),
      (s.aggregation.ms / 1000).toFixed(1),
      int(s.aggregation.recordsPerSecond),
      s.aggregation.writeUnitsPerRecord.toFixed(2),
      int(s.rollupItems),
      `${kb(s.largestItem.bytes)} (\`${s.largestItem.id}\`)`,
    ]),
  );
  const first = scales[0]!;
  const last = scales.at(-1)!;
  table(
    ['query', 'scope', ...scales.flatMap((s) => [`items @${int(s.participants)}`, `requests`, `p50 ms`, `p99 ms`]), ...(scales.length > 1 ? ['items ratio'] : [])],
    first.queries.map((q) => {
      const cells = scales.flatMap((s) => {
        const r = s.queries.find((x) => x.id === q.id);
        return r ? [int(r.itemsRead), int(r.requests), r.latency.p50.toFixed(1), r.latency.p99.toFixed(1)] : ['–', '–', '–', '–'];
      });
      const big = last.queries.find((x) => x.id === q.id);
      return [`\`${q.id}\`: ${q.title}`, q.scope, ...cells, ...(scales.length > 1 ? [big ? (big.itemsRead / Math.max(1, q.itemsRead)).toFixed(2) : '–'] : [])];
    }),
  );
  const lanes = scales.flatMap((s) => s.lanes.map((l) => ({ s, l })));
  if (lanes.length > 0) {
    out.push(
      '### Concurrent aggregator lanes (ParallelizationFactor)',
      '',
      'The stream records the single-lane run applied, replayed into a fresh stats table through n concurrent aggregator instances, ' +
        'split by item key as Lambda splits a shard (bench/national-run.ts, test/support/aggregator-lanes.ts), then compared with the single-lane ' +
        'run cell by cell. Conflicts are ConditionalCheckFailed by purpose (`rollupMarker`: a part already absorbed, `intent`: an intent ' +
        'already written, `asOf`: the freshness stamp already later); a record another invocation claimed first is not a failed write (claims ' +
        'are kept by `if_not_exists`) and shows only as records claimed elsewhere. The hottest item is the rollup item that took the most write units.',
      '',
    );
    table(
      ['participants', 'lanes', 'batches', 's', 'records/s', 'write units/record', 'conflicts', 'SDK retries', 'hottest item', 'its WCU/s', 'items differing'],
      lanes.map(({ s, l }) => [
        int(s.participants),
        String(l.lanes),
        int(l.batches),
        (l.ms / 1000).toFixed(1),
        int(l.recordsPerSecond),
        l.writeUnitsPerRecord.toFixed(2),
        Object.entries(l.conditionalFailures).map(([k, v]) => `${k} ${int(v)}`).join(', ') || 'none',
        int(l.sdkRetries),
        `\`${l.hottestItem.id}\` (${int(l.hottestItem.updates)} updates, ${int(l.hottestItem.writeUnits)} WCU)`,
        l.hottestItem.writeUnitsPerSecond.toFixed(1),
        int(l.itemsDiffering),
      ]),
    );
  }
  return out;
}
