/**
 * The API's security settings, read once from the environment into a typed object. Malformed values are
 * errors, never warnings. Defaults are the documented policy (docs/security.md).
 */
import { loadAuditTableName } from '../config.js';
import { isRole, type Role } from '../plan/scope.js';

export interface SecurityConfig {
  /** Smallest count published to suppressed roles (k of k-anonymity style cell suppression). */
  minimumCellCount: number;
  /** Roles that see aggregates only, with small cells suppressed. */
  suppressedRoles: ReadonlySet<Role>;
  /** Larger request bodies are refused with 413 before any parsing. */
  maxBodyBytes: number;
  /** A request still running after this is answered with a timeout error (and audited as one). */
  requestTimeoutMs: number;
  auditTable: string;
}

export const SECURITY_DEFAULTS = {
  minimumCellCount: 10,
  suppressedRoles: ['PUBLIC'] as Role[],
  // A dashboard query with its variables is a few KB; 64 KiB leaves room for persisted-query registration.
  maxBodyBytes: 64 * 1024,
  // Below the API function's 10 s timeout, so the caller gets an answer and the audit log an entry.
  requestTimeoutMs: 8_000,
} as const;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`Configuration: ${name} must be a positive whole number, got "${raw}"`);
  return n;
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const roles = env.SUPPRESSED_ROLES?.split(',').map((r) => r.trim()).filter(Boolean) ?? SECURITY_DEFAULTS.suppressedRoles;
  const unknown = roles.filter((r) => !isRole(r));
  if (unknown.length > 0) throw new Error(`Configuration: SUPPRESSED_ROLES has unknown role(s) ${unknown.join(', ')}`);
  const auditTable = loadAuditTableName(env);
  return {
    minimumCellCount: positiveInt(env, 'SUPPRESSION_MIN_COUNT', SECURITY_DEFAULTS.minimumCellCount),
    suppressedRoles: new Set(roles as Role[]),
    maxBodyBytes: positiveInt(env, 'API_MAX_BODY_BYTES', SECURITY_DEFAULTS.maxBodyBytes),
    requestTimeoutMs: positiveInt(env, 'API_REQUEST_TIMEOUT_MS', SECURITY_DEFAULTS.requestTimeoutMs),
    auditTable,
  };
}
