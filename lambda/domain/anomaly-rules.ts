/**
 * Anomaly rules for auditors: irregularities that valid rows can still hide. Pure: they take the raw
 * records and return the anomalies with their evidence (ids and masked NIKs only, never a clear NIK).
 * Thresholds are configuration (reference/audit-thresholds.json).
 */
import { ageOn } from './age-band.js';
import { monthIndex, monthOfDate, type Month } from './period.js';
import type { ClaimRecord, ParticipantRecord, PaymentRecord } from './records.js';
import { COVERAGE_HORIZON } from './rollups.js';

export const ANOMALY_TYPES = [
  'DOUBLE_FUNDING',
  'OVER_BILLING',
  'PAYMENT_WITHOUT_COVERAGE',
  'CLAIM_OUTSIDE_COVERAGE',
  'NIK_MISMATCH',
  'AGE_OUT_OF_RANGE',
  'EARLY_JKM_CLAIM',
  'ROLLUP_DRIFT',
] as const;
export type AnomalyType = (typeof ANOMALY_TYPES)[number];
export type Severity = 'HIGH' | 'MEDIUM' | 'LOW';

export interface Anomaly {
  type: AnomalyType;
  severity: Severity;
  regency: string;
  /** The month it concerns (YYYY-MM). */
  period: Month;
  /** How many people, participant-months or rupiah it concerns (per type: see `detail`). */
  count: number;
  detail: string;
  evidence: { participantIds?: string[]; nikMasked?: string[]; paymentIds?: string[]; claimIds?: string[]; regencies?: string[] };
  /** Stable id: the same irregularity found again replaces its earlier record. */
  id: string;
}

export interface AuditThresholds {
  minimumEnrolmentAge: number;
  maximumEnrolmentAge: number;
  /** PP 82/2019: JKM for BPU within this many months of joining pays the funeral part only. */
  jkmWaitingMonths: number;
}

const covers = (start: Month, end: Month | undefined, m: Month) => start <= m && m <= (end ?? COVERAGE_HORIZON);

function overlap(a: { start: Month; end: Month | undefined }, b: { start: Month; end: Month | undefined }): Month | undefined {
  const start = a.start > b.start ? a.start : b.start;
  const endA = a.end ?? COVERAGE_HORIZON;
  const endB = b.end ?? COVERAGE_HORIZON;
  return start <= (endA < endB ? endA : endB) ? start : undefined;
}

export function findAnomalies(
  input: { participants: readonly ParticipantRecord[]; payments: readonly PaymentRecord[]; claims: readonly ClaimRecord[] },
  t: AuditThresholds,
): Anomaly[] {
  const out: Anomaly[] = [];
  const byId = new Map(input.participants.map((p) => [p.participantId, p]));

  // The same person (NIK) funded twice: under two participant ids whose coverage overlaps.
  const byNik = new Map<string, ParticipantRecord[]>();
  for (const p of input.participants) byNik.set(p.nikHash, [...(byNik.get(p.nikHash) ?? []), p]);
  for (const group of byNik.values()) {
    if (group.length < 2) continue;
    let first: Month | undefined;
    const regencies = new Set<string>();
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        for (const a of group[i]!.periods) {
          for (const b of group[j]!.periods) {
            const m = overlap(a, b);
            if (m && (!first || m < first)) first = m;
            if (m) regencies.add(a.regency).add(b.regency);
          }
        }
      }
    }
    if (!first) continue;
    const ids = group.map((p) => p.participantId).sort();
    const regs = [...regencies].sort();
    out.push({
      type: 'DOUBLE_FUNDING',
      severity: 'HIGH',
      regency: regs[regs.length - 1]!,
      period: first,
      count: group.length,
      detail: `one NIK is covered under ${group.length} participant ids at once from ${first} (${regs.join(', ')})`,
      evidence: { participantIds: ids, nikMasked: [...new Set(group.map((p) => p.nikMasked))], regencies: regs },
      id: `DOUBLE_FUNDING#${ids.join('+')}`,
    });
  }

  // Payments against the roster: participants covered per regency, month and funding source.
  const covered = new Map<string, number>();
  for (const p of input.participants) {
    for (const period of p.periods) {
      const end = monthIndex(period.end ?? COVERAGE_HORIZON);
      for (let i = monthIndex(period.start); i <= end; i++) {
        const key = `${period.regency}|${i}|${period.funding}`;
        covered.set(key, (covered.get(key) ?? 0) + 1);
      }
    }
  }
  for (const pay of input.payments) {
    const roster = covered.get(`${pay.regency}|${monthIndex(pay.month)}|${pay.funding}`) ?? 0;
    if (roster === 0 && (pay.participants > 0 || pay.amountIdr > 0)) {
      out.push({
        type: 'PAYMENT_WITHOUT_COVERAGE',
        severity: 'HIGH',
        regency: pay.regency,
        period: pay.month,
        count: pay.amountIdr,
        detail: `Rp ${pay.amountIdr} paid (${pay.funding}) for ${pay.month}, when the roster covers nobody of this regency with this funding`,
        evidence: { paymentIds: [pay.paymentId] },
        id: `PAYMENT_WITHOUT_COVERAGE#${pay.paymentId}`,
      });
    } else if (pay.participants > roster) {
      out.push({
        type: 'OVER_BILLING',
        severity: 'MEDIUM',
        regency: pay.regency,
        period: pay.month,
        count: pay.participants - roster,
        detail: `${pay.participants} participants billed (${pay.funding}) for ${pay.month}; the roster covers ${roster}`,
        evidence: { paymentIds: [pay.paymentId] },
        id: `OVER_BILLING#${pay.paymentId}`,
      });
    }
  }

  for (const c of input.claims) {
    const p = byId.get(c.participantId);
    if (!p) continue;
    const event = monthOfDate(c.eventDate);
    if (!p.periods.some((period) => covers(period.start, period.end, event))) {
      out.push({
        type: 'CLAIM_OUTSIDE_COVERAGE',
        severity: 'HIGH',
        regency: c.claimant.regency,
        period: event,
        count: c.amountIdr,
        detail: `${c.program} claim for an event in ${event}, when the claimant was not covered; Rp ${c.amountIdr} paid`,
        evidence: { participantIds: [p.participantId], nikMasked: [p.nikMasked], claimIds: [c.claimId] },
        id: `CLAIM_OUTSIDE_COVERAGE#${c.claimId}`,
      });
    }
    const joined = p.periods.reduce((m, x) => (x.start < m ? x.start : m), p.periods[0]!.start);
    if (c.program === 'JKM' && monthIndex(event) - monthIndex(joined) < t.jkmWaitingMonths) {
      out.push({
        type: 'EARLY_JKM_CLAIM',
        severity: 'MEDIUM',
        regency: c.claimant.regency,
        period: event,
        count: c.amountIdr,
        detail: `JKM claim for a death in ${event}, within ${t.jkmWaitingMonths} months of joining in ${joined}; Rp ${c.amountIdr} paid`,
        evidence: { participantIds: [p.participantId], nikMasked: [p.nikMasked], claimIds: [c.claimId] },
        id: `EARLY_JKM_CLAIM#${c.claimId}`,
      });
    }
  }

  for (const p of input.participants) {
    const first = p.periods[0]!;
    if (!p.nikAgrees.birthDate || !p.nikAgrees.gender) {
      const what = [!p.nikAgrees.birthDate && 'birth date', !p.nikAgrees.gender && 'sex'].filter(Boolean).join(' and ');
      out.push({
        type: 'NIK_MISMATCH',
        severity: 'LOW',
        regency: first.regency,
        period: first.start,
        count: 1,
        detail: `the NIK's ${what} digits disagree with the roster`,
        evidence: { participantIds: [p.participantId], nikMasked: [p.nikMasked] },
        id: `NIK_MISMATCH#${p.participantId}`,
      });
    }
    for (const period of p.periods) {
      const age = ageOn(p.birthDate, `${period.start}-01`);
      if (age < t.minimumEnrolmentAge || age > t.maximumEnrolmentAge) {
        out.push({
          type: 'AGE_OUT_OF_RANGE',
          severity: 'MEDIUM',
          regency: period.regency,
          period: period.start,
          count: 1,
          detail: `aged ${age} when enrolled in ${period.start} (working age ${t.minimumEnrolmentAge}-${t.maximumEnrolmentAge})`,
          evidence: { participantIds: [p.participantId], nikMasked: [p.nikMasked] },
          id: `AGE_OUT_OF_RANGE#${p.participantId}#${period.start}`,
        });
      }
    }
  }
  return out.sort((a, b) => a.regency.localeCompare(b.regency) || a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
}
