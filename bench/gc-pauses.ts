/**
 * Garbage-collection pauses of this process, to tell a query's slow runs caused by the collector from
 * slow runs caused by its own work or DynamoDB Local. The bench worker serves the API in the same
 * process that holds the scale's data, so a full collection here walks a heap far larger than the API
 * function's own.
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export class GcPauses {
  private readonly pauses: Array<{ start: number; end: number }> = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEntry[]) this.pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Milliseconds of collection within [start, end] (performance.now() times); entries arrive a tick late. */
  within(start: number, end: number): number {
    let ms = 0;
    for (const p of this.pauses) ms += Math.max(0, Math.min(end, p.end) - Math.max(start, p.start));
    return ms;
  }

  stop(): void {
    this.observer.disconnect();
  }
}
