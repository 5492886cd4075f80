/**
 * npx tsx lambda/demo/cli.ts --out DIR [--provinces 35,33,52] [--scale small|full|<participants>] [--seed N]
 *
 * --provinces: East Java (35, calibrated to published figures) and the provinces planned in
 * reference/demo/dbhcht-provinces.csv (33, 52; invented figures); default all three. --scale counts the
 * participants of all selected provinces together (`full`: every cohort at full size).
 * Writes participants.csv, contributions.csv, claims.csv, budgets.csv,
 * targets.csv and planted.json into DIR, one line per file with its row count.
 */
import '../quiet-sdk-node-warning.js';
import { parseArgs } from 'node:util';
import { writeDemo } from './csv-writer.js';
import { participantsForScale } from './scale.js';

/** The provinces `npm run demo` generates unless told otherwise. */
const DEMO_PROVINCES = ['35', '33', '52'];

const USAGE = 'usage: tsx lambda/demo/cli.ts --out DIR [--provinces 35,33,52] [--scale small|full|<participants>] [--seed N] [--from YYYY-MM] [--to YYYY-MM]';

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      scale: { type: 'string', default: 'small' },
      provinces: { type: 'string', default: DEMO_PROVINCES.join(',') },
      seed: { type: 'string', default: '1' },
      from: { type: 'string' },
      to: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  if (!/^-?\d+$/.test(values.seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const written = writeDemo(values.out, {
    provinces: values.provinces.split(',').map((code) => code.trim()),
    participants: participantsForScale(values.scale),
    fullScale: values.scale === 'full',
    seed: Number(values.seed),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
  });
  const width = Math.max(...written.map((entry) => entry.file.length));
  for (const { file, rows, participants } of written) {
    console.log(`${file.padEnd(width)}  ${rows} rows${participants === undefined ? '' : ` (${participants} participants)`}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
