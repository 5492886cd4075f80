/**
 * Loads the reference data that ships with the code (regions, contribution rates) and locates the
 * asset folders (`reference/`, `schema/`). In a Lambda bundle the build copies both folders next to
 * the bundle; in development they are at the project root. Loaded once per process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditThresholds } from './domain/anomaly-rules.js';
import { parseRateTable, type RateTable } from './domain/rates.js';
import { parseRegionsCsv, RegionCatalog } from './domain/regions.js';

export interface ReconciliationThresholds {
  underpaidBelowShareOfExpected: number;
  overpaidAboveShareOfExpected: number;
  overBudgetAboveRealization: number;
  costPerParticipantMonthMinimumIdr: number;
  costPerParticipantMonthMaximumIdr: number;
}

export interface ReferenceData {
  regions: RegionCatalog;
  rates: RateTable;
  /** Audit configuration (reference/audit-thresholds.json): anomaly rules and reconciliation flags. */
  thresholds: { anomalies: AuditThresholds; reconciliation: ReconciliationThresholds };
}

let cachedRoot: string | undefined;

export function assetRoot(): string {
  if (cachedRoot) return cachedRoot;
  const fromEnv = process.env.JAMREP_ASSET_ROOT;
  if (fromEnv) return (cachedRoot = fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'reference')) && existsSync(join(dir, 'schema'))) return (cachedRoot = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the reference/ and schema/ folders (set JAMREP_ASSET_ROOT)');
    dir = up;
  }
}

let cached: ReferenceData | undefined;

export function referenceData(): ReferenceData {
  if (cached) return cached;
  const root = assetRoot();
  const regionDir = join(root, 'reference', 'regions');
  const regions = readdirSync(regionDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .flatMap((f) => parseRegionsCsv(readFileSync(join(regionDir, f), 'utf8'), f));
  const rates = parseRateTable(readFileSync(join(root, 'reference', 'contribution-rates.csv'), 'utf8'));
  const thresholds = JSON.parse(readFileSync(join(root, 'reference', 'audit-thresholds.json'), 'utf8')) as ReferenceData['thresholds'];
  cached = { regions: new RegionCatalog(regions), rates, thresholds };
  return cached;
}

/** The GraphQL schema: every `schema/*.graphql` file, in name order. */
export function schemaSource(): string {
  const dir = join(assetRoot(), 'schema');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}
