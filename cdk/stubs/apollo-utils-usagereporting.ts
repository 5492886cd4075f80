/**
 * Stands in for `@apollo/utils.usagereporting` in the Lambda bundles (cdk/bundling.ts, ALIASES), for the
 * reason apollo-usage-reporting-protobuf.ts gives: only Apollo's usage reporting plugin uses it, and the
 * API disables that plugin (lambda/api/server.ts). It came with lodash.sortby and five more small
 * CommonJS packages (about 18 KB) compiled at every cold start. Should anything call it anyway, it fails
 * loudly instead of computing a report.
 */
function unavailable(name: string): never {
  throw new Error(`@apollo/utils.usagereporting is not bundled (called ${name}): usage reporting is disabled`);
}

export const usageReportingSignature = (): never => unavailable('usageReportingSignature');
export const calculateReferencedFieldsByType = (): never => unavailable('calculateReferencedFieldsByType');
