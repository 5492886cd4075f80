/** A period closed for a region: the figures as closed, sealed by a SHA-256 over the snapshot (plan/period-close.ts). */
export interface ClosedPeriod {
  region: string;
  period: string;
  closedAt: string;
  closedBy: string;
  /** The data's freshness when closed (extensions.asOf of that moment). */
  asOf: string | null;
  figures: Record<string, number | null>;
  sha256: string;
}
