/**
 * The deterministic demo data set: East Java's DBHCHT-funded BPJS
 * Ketenagakerjaan coverage, 2024-2025, as the five CSV files of the import
 * contract plus the list of irregularities planted in them.
 *
 * Pure: no file system, no clock, no Math.random. The same options give the
 * same rows, byte for byte.
 *
 * @example
 * const regions = readRegions('reference/regions/35-jawa-timur.csv');
 * const demo = generateDemo({ regions, seed: 7, participants: 60_000 });
 * demo.participants[0].participant_id; // an 11-digit KPJ number
 */
import { budgetsFor } from './budgets.js';
import { EAST_JAVA_PROFILES, type RegencyProfile } from './calibration.js';
import { monthIndex, yearOfMonth } from './calendar.js';
import { claimsFor } from './claims.js';
import { paymentsFor } from './contributions.js';
import { CoverageTable } from './coverage-table.js';
import { claimPlantCounts, plantClaimIrregularities } from './planted-claims.js';
import { plantPaymentIrregularities } from './planted-payments.js';
import { plantRosterIrregularities, rosterPlantCounts } from './planted-roster.js';
import { Rng } from './prng.js';
import { buildRoster } from './roster.js';
import { budgetRows, claimRows, contributionRows, participantRows, targetRows } from './rows.js';
import { scaleFactor, SMALL_SCALE_PARTICIPANTS } from './scale.js';
import { targetsFor } from './targets.js';
import {
  DEFAULT_FROM,
  DEFAULT_SEED,
  DEFAULT_TO,
  type DemoDataset,
  type DemoOptions,
  type DemoRegion,
  type PlantedIrregularity,
} from './types.js';

export interface GenerateDemoInput extends DemoOptions {
  /** The province's regencies and cities (reference/regions/35-jawa-timur.csv). */
  regions: readonly DemoRegion[];
}

export function generateDemo(input: GenerateDemoInput): DemoDataset {
  const seed = input.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const first = monthIndex(input.from ?? DEFAULT_FROM);
  const last = monthIndex(input.to ?? DEFAULT_TO);
  if (last < first) throw new RangeError(`to (${input.to}) is before from (${input.from})`);
  const factor = scaleFactor(input.participants ?? SMALL_SCALE_PARTICIPANTS);
  const profiles = profilesFor(input.regions);
  const regencyCodes = profiles.map((profile) => profile.code);
  const years: number[] = [];
  for (let year = yearOfMonth(first); year <= yearOfMonth(last); year++) years.push(year);

  const roster = buildRoster(profiles, factor, Rng.stream(seed, 'roster'));
  roster.clip(first, last);
  const touched = new Set<number>();
  const planted: PlantedIrregularity[] = plantRosterIrregularities(
    roster,
    profiles,
    rosterPlantCounts(factor),
    last,
    Rng.stream(seed, 'planted-roster'),
    touched,
  );
  const { persons, periods } = roster;

  const table = CoverageTable.fromPeriods(periods, regencyCodes, first, last);
  const paid = plantPaymentIrregularities(paymentsFor(table, Rng.stream(seed, 'payments')), table, Rng.stream(seed, 'planted-payments'));
  planted.push(...paid.planted);

  // Planted roster people do not claim: each planted person shows one irregularity.
  const claimed = new Set<number>(touched);
  const claims = claimsFor(persons, periods, { first, last }, factor, Rng.stream(seed, 'claims'), claimed);
  const plantedClaims = plantClaimIrregularities(
    persons,
    periods,
    claimPlantCounts(factor),
    first,
    last,
    Rng.stream(seed, 'planted-claims'),
    claimed,
  );
  const allClaims = [...claims, ...plantedClaims.map((entry) => entry.claim)];
  const claimOutput = claimRows(allClaims, persons);
  plantedClaims.forEach((entry, index) => {
    const person = persons[entry.claim.person];
    planted.push({
      kind: entry.kind,
      claimId: claimOutput.ids[claims.length + index] as string,
      participantIds: person ? [person.id] : [],
      detail: entry.detail,
    });
  });

  const budgets = budgetsFor(table, years, Rng.stream(seed, 'budgets'));
  const measuredAt = years.map((year) => Math.min(year * 12 + 11, last));
  const targets = targetsFor(profiles, periods, years, measuredAt, Rng.stream(seed, 'targets'));

  return {
    participants: participantRows(persons, periods),
    contributions: contributionRows(paid.payments),
    claims: claimOutput.rows,
    budgets: budgetRows(budgets),
    targets: targetRows(targets),
    planted,
  };
}

/** The calibrated profiles in the order of the region list, which must name exactly the calibrated regencies. */
function profilesFor(regions: readonly DemoRegion[]): RegencyProfile[] {
  const listed = new Set(regions.map((region) => region.code));
  const missing = [...EAST_JAVA_PROFILES.keys()].filter((code) => !listed.has(code));
  const uncalibrated = [...listed].filter((code) => !EAST_JAVA_PROFILES.has(code));
  if (missing.length > 0 || uncalibrated.length > 0) {
    throw new Error(
      `the region list does not match the East Java calibration (not listed: ${missing.join(', ') || 'none'}; ` +
        `not calibrated: ${uncalibrated.join(', ') || 'none'})`,
    );
  }
  return regions.map((region) => EAST_JAVA_PROFILES.get(region.code) as RegencyProfile);
}
