/**
 * The signed-in user's token, kept in sessionStorage (gone with the tab). Role, region and expiry are
 * read from the token's claims when it is a JWT, so the page can pick a sensible landing page and say
 * "expired" before the server does; the API alone decides what the token may see.
 */
export const ROLES = ['MINISTRY', 'PROVINCE', 'REGENCY', 'AUDITOR', 'PUBLIC'] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  token: string;
  role: Role | null;
  /** Region scope code (`35`, `35.09`); null for a national scope. */
  region: string | null;
  /** Epoch milliseconds; null when the token does not say. */
  expiresAt: number | null;
}

const STORAGE_KEY = 'jamrep.session';

export function readSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

/**
 * Stores `token`. `hint` is what the user asked for at sign-in; the token's own claims win over it,
 * since they are what the server will enforce.
 */
export function saveSession(token: string, hint: { role?: Role | null; region?: string | null } = {}): Session {
  const claims = decodeJwtClaims(token);
  const session: Session = {
    token,
    role: roleFromClaims(claims) ?? hint.role ?? null,
    region: regionFromClaims(claims) ?? hint.region ?? null,
    expiresAt: typeof claims?.exp === 'number' ? claims.exp * 1000 : null,
  };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return session.expiresAt !== null && session.expiresAt <= now;
}

/** The payload of a JWT, unverified (the server verifies); undefined for an opaque token. */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (token.split('.').length !== 3 || !part) return undefined;
  try {
    const base64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** `role` (local dev tokens) or the first role among Cognito's `cognito:groups`. */
function roleFromClaims(claims: Record<string, unknown> | undefined): Role | undefined {
  if (!claims) return undefined;
  if (isRole(claims.role)) return claims.role;
  const groups = claims['cognito:groups'] ?? claims.roles;
  return Array.isArray(groups) ? groups.find(isRole) : undefined;
}

function regionFromClaims(claims: Record<string, unknown> | undefined): string | undefined {
  const region = claims?.region ?? claims?.['custom:region'];
  return typeof region === 'string' && region !== '' ? region : undefined;
}
