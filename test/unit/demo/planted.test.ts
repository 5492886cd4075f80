import { describe, expect, it } from 'vitest';
import type { PlantedKind, Row } from '../../../lambda/demo/types.js';
import { byParticipant, coversMonth, demo, field, monthlyCost, monthsBetween, plantedOf, plantedParticipants } from './support.js';

const dataset = demo({ seed: 11, participants: 12_000 });
const people = byParticipant(dataset.participants);
const periodsOf = (id: string): Row[] => people.get(id) ?? [];
const claimById = new Map(dataset.claims.map((row) => [field(row, 'claim_id'), row]));
const paymentById = new Map(dataset.contributions.map((row) => [field(row, 'payment_id'), row]));

/** What the roster says a payment should be: headcount and cost of the periods it pays for. */
function rosterCost(regency: string, month: string, funding: string): { heads: number; idr: number } {
  let heads = 0;
  let idr = 0;
  for (const row of dataset.participants) {
    if (field(row, 'regency_code') !== regency || field(row, 'funding_source') !== funding || !coversMonth(row, month)) continue;
    heads++;
    idr += monthlyCost(field(row, 'programs'));
  }
  return { heads, idr };
}

function monthsFrom(from: string, to: string): number {
  return monthsBetween(from, to).length - 1;
}

describe('planted irregularities', () => {
  it('plants every kind auditors look for, as a small share of the data', () => {
    const kinds: PlantedKind[] = [
      'DOUBLE_FUNDING',
      'OVER_BILLING',
      'PAYMENT_WITHOUT_COVERAGE',
      'CLAIM_OUTSIDE_COVERAGE',
      'NIK_MISMATCH',
      'AGE_OUT_OF_RANGE',
      'EARLY_JKM_CLAIM',
    ];
    for (const kind of kinds) expect(plantedOf(dataset, kind).length, kind).toBeGreaterThan(0);
    const involved = plantedParticipants(dataset, 'DOUBLE_FUNDING', 'NIK_MISMATCH', 'AGE_OUT_OF_RANGE');
    expect(involved.size / people.size).toBeLessThan(0.01);
  });

  it('double-funds a NIK in two regencies in the same months, and no NIK otherwise', () => {
    const idsByNik = new Map<string, Set<string>>();
    for (const row of dataset.participants) {
      const ids = idsByNik.get(field(row, 'nik')) ?? new Set<string>();
      ids.add(field(row, 'participant_id'));
      idsByNik.set(field(row, 'nik'), ids);
    }
    const shared = [...idsByNik.values()].filter((ids) => ids.size > 1).map((ids) => [...ids].sort().join());
    const planted = plantedOf(dataset, 'DOUBLE_FUNDING').map((entry) => [...(entry.participantIds ?? [])].sort().join());
    expect(shared.sort()).toEqual(planted.sort());
    for (const entry of plantedOf(dataset, 'DOUBLE_FUNDING')) {
      const [first, second] = (entry.participantIds ?? []).map(periodsOf) as [Row[], Row[]];
      expect(field(first[0] as Row, 'regency_code')).not.toBe(field(second[0] as Row, 'regency_code'));
      const overlap = monthsBetween('2024-01', '2025-12').some(
        (month) => first.some((row) => coversMonth(row, month)) && second.some((row) => coversMonth(row, month)),
      );
      expect(overlap).toBe(true);
    }
  });

  it('bills the roster exactly, except over-billed, short and uncovered payments', () => {
    const deviating = new Set(
      dataset.planted.filter((entry) => entry.paymentId !== undefined).map((entry) => entry.paymentId as string),
    );
    for (const row of dataset.contributions) {
      const expected = rosterCost(field(row, 'regency_code'), field(row, 'month'), field(row, 'funding_source'));
      const heads = Number(field(row, 'participants'));
      const idr = Number(field(row, 'amount_idr'));
      const id = field(row, 'payment_id');
      const kind = dataset.planted.find((entry) => entry.paymentId === id)?.kind;
      if (!deviating.has(id)) {
        expect({ heads, idr }, id).toEqual(expected);
      } else if (kind === 'OVER_BILLING') {
        expect(heads, id).toBeGreaterThan(expected.heads);
      } else if (kind === 'PAYMENT_WITHOUT_COVERAGE') {
        expect(expected.heads, id).toBe(0);
        expect(heads, id).toBeGreaterThan(0);
      } else {
        expect(kind).toBe('SHORT_PAYMENT');
        expect(heads).toBe(expected.heads);
        expect(idr / expected.idr).toBeGreaterThanOrEqual(0.85);
        expect(idr / expected.idr).toBeLessThan(0.96);
      }
    }
    for (const id of deviating) expect(paymentById.has(id), id).toBe(true);
  });

  it('dates claims inside the claimant\'s coverage, except the planted ones', () => {
    const planted = new Set(plantedOf(dataset, 'CLAIM_OUTSIDE_COVERAGE').map((entry) => entry.claimId));
    for (const row of dataset.claims) {
      const month = field(row, 'event_date').slice(0, 7);
      const covered = periodsOf(field(row, 'participant_id')).some((period) => coversMonth(period, month));
      expect(covered, field(row, 'claim_id')).toBe(!planted.has(field(row, 'claim_id')));
    }
    expect(planted.size).toBeGreaterThan(0);
    for (const id of planted) expect(claimById.has(id as string)).toBe(true);
  });

  it('pays JKM only after three months of membership, except the planted early claims', () => {
    const planted = new Set(plantedOf(dataset, 'EARLY_JKM_CLAIM').map((entry) => entry.claimId));
    for (const row of dataset.claims.filter((claim) => field(claim, 'program') === 'JKM')) {
      const joined = periodsOf(field(row, 'participant_id')).map((period) => field(period, 'start_month')).sort()[0] as string;
      const early = monthsFrom(joined, field(row, 'event_date').slice(0, 7)) < 3;
      expect(early, field(row, 'claim_id')).toBe(planted.has(field(row, 'claim_id')));
    }
  });

  it('names planted people and payments by ids that exist', () => {
    for (const entry of dataset.planted) {
      for (const id of entry.participantIds ?? []) expect(people.has(id), `${entry.kind} ${id}`).toBe(true);
      if (entry.claimId) expect(claimById.has(entry.claimId)).toBe(true);
      if (entry.paymentId) expect(paymentById.has(entry.paymentId)).toBe(true);
      expect(JSON.stringify(entry)).not.toMatch(/\d{16}/); // no NIK in the planted list
    }
  });
});
