/**
 * Kills child processes (the DynamoDB Local JVM) when this process ends, so none outlives a test run
 * or an interrupted `npm start`.
 *
 * The hooks are installed while at least one child is alive and removed after. On exit the children
 * are signalled. A signal listener replaces Node's default action (terminate), so on SIGINT/SIGTERM/
 * SIGHUP: if the application listens for the signal too, it decides (an orderly shutdown that stops
 * the children, or not; the exit hook remains the safety net); otherwise the children are killed and
 * the signal raised again with our listener gone, so the process ends as it would have. No
 * `process.exit` in library code: a test runner's worker must not be ended by a library.
 */
import type { ChildProcess } from 'node:child_process';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Live children, each with what to tidy up synchronously once it is signalled (its temp folder). */
const children = new Map<ChildProcess, () => void>();

function killAll(): void {
  // SIGTERM is delivered even if this process is gone a moment later; the JVM then shuts down on its own.
  for (const [child, tidyUp] of children) {
    child.kill('SIGTERM');
    try {
      tidyUp();
    } catch {
      // Best effort while exiting: nothing left to report to.
    }
  }
  children.clear();
}

function onExit(): void {
  killAll();
}

function onSignal(signal: NodeJS.Signals): void {
  // The application listens too: it decides how to shut down, and the exit hook stays the safety net.
  if (process.listenerCount(signal) > 1) return;
  killAll();
  uninstall();
  // No listener is left, so this time the signal has its default effect: the process ends.
  process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Registers a child to be killed when this process exits or receives SIGINT, SIGTERM or SIGHUP.
 * `tidyUp` runs right after (synchronously: an exiting process cannot wait for the child's exit).
 */
export function killOnExit(child: ChildProcess, tidyUp: () => void = () => undefined): void {
  if (children.size === 0) install();
  children.set(child, tidyUp);
}

/** Forgets a child that has exited (or was stopped). */
export function releaseOnExit(child: ChildProcess): void {
  if (!children.delete(child)) return;
  if (children.size === 0) uninstall();
}
