/**
 * Imports a folder of import-contract CSVs through the normal import path, in dependency order
 * (claims need their participants). Used by the local platform's demo load and by the benchmark; each
 * file gets an import ledger entry when `deps.ledger` is given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRowError, IMPORT_KINDS } from '../domain/validation.js';
import { importFile, type ImportDeps, type ImportReport } from '../ingest/import-file.js';
import { importSummary } from '../ingest/import-summary.js';

export async function importFolder(dir: string, deps: ImportDeps, log: (line: string) => void = () => undefined): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const kind of IMPORT_KINDS) {
    const path = join(dir, `${kind}.csv`);
    if (!existsSync(path)) continue;
    const started = Date.now();
    const report = await importFile(kind, `${kind}.csv`, readFileSync(path), deps);
    if (report.errors.length > 0) {
      throw new Error(`${path}: ${report.errors.length} error(s), e.g. ${report.errors.slice(0, 3).map(formatRowError).join('; ')}`);
    }
    log(`  imported ${importSummary(report)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    reports.push(report);
  }
  return reports;
}
