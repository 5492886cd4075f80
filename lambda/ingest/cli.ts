/**
 * `npm run import -- <kind> <file>`: validates the whole file, then writes what changed.
 * Exit code 1 with every bad row listed when the file has errors (nothing is written then).
 */
import '../quiet-sdk-node-warning.js';
import { SingleBar, Presets } from 'cli-progress';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatRowError, IMPORT_KINDS, type ImportKind } from '../domain/validation.js';
import { loadAuditTableName, requireNikHashKey } from '../config.js';
import { ImportLedger } from '../store/import-ledger.js';
import { SeedState } from '../store/seed-state.js';
import { buildRuntime } from '../runtime.js';
import { importFile } from './import-file.js';
import { importSummary } from './import-summary.js';

const MAX_PRINTED_ERRORS = 200;

async function main(argv: string[]): Promise<number> {
  const [kind, file] = argv;
  if (!kind || !file || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    console.error(`usage: npm run import -- <${IMPORT_KINDS.join('|')}> <file.csv>`);
    return 2;
  }
  const { config, ddb, reference } = await buildRuntime();
  // A local platform seeding its demo counts the records table in one pass; a write now could be
  // counted twice or not at all (lambda/local/seed-store.ts). Only a local database is ever seeded.
  if (config.dynamodbEndpoint && (await new SeedState(ddb, config.statsTable).inProgress())) {
    console.error('The local platform is loading its demo (npm start): nothing was written. Import again once it prints "Demo loaded".');
    return 1;
  }
  const bar = process.stdout.isTTY ? new SingleBar({ format: ' {phase} [{bar}] {value}/{total}' }, Presets.shades_classic) : undefined;
  let phase = '';
  const report = await importFile(kind as ImportKind, basename(file), readFileSync(file), {
    ddb,
    // No signed-in user behind a terminal: whoever holds the AWS credentials (or the local database).
    ledger: { store: new ImportLedger(ddb, loadAuditTableName()), who: { subject: 'cli' } },
    recordsTable: config.recordsTable,
    regions: reference.regions,
    nikHashKey: requireNikHashKey(config),
    onProgress: (e) => {
      if (!bar) return;
      if (e.phase !== phase) {
        if (phase) bar.stop();
        phase = e.phase;
        bar.start(e.total, e.done, { phase: e.phase.padEnd(8) });
      } else bar.update(e.done);
    },
  });
  bar?.stop();
  if (report.errors.length > 0) {
    for (const e of report.errors.slice(0, MAX_PRINTED_ERRORS)) console.error(formatRowError(e));
    if (report.errors.length > MAX_PRINTED_ERRORS) console.error(`... and ${report.errors.length - MAX_PRINTED_ERRORS} more errors`);
    console.error(`${report.file}: ${report.errors.length} error(s) in ${report.rows} rows; nothing was written (import ledger: sha256 ${report.sha256})`);
    return 1;
  }
  console.log(importSummary(report));
  console.log(`${report.file}: recorded in the import ledger (sha256 ${report.sha256})`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
