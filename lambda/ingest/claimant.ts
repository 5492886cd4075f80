/**
 * Which coverage period a claim is attributed to: the one covering the event month; otherwise the latest
 * period that started on or before it (a claim after coverage ended); otherwise the earliest (a claim
 * before coverage began — an anomaly auditors will see, but the claim still counts where it was paid).
 */
import { monthOfDate } from '../domain/period.js';
import type { Claimant, CoveragePeriod, ParticipantRecord } from '../domain/records.js';

export function claimPeriod(periods: readonly CoveragePeriod[], eventDate: string): CoveragePeriod {
  const m = monthOfDate(eventDate);
  const sorted = [...periods].sort((a, b) => a.start.localeCompare(b.start));
  const covering = sorted.find((p) => p.start <= m && (p.end === undefined || m <= p.end));
  if (covering) return covering;
  const before = sorted.filter((p) => p.start <= m);
  return before[before.length - 1] ?? sorted[0]!;
}

export function claimantOf(p: ParticipantRecord, eventDate: string): Claimant {
  const period = claimPeriod(p.periods, eventDate);
  return { regency: period.regency, district: period.district, sector: period.sector, gender: p.gender, birthDate: p.birthDate };
}
