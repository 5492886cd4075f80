/**
 * Contribution payments: one per regency x coverage month x funding source
 * that has somebody covered, billing exactly the covered headcount at the
 * BPU rates. Deviations (short payments, over-billing, payments for nobody)
 * are planted afterwards by planted-payments.ts, so they stay countable.
 */
import { firstDayOfMonth, monthLabel } from './calendar.js';
import type { CoverageTable } from './coverage-table.js';
import type { Rng } from './prng.js';
import { FUNDING_SOURCES, type FundingSource } from './types.js';

export interface Payment {
  id: string;
  regencyCode: string;
  /** Coverage month paid for (month index). */
  month: number;
  funding: FundingSource;
  participants: number;
  amountIdr: number;
  /** Day number. */
  paidOn: number;
}

/** Stable id: the same regency, month and payer always get the same id, whatever the scale or seed. */
export function paymentId(regencyCode: string, month: number, funding: FundingSource): string {
  return `PAY-${regencyCode.replace('.', '')}-${monthLabel(month).replace('-', '')}-${funding}`;
}

/** Iuran is due by the 15th of the month; regencies pay between the 5th and the 15th. */
export function paymentDay(rng: Rng, month: number): number {
  return firstDayOfMonth(month) + rng.int(4, 14);
}

/** Payments in regency, month, funding-source order. */
export function paymentsFor(table: CoverageTable, rng: Rng): Payment[] {
  const payments: Payment[] = [];
  for (const regencyCode of table.regencyCodes) {
    for (let month = table.first; month <= table.last; month++) {
      for (const funding of FUNDING_SOURCES) {
        const participants = table.headcount(regencyCode, month, funding);
        if (participants === 0) continue;
        payments.push({
          id: paymentId(regencyCode, month, funding),
          regencyCode,
          month,
          funding,
          participants,
          amountIdr: table.expectedIdr(regencyCode, month, funding),
          paidOn: paymentDay(rng, month),
        });
      }
    }
  }
  return payments;
}

/** Sort order of payments (regency, month, payer), used again after planting extra ones. */
export function comparePayments(a: Payment, b: Payment): number {
  if (a.regencyCode !== b.regencyCode) return a.regencyCode < b.regencyCode ? -1 : 1;
  if (a.month !== b.month) return a.month - b.month;
  return FUNDING_SOURCES.indexOf(a.funding) - FUNDING_SOURCES.indexOf(b.funding);
}
