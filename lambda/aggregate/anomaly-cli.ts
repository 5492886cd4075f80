/** `npm run anomalies`: finds and stores the anomalies of the whole data set (after imports). */
import '../quiet-sdk-node-warning.js';
import { buildRuntime } from '../runtime.js';
import { runAnomalyJob } from './anomaly-job.js';

async function main(): Promise<number> {
  const { config, ddb, reference } = await buildRuntime();
  const result = await runAnomalyJob({ ddb, recordsTable: config.recordsTable, statsTable: config.statsTable, reference });
  const byType = new Map<string, number>();
  for (const a of result.anomalies) byType.set(a.type, (byType.get(a.type) ?? 0) + 1);
  for (const [type, n] of [...byType].sort()) console.log(`${type.padEnd(26)} ${n}`);
  console.log(`${result.anomalies.length} anomalies stored (${result.put} written, ${result.deleted} no longer present removed)`);
  console.log(`aggregation markers: ${result.sweep.markersRemoved} of finished batches removed from ${result.sweep.itemsSwept} rollup items, ${result.sweep.markersKept} of pending batches kept`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
