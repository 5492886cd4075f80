/**
 * Kills child processes (the DynamoDB Local JVM) when this process ends, so none outlives a test run
 * or an interrupted `npm start`.
 *
 * The hooks are installed while at least one child is alive and removed after. A signal listener
 * replaces Node's default action (terminate), so after killing the children the signal is raised again
 * with our listener gone, unless the application listens for it itself and decides what happens. That
 * keeps `process.exit` out of library code (a test runner's worker must not be ended by a library).
 */
import type { ChildProcess } from 'node:child_process';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const children = new Set<ChildProcess>();

function killAll(): void {
  // SIGTERM is delivered even if this process is gone a moment later; the JVM then shuts down on its own.
  for (const child of children) child.kill('SIGTERM');
  children.clear();
}

function onExit(): void {
  killAll();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Registers a child to be killed when this process exits or receives SIGINT, SIGTERM or SIGHUP. */
export function killOnExit(child: ChildProcess): void {
  if (children.size === 0) install();
  children.add(child);
}

/** Forgets a child that has exited (or was stopped). */
export function releaseOnExit(child: ChildProcess): void {
  if (!children.delete(child)) return;
  if (children.size === 0) uninstall();
}
