/**
 * `npm run report -- <name> [args]`: the reports auditors and DJPK ask for, as CSV (or XLSX) from the
 * command line, with the same provenance as the API's exports.
 *
 *   npm run report -- djpk-realization --fiscal-year 2025 (--province 35 | --regency 35.09) [--out file.csv]
 *   npm run report -- coverage-ranking --province 35 --period 2025 [--out file.csv]
 *   npm run report -- reconciliation --fiscal-year 2025 --regency 35.09 [--out file.csv]
 *   ... --format xlsx --out file.xlsx
 */
import '../quiet-sdk-node-warning.js';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildRuntime } from '../runtime.js';
import { AggregationJournal } from '../store/aggregation-journal.js';
import { RollupStore } from '../store/rollup-store.js';
import { coverageRanking } from './coverage-ranking.js';
import { contentHash, exportCsv, type ExportTable } from './csv-export.js';
import { exportXlsx } from './xlsx-export.js';
import { dbhchtRealization } from './dbhcht-realization.js';
import { reconciliation } from './reconciliation.js';
import { runStats } from './stats-engine.js';
import { operatorAccess } from './scope.js';
import type { StatsQuery } from './stats-query.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      'fiscal-year': { type: 'string' },
      province: { type: 'string' },
      regency: { type: 'string' },
      period: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'csv' },
    },
  });
  const format = values.format;
  // A workbook is binary: it goes to a file, never to the terminal.
  if ((format !== 'csv' && format !== 'xlsx') || (format === 'xlsx' && !values.out)) return usage();
  const { config, ddb, reference } = await buildRuntime();
  const rollups = new RollupStore(ddb, config.statsTable);
  const run = (q: StatsQuery) => runStats(q, { regions: reference.regions, rollups, access: operatorAccess() });
  const region = values.regency ?? values.province;
  let table: ExportTable;
  let title: string;
  switch (name) {
    case 'djpk-realization': {
      if (!region || !values['fiscal-year']) return usage();
      const r = await dbhchtRealization({ region: reference.regions.require(region).code, fiscalYear: Number(values['fiscal-year']), granularity: 'SEMESTER' }, run);
      title = `DBHCHT realization ${values['fiscal-year']}, ${reference.regions.require(region).name}, by semester`;
      const cols = ['period', 'allocation', 'paid', 'cumulativePaid', 'expected', 'gap', 'realizationRate', 'cumulativeRealizationRate', 'participantsCovered', 'participantMonths', 'costPerParticipantMonth'] as const;
      table = { columns: [...cols], rows: [...r.rows, r.total].map((row) => cols.map((c) => row[c])) };
      break;
    }
    case 'coverage-ranking': {
      if (!values.province || !values.period) return usage();
      const province = reference.regions.require(values.province);
      const r = await coverageRanking({ province, level: 'REGENCY', period: values.period }, reference.regions.children(province.code, 'REGENCY'), run);
      title = `Coverage ranking of ${province.name}, ${r.period} (previous: ${r.previousPeriod})`;
      table = {
        columns: ['rank', 'regency_code', 'regency', 'active_participants', 'target_workers', 'coverage_rate', 'previous_active', 'previous_coverage_rate', 'active_change'],
        rows: r.entries.map((e) => [e.rank, e.region.code, e.region.name, e.activeParticipants, e.targetWorkers, e.coverageRate, e.previousActiveParticipants, e.previousCoverageRate, e.activeChange]),
      };
      break;
    }
    case 'reconciliation': {
      if (!region || !values['fiscal-year']) return usage();
      const r = await reconciliation({ region: reference.regions.require(region).code, fiscalYear: Number(values['fiscal-year']) }, reference.thresholds.reconciliation, run);
      title = `Reconciliation ${values['fiscal-year']}, ${reference.regions.require(region).name}: allocation Rp ${r.allocation}`;
      const cols = ['period', 'allocation', 'paid', 'cumulativePaid', 'cumulativeRealizationRate', 'participantsCovered', 'expected', 'gap', 'costPerParticipantMonth', 'claimsPaid', 'benefitsToContributions'] as const;
      table = {
        columns: [...cols, 'flags'],
        rows: [...r.months, ...r.semesters].map((row) => [...cols.map((c) => row[c]), row.flags.map((f) => f.code).join(' ')]),
      };
      break;
    }
    default:
      return usage();
  }
  const asOf = (await new AggregationJournal(ddb, config.statsTable).asOf()) ?? null;
  const meta = { title, query: `report ${argv.join(' ')}`, scope: 'command line (operator)', asOf };
  if (format === 'xlsx') {
    writeFileSync(values.out!, await exportXlsx(table, meta, contentHash(table), new Date()));
    console.log(`${values.out}: ${table.rows.length} rows`);
    return 0;
  }
  const csv = exportCsv(table, meta);
  if (values.out) {
    writeFileSync(values.out, csv);
    console.log(`${values.out}: ${table.rows.length} rows`);
  } else process.stdout.write(csv);
  return 0;
}

function usage(): number {
  console.error(
    'usage: npm run report -- djpk-realization --fiscal-year YYYY (--province 35 | --regency 35.09) [--out file.csv]\n' +
      '       npm run report -- coverage-ranking --province 35 --period 2025|2025-S1|2025-Q3|2025-07 [--out file.csv]\n' +
      '       npm run report -- reconciliation --fiscal-year YYYY (--province 35 | --regency 35.09) [--out file.csv]\n' +
      '       ... --format xlsx --out file.xlsx   (an Excel workbook instead of CSV)',
  );
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
