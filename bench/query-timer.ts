/**
 * One query's timed runs over HTTP and its DynamoDB usage, run by run, so that the floor query's runs
 * can be spread among the dashboard queries' (bench/scale-run.ts) and see the same machine they do.
 */
import type { DashboardQuery } from './dashboard-queries.js';
import type { DynamoMeter, DynamoUsage } from './dynamo-meter.js';
import { replyProblem, type GraphqlClient } from './graphql-client.js';
import { fmt, log } from './log.js';
import type { QueryResult } from './result-types.js';
import { performance } from 'node:perf_hooks';
import type { GcPauses } from './gc-pauses.js';
import { latencySummary, median } from './stats.js';

export type Rollup = NonNullable<QueryResult['rollup']>;
export type TimedQuery = Pick<DashboardQuery, 'role' | 'query' | 'variables'> & { id: string };

export class QueryTimer {
  private errors = 0;
  private firstError: string | undefined;
  /** The first successful reply's data (compared with the naive baseline's answer). */
  data: Record<string, unknown> | undefined;
  private readonly samples: number[] = [];
  private readonly waits: number[] = [];
  private readonly auditWaits: number[] = [];
  private usage: DynamoUsage | undefined;
  private usageStable = true;
  /** performance.now() at the start and end of each timed run, in the order of `samples`. */
  private readonly windows: Array<{ start: number; end: number }> = [];

  constructor(
    readonly query: TimedQuery,
    private readonly client: GraphqlClient,
    private readonly meter: DynamoMeter,
    private readonly gc?: GcPauses,
  ) {}

  get runs(): number {
    return this.samples.length;
  }

  /** Untimed runs, so that the timed ones find connections open and code compiled. */
  async warmUp(runs: number): Promise<void> {
    for (let i = 0; i < runs; i++) {
      const reply = await this.client.send(this.query);
      const problem = replyProblem(reply);
      if (problem) this.firstError ??= problem;
      else this.data ??= reply.data;
    }
  }

  async timeOne(): Promise<void> {
    this.meter.start();
    const start = performance.now();
    const reply = await this.client.send(this.query);
    this.windows.push({ start, end: performance.now() });
    const u = this.meter.stop();
    this.samples.push(reply.ms);
    this.waits.push(u.waitMs ?? 0);
    this.auditWaits.push(u.overheadWaitMs ?? 0);
    const problem = replyProblem(reply);
    if (problem) {
      this.errors++;
      this.firstError ??= problem;
      return;
    }
    this.data ??= reply.data;
    // Compared without the audit log: the first append to a chain finds no head to read.
    const dataItems = (x: DynamoUsage) => x.itemsRead - x.overhead.itemsRead;
    if (this.usage && (u.requests !== this.usage.requests || dataItems(u) !== dataItems(this.usage))) this.usageStable = false;
    // The last run's usage is reported: the steady state, every audit chain started.
    this.usage = u;
  }

  /** The summary of the runs so far, logged under `scope`. */
  result(scope: string): Rollup {
    const latency = latencySummary(this.samples);
    const rollupsUsed = (this.data?.stats as { rollups?: string[] } | undefined)?.rollups;
    const rollup: Rollup = {
      usage: this.usage ?? this.meter.stop(),
      usageStable: this.usageStable,
      latency,
      dynamoWaitMs: median(this.waits),
      auditWaitMs: median(this.auditWaits),
      errors: this.errors,
      ...(this.firstError ? { firstError: this.firstError } : {}),
      ...(rollupsUsed ? { rollupsUsed } : {}),
    };
    const u = rollup.usage;
    if (this.gc) {
      const gcMs = this.windows.map((w) => this.gc!.within(w.start, w.end));
      const slowest = [...this.samples.keys()].sort((a, b) => this.samples[b]! - this.samples[a]!).slice(0, Math.max(1, Math.ceil(this.samples.length / 50)));
      log(
        scope,
        `${this.query.id}: GC ${fmt.ms(gcMs.reduce((a, b) => a + b, 0))} ms in ${gcMs.filter((x) => x > 0).length} of ${gcMs.length} runs; ` +
          `slowest 2%: ${slowest.map((i) => `${fmt.ms(this.samples[i]!)} ms (GC ${fmt.ms(gcMs[i]!)})`).join(', ')}; ` +
          `heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`,
      );
    }
    log(
      scope,
      `${this.query.id}: ${u.requests} requests in ${u.roundTrips} round trips (${u.roundTripsWithoutOverhead} without the audit log), ` +
        `${fmt.int(u.itemsRead)} items, ${u.readUnits} RCU, ${u.writeUnits} WCU; ` +
        `p50 ${fmt.ms(latency.p50)} p95 ${fmt.ms(latency.p95)} p99 ${fmt.ms(latency.p99)} ms over ${latency.runs} runs ` +
        `(median ${fmt.ms(rollup.dynamoWaitMs)} ms waiting on DynamoDB, ${fmt.ms(rollup.auditWaitMs)} of it the audit log)` +
        (this.errors ? `; ${this.errors} ERRORS, e.g. ${this.firstError}` : ''),
    );
    return rollup;
  }
}
