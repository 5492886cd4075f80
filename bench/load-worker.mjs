// The load run, in its own process so that the load generator does not share an event loop with the
// server it measures. Reads its settings from BENCH_LOAD (JSON: url, connections, durationSeconds,
// requests [{ method, headers, body }]) and prints one line `BENCH-LOAD {...}` with autocannon's result.
import autocannon from 'autocannon';

const settings = JSON.parse(process.env.BENCH_LOAD ?? '{}');
const result = await autocannon({
  url: settings.url,
  connections: settings.connections,
  duration: settings.durationSeconds,
  // Each connection cycles through the dashboard queries in turn.
  requests: settings.requests,
});
const pick = (h) => ({ average: h.average, mean: h.mean, stddev: h.stddev, min: h.min, max: h.max, p50: h.p50, p90: h.p90, p99: h.p99 });
process.stdout.write(
  `BENCH-LOAD ${JSON.stringify({
    durationSeconds: result.duration,
    connections: result.connections,
    requests: pick(result.requests),
    latency: pick(result.latency),
    throughput: pick(result.throughput),
    total: result.requests.total,
    sent: result.requests.sent,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodeStats: result.statusCodeStats,
  })}\n`,
);
