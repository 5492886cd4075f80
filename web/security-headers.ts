/**
 * The Content-Security-Policy the dashboard is built to run under, for whatever serves it (the CDK
 * stack's CloudFront response headers policy; the browser tests apply it too, so a change that needs
 * more — an inline script, a CDN, eval — fails there first).
 *
 * Everything is bundled, so scripts, workers and fonts come from the dashboard's own origin. Styles
 * need 'unsafe-inline': Monaco (the explorer's editor) and ECharts write <style> elements and style
 * attributes at run time. GraphiQL's stylesheet embeds its fonts as data: URLs.
 */
export interface CspOptions {
  /** Origins the page calls besides its own: the API's when it is not same-origin, Cognito's sign-in domain. */
  connectOrigins?: readonly string[];
}

export function dashboardContentSecurityPolicy(options: CspOptions = {}): string {
  const connect = ["'self'", ...(options.connectOrigins ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
