/**
 * Progress of the demo's aggregation on `npm start`: stream records applied of those the import wrote.
 * On a terminal a cli-progress bar; otherwise (a log file, a test) a plain line when the count moved and
 * at least 5 s passed, then a final line.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface AggregationProgress {
  update(applied: number): void;
  done(applied: number): void;
}

export function aggregationProgress(total: number, out: NodeJS.WriteStream = process.stdout): AggregationProgress {
  const label = 'Aggregating       ';
  if (out.isTTY) {
    const bar = new SingleBar({ format: `${label}[{bar}] {value}/{total} records applied`, stream: out }, Presets.shades_classic);
    bar.start(total, 0);
    return {
      update: (applied) => bar.update(applied),
      done: (applied) => {
        bar.update(applied);
        bar.stop();
      },
    };
  }
  const line = (applied: number) => `${label}${applied.toLocaleString('en')} / ${total.toLocaleString('en')} records applied`;
  let last = -1;
  let lastAt = 0;
  return {
    update(applied) {
      if (applied === last || Date.now() - lastAt < 5_000) return;
      last = applied;
      lastAt = Date.now();
      out.write(`${line(applied)}\n`);
    },
    done(applied) {
      if (applied !== last) out.write(`${line(applied)}\n`);
    },
  };
}
