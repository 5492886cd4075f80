/**
 * Internal records -> rows keyed by the import contract's columns, in a
 * stable order (participants by id, payments by regency/month/payer, claims
 * by payout date), so that the same seed gives the same bytes.
 */
import { dayLabel, monthLabel } from './calendar.js';
import type { Claim } from './claims.js';
import type { Payment } from './contributions.js';
import type { Budget } from './budgets.js';
import type { Period, Person } from './roster.js';
import type { Target } from './targets.js';
import type { Row } from './types.js';

export function participantRows(persons: readonly Person[], periods: readonly Period[]): Row[] {
  const order = persons.map((_, index) => index);
  const ids = persons.map((person) => Number(person.id));
  order.sort((a, b) => (ids[a] as number) - (ids[b] as number));
  const rows: Row[] = [];
  for (const index of order) {
    const person = persons[index] as Person;
    const birthDate = dayLabel(person.birthDay);
    for (let i = person.firstPeriod; i < person.firstPeriod + person.periodCount; i++) {
      const period = periods[i] as Period;
      rows.push({
        participant_id: person.id,
        nik: person.nik,
        name: person.name,
        gender: person.gender,
        birth_date: birthDate,
        regency_code: period.regencyCode,
        district_code: period.districtCode,
        sector: period.sector,
        programs: period.jht ? 'JKK+JKM+JHT' : 'JKK+JKM',
        funding_source: period.funding,
        start_month: monthLabel(period.start),
        end_month: period.end === null ? '' : monthLabel(period.end),
      });
    }
  }
  return rows;
}

export function contributionRows(payments: readonly Payment[]): Row[] {
  return payments.map((payment) => ({
    payment_id: payment.id,
    regency_code: payment.regencyCode,
    month: monthLabel(payment.month),
    funding_source: payment.funding,
    participants: String(payment.participants),
    amount_idr: String(payment.amountIdr),
    paid_on: dayLabel(payment.paidOn),
  }));
}

/**
 * Claims sorted by payout, numbered per payout year (`CLM-2025-000001`), so
 * ids do not betray which claims were planted. Returns the id given to each
 * claim (in the input order) along with the rows.
 */
export function claimRows(claims: readonly Claim[], persons: readonly Person[]): { rows: Row[]; ids: string[] } {
  const order = claims.map((_, index) => index);
  const personId = (claim: Claim): string => (persons[claim.person] as Person).id;
  order.sort((a, b) => {
    const x = claims[a] as Claim;
    const y = claims[b] as Claim;
    return x.paidOn - y.paidOn || x.eventDay - y.eventDay || (personId(x) < personId(y) ? -1 : 1);
  });
  const ids: string[] = new Array<string>(claims.length);
  const perYear = new Map<string, number>();
  const rows = order.map((index) => {
    const claim = claims[index] as Claim;
    const paidOn = dayLabel(claim.paidOn);
    const year = paidOn.slice(0, 4);
    const sequence = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, sequence);
    const id = `CLM-${year}-${String(sequence).padStart(6, '0')}`;
    ids[index] = id;
    return {
      claim_id: id,
      participant_id: personId(claim),
      program: claim.program,
      event_date: dayLabel(claim.eventDay),
      paid_on: paidOn,
      amount_idr: String(claim.amountIdr),
    };
  });
  return { rows, ids };
}

export function budgetRows(budgets: readonly Budget[]): Row[] {
  return budgets.map((budget) => ({
    regency_code: budget.regencyCode,
    fiscal_year: String(budget.fiscalYear),
    allocation_idr: String(budget.allocationIdr),
  }));
}

export function targetRows(targets: readonly Target[]): Row[] {
  return targets.map((target) => ({
    regency_code: target.regencyCode,
    year: String(target.year),
    sector: target.sector,
    target_workers: String(target.targetWorkers),
  }));
}
