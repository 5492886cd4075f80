/**
 * Payment irregularities planted for auditors: short payments, payments that
 * bill more people than the roster covers, and payments for a month in which
 * nobody of that regency and payer was covered.
 */
import { monthLabel } from './calendar.js';
import { comparePayments, paymentDay, paymentId, type Payment } from './contributions.js';
import type { CoverageTable } from './coverage-table.js';
import type { Rng } from './prng.js';
import { BASE_PACKAGE_IDR } from './rates.js';
import { FUNDING_SOURCES, type PlantedIrregularity } from './types.js';

const SHORT_PAYING_REGENCIES = 4;
const OVER_BILLED_PAYMENTS = 6;
const PAYMENTS_WITHOUT_COVERAGE = 3;

/** Returns the payments with the irregularities planted (sorted again) and what was planted. */
export function plantPaymentIrregularities(
  payments: readonly Payment[],
  table: CoverageTable,
  rng: Rng,
): { payments: Payment[]; planted: PlantedIrregularity[] } {
  const result = payments.map((payment) => ({ ...payment }));
  const planted: PlantedIrregularity[] = [];
  const touched = new Set<string>();

  const dbhcht = result.filter((payment) => payment.funding === 'DBHCHT');
  const regencies = [...new Set(dbhcht.map((payment) => payment.regencyCode))];
  for (const regencyCode of takeDistinct(rng, regencies, SHORT_PAYING_REGENCIES)) {
    const own = dbhcht.filter((payment) => payment.regencyCode === regencyCode);
    for (const payment of takeDistinct(rng, own, rng.int(2, 4))) {
      const share = rng.between(0.85, 0.95);
      payment.amountIdr = Math.round(payment.amountIdr * share);
      touched.add(payment.id);
      planted.push({
        kind: 'SHORT_PAYMENT',
        paymentId: payment.id,
        regencyCode,
        month: monthLabel(payment.month),
        detail: `paid ${Math.round(share * 100)} % of what the covered participants cost`,
      });
    }
  }

  const billable = result.filter((payment) => payment.participants >= 5 && !touched.has(payment.id));
  for (const payment of takeDistinct(rng, billable, OVER_BILLED_PAYMENTS)) {
    const extra = Math.max(1, Math.round(payment.participants * rng.between(0.05, 0.2)));
    payment.participants += extra;
    payment.amountIdr += extra * BASE_PACKAGE_IDR;
    touched.add(payment.id);
    planted.push({
      kind: 'OVER_BILLING',
      paymentId: payment.id,
      regencyCode: payment.regencyCode,
      month: monthLabel(payment.month),
      detail: `bills ${extra} more participants than the roster covers`,
    });
  }

  for (const phantom of takeDistinct(rng, uncoveredMonths(result, table), PAYMENTS_WITHOUT_COVERAGE)) {
    const participants = phantom.typicalHeadcount;
    result.push({
      id: paymentId(phantom.regencyCode, phantom.month, phantom.funding),
      regencyCode: phantom.regencyCode,
      month: phantom.month,
      funding: phantom.funding,
      participants,
      amountIdr: participants * BASE_PACKAGE_IDR,
      paidOn: paymentDay(rng, phantom.month),
    });
    planted.push({
      kind: 'PAYMENT_WITHOUT_COVERAGE',
      paymentId: paymentId(phantom.regencyCode, phantom.month, phantom.funding),
      regencyCode: phantom.regencyCode,
      month: monthLabel(phantom.month),
      detail: `pays for ${participants} participants in a month with nobody covered from ${phantom.funding}`,
    });
  }
  result.sort(comparePayments);
  return { payments: result, planted };
}

interface UncoveredMonth {
  regencyCode: string;
  month: number;
  funding: Payment['funding'];
  typicalHeadcount: number;
}

/** Months in which a regency that pays from a source at other times has nobody covered from it. */
function uncoveredMonths(payments: readonly Payment[], table: CoverageTable): UncoveredMonth[] {
  const largest = new Map<string, number>();
  for (const payment of payments) {
    const key = `${payment.regencyCode}|${payment.funding}`;
    largest.set(key, Math.max(largest.get(key) ?? 0, payment.participants));
  }
  const found: UncoveredMonth[] = [];
  for (const regencyCode of table.regencyCodes) {
    for (const funding of FUNDING_SOURCES) {
      const typicalHeadcount = largest.get(`${regencyCode}|${funding}`);
      if (typicalHeadcount === undefined) continue;
      for (let month = table.first; month <= table.last; month++) {
        if (table.headcount(regencyCode, month, funding) === 0) found.push({ regencyCode, month, funding, typicalHeadcount });
      }
    }
  }
  return found;
}

/** Up to `count` distinct items, in a seeded random order. */
function takeDistinct<T>(rng: Rng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const taken: T[] = [];
  while (taken.length < count && pool.length > 0) {
    const index = rng.int(0, pool.length - 1);
    taken.push(pool[index] as T);
    pool[index] = pool[pool.length - 1] as T;
    pool.pop();
  }
  return taken;
}
