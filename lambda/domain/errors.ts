/**
 * Errors of the domain, each with a stable code that the GraphQL layer maps to `extensions.code`
 * and that dashboards can switch on.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_PERIOD'
  | 'UNKNOWN_REGION'
  | 'UNSUPPORTED_DIMENSION'
  | 'NO_ROLLUP'
  | 'INVALID_ROW'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  /** An export of more rows than the limit (EXPORT_MAX_ROWS). */
  | 'EXPORT_TOO_LARGE';

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
