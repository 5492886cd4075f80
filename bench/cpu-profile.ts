/**
 * Where a phase's time goes: V8's sampling profiler on this process's main thread (through the
 * inspector, so no flag is needed), the process's CPU time, and the CPU time of another process (the
 * DynamoDB Local JVM) from /proc. The main thread's samples are grouped by the code they fall in, so a
 * report can say how much of the wall time was our code, the SDK, garbage collection or waiting.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

/** Coarse enough to cost little over minutes of work, fine enough for thousands of samples a minute. */
const SAMPLING_INTERVAL_US = 2_000;
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface CpuProfileSummary {
  wallMs: number;
  /** This process's CPU time (all its threads: the main thread, libuv's pool, V8's helpers). */
  processCpuMs: number;
  /** The other process's CPU time over the same span, when it could be read. */
  otherProcessCpuMs?: number;
  /** The main thread's time by where it was spent (PROFILE_GROUPS), from the samples; sums to about `wallMs`. */
  mainThreadMs: Record<ProfileGroup, number>;
  samples: number;
}

export const PROFILE_GROUPS = [
  'rollup deltas',
  'aggregator and store',
  'stream poller',
  'AWS SDK',
  'other packages',
  'Node internals',
  'garbage collection',
  'other native',
  'idle (waiting for I/O)',
] as const;
export type ProfileGroup = (typeof PROFILE_GROUPS)[number];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

/** The group of one sampled frame, from its function and file. */
export function profileGroupOf(functionName: string, url: string): ProfileGroup {
  if (functionName === '(idle)') return 'idle (waiting for I/O)';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (url === '') return 'other native';
  if (url.startsWith('node:')) return 'Node internals';
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (/[\\/]node_modules[\\/]@(aws-sdk|smithy|aws-crypto)[\\/]/.test(path)) return 'AWS SDK';
  if (/[\\/]node_modules[\\/]/.test(path)) return 'other packages';
  if (/[\\/]lambda[\\/](aggregate[\\/]rollup-deltas|aggregate[\\/]facts|domain)[\\/.]/.test(path)) return 'rollup deltas';
  if (/[\\/]lambda[\\/]local[\\/]/.test(path)) return 'stream poller';
  if (/[\\/]lambda[\\/]/.test(path)) return 'aggregator and store';
  return 'other packages';
}

/** Sample counts per group, turned into milliseconds of a span of `wallMs`. */
export function summariseSamples(nodes: readonly ProfileNode[], wallMs: number): { mainThreadMs: Record<ProfileGroup, number>; samples: number } {
  const counts = Object.fromEntries(PROFILE_GROUPS.map((g) => [g, 0])) as Record<ProfileGroup, number>;
  let samples = 0;
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    counts[profileGroupOf(node.callFrame.functionName, node.callFrame.url)] += hits;
    samples += hits;
  }
  const mainThreadMs = Object.fromEntries(
    PROFILE_GROUPS.map((g) => [g, samples > 0 ? (counts[g] / samples) * wallMs : 0]),
  ) as Record<ProfileGroup, number>;
  return { mainThreadMs, samples };
}

function processCpuMs(pid: number): number | undefined {
  try {
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th field.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1000;
  } catch {
    return undefined;
  }
}

/** Starts profiling; `stop()` ends it and summarises. `otherPid`: a process whose CPU time to report too. */
export async function startCpuProfile(otherPid?: number): Promise<{ stop(): Promise<CpuProfileSummary> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  const otherStart = otherPid === undefined ? undefined : processCpuMs(otherPid);
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpuStart);
      const otherEnd = otherPid === undefined ? undefined : processCpuMs(otherPid);
      // For a look by function (Chrome DevTools, speedscope): the groups below say where, not what.
      // Written after the clocks are read, so writing it is not counted in the span.
      const out = process.env.BENCH_CPU_PROFILE;
      if (out) writeFileSync(out, JSON.stringify(profile));
      session.disconnect();
      return {
        wallMs,
        processCpuMs: (cpu.user + cpu.system) / 1000,
        ...(otherStart !== undefined && otherEnd !== undefined ? { otherProcessCpuMs: otherEnd - otherStart } : {}),
        ...summariseSamples(profile.nodes as ProfileNode[], wallMs),
      };
    },
  };
}
