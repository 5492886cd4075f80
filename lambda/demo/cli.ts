/**
 * npx tsx lambda/demo/cli.ts --out DIR [--scale small|full|<participants>] [--seed N]
 *
 * Writes participants.csv, contributions.csv, claims.csv, budgets.csv,
 * targets.csv and planted.json into DIR, one line per file with its row count.
 */
import { parseArgs } from 'node:util';
import { writeDemo } from './csv-writer.js';
import { participantsForScale } from './scale.js';

const USAGE = 'usage: tsx lambda/demo/cli.ts --out DIR [--scale small|full|<participants>] [--seed N] [--from YYYY-MM] [--to YYYY-MM]';

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      scale: { type: 'string', default: 'small' },
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
    participants: participantsForScale(values.scale),
    seed: Number(values.seed),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
  });
  const width = Math.max(...written.map((entry) => entry.file.length));
  for (const { file, rows } of written) console.log(`${file.padEnd(width)}  ${rows} rows`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
