/**
 * Client-side routes on the History API. The local server and CloudFront answer unknown paths with
 * index.html, so `/regency/35.09` can be bookmarked and shared.
 */
import type { Session } from './auth/session.js';
import type { AppConfig } from './config.js';

export interface PageContext {
  main: HTMLElement;
  path: string;
  query: URLSearchParams;
  /** Path parameters, e.g. `code` of `/regency/:code`. */
  params: Record<string, string>;
  session: Session;
  config: AppConfig;
  /** Aborted when the reader leaves the page. */
  signal: AbortSignal;
  navigate(href: string, options?: { replace?: boolean }): void;
  /** The current page's URL with some query parameters changed (null removes one). */
  withQuery(update: Record<string, string | null>): string;
  /** Runs when the reader leaves the page (charts, listeners). */
  onLeave(cleanup: () => void): void;
}

export type Page = (context: PageContext) => Promise<void>;

export interface RouteMatch {
  name: 'national' | 'overview' | 'regency' | 'audit' | 'audit-imports' | 'upload' | 'explorer' | 'sign-in' | 'auth-callback' | 'not-found';
  params: Record<string, string>;
}

export function matchRoute(path: string): RouteMatch {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/') return { name: 'overview', params: {} };
  if (clean === '/national') return { name: 'national', params: {} };
  if (clean === '/sign-in') return { name: 'sign-in', params: {} };
  if (clean === '/auth/callback') return { name: 'auth-callback', params: {} };
  if (clean === '/audit') return { name: 'audit', params: {} };
  if (clean === '/audit/imports') return { name: 'audit-imports', params: {} };
  if (clean === '/upload') return { name: 'upload', params: {} };
  if (clean === '/explorer') return { name: 'explorer', params: {} };
  if (clean === '/regency') return { name: 'regency', params: {} };
  const regency = /^\/regency\/([0-9.]+)$/.exec(clean);
  if (regency) return { name: 'regency', params: { code: regency[1]! } };
  return { name: 'not-found', params: {} };
}

/** Where a user lands after sign-in: the page made for their role. */
export function landingPath(session: Pick<Session, 'role' | 'region'>): string {
  if (session.role === 'REGENCY' && session.region) return `/regency/${session.region}`;
  if (session.role === 'AUDITOR') return '/audit';
  // The ministry compares provinces; a province opens its regencies from there.
  if (session.role === 'MINISTRY') return '/national';
  return '/';
}

/** Only same-origin paths, so a crafted `returnTo` cannot send the user elsewhere. */
export function safeReturnPath(value: string | null): string | undefined {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : undefined;
}
