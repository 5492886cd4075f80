/**
 * `npm run rebuild` recomputes every rollup from the raw records and replaces those that drifted.
 * `npm run rebuild -- --check` only reports the drift (exit code 1 when there is any, or items of an older layout).
 */
import '../quiet-sdk-node-warning.js';
import { buildRuntime } from '../runtime.js';
import { rebuild } from './rebuild.js';

async function main(argv: string[]): Promise<number> {
  const mode = argv.includes('--check') ? 'check' : 'rebuild';
  const { config, ddb, reference } = await buildRuntime();
  const report = await rebuild({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, rates: reference.rates }, mode);
  for (const d of report.drift.slice(0, 50)) console.log(`drift ${d.itemId} ${d.cell}: stored ${d.stored}, recomputed ${d.recomputed}`);
  if (report.drift.length > 50) console.log(`... and ${report.drift.length - 50} more differences`);
  console.log(
    `${report.records} records -> ${report.items} rollup items; ${report.drift.length} cell(s) drifted` +
      (report.olderLayoutItems > 0 ? `; ${report.olderLayoutItems} item(s) of an older layout` : '') +
      (mode === 'rebuild' ? `; ${report.written} item(s) rewritten, ${report.deleted} deleted` : ''),
  );
  // Items of an older layout left behind also need the rebuild (it deletes them).
  return mode === 'check' && (report.drift.length > 0 || report.olderLayoutItems > 0) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
