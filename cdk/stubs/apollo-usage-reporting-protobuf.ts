/**
 * Stands in for `@apollo/usage-reporting-protobuf` in the Lambda bundles (cdk/bundling.ts, ALIASES).
 *
 * Only Apollo's usage reporting to GraphOS and its inline (federation) tracing use those protobuf
 * messages, about 220 KB of the API bundle parsed at every cold start. The API uses neither: it sends
 * nothing to Apollo's cloud, is not a federated subgraph, and disables both plugins explicitly
 * (lambda/api/server.ts), so Apollo never loads them. Should anything reach for them anyway, it fails
 * loudly here instead of sending data anywhere.
 */
const unavailable: Record<string, never> = new Proxy(
  {},
  {
    get(_target, property) {
      throw new Error(`@apollo/usage-reporting-protobuf is not bundled (asked for ${String(property)}): usage reporting and inline tracing are disabled`);
    },
  },
);

export const Trace = unavailable;
export const Report = unavailable;
export const ReportHeader = unavailable;
export const google = unavailable;
