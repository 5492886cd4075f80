/**
 * Suite-wide guard: fails a test file if anything it wrote to stdout, stderr or the console (the
 * functions' Powertools logs, the local platform's messages, the tests' own output) contains a
 * NIK-shaped number (16 digits standing alone: not inside a hex hash or id). Output still reaches the
 * terminal; it is only scanned.
 *
 * Registered in vitest.config.ts as `setupFiles: ['test/support/pii-log-guard.ts']`.
 */
import { afterAll } from 'vitest';

const NIK_SHAPED = /(?<![0-9A-Za-z])\d{16}(?![0-9A-Za-z])/;
const found: string[] = [];

function scan(text: string): void {
  const match = NIK_SHAPED.exec(text);
  // Keep where it was seen, never the number itself: the report must not repeat the leak.
  if (match) found.push(`${text.slice(Math.max(0, match.index - 60), match.index)}<16 digits>`);
}

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    scan(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof stream.write;
}
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    scan(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.message} ${a.stack}` : safeJson(a))).join(' '));
    original(...args);
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

afterAll(() => {
  if (found.length > 0) throw new Error(`A NIK-shaped number was written to the logs ${found.length} time(s), after: ${found.slice(0, 3).join(' | ')}`);
});
