/**
 * The deterministic demo data set: DBHCHT-funded BPJS Ketenagakerjaan
 * coverage, 2024-2025, of East Java (calibrated to published figures) and of
 * any other province with a plan in reference/demo/dbhcht-provinces.csv
 * (invented figures), as the five CSV files of the import contract plus the
 * list of irregularities planted in them.
 *
 * Pure: no file system, no clock, no Math.random. The same options give the
 * same rows, byte for byte.
 *
 * @example
 * const demo = generateDemo({ regions: readRegions(['35', '52']), plans: readRegencyPlans(), seed: 7, participants: 60_000 });
 * demo.participants[0].participant_id; // an 11-digit KPJ number
 */
import { budgetsFor } from './budgets.js';
import { EAST_JAVA_PROFILES, plannedProfile, type MixName, type RegencyProfile } from './calibration.js';
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
import { participantsAt, scaleFactor, SMALL_SCALE_PARTICIPANTS } from './scale.js';
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

/** How a regency outside East Java is generated (a row of reference/demo/dbhcht-provinces.csv). */
export interface RegencyPlanRow {
  /** DBHCHT-funded participants in December 2025 at full scale. */
  total: number;
  mix: MixName;
  since: string;
  coverage2025: number;
}

export interface GenerateDemoInput extends DemoOptions {
  /** The regencies and cities of the selected provinces (readRegions). */
  regions: readonly DemoRegion[];
  /** Plans of the regencies outside East Java, by code (readRegencyPlans); East Java has its calibration. */
  plans?: ReadonlyMap<string, RegencyPlanRow>;
}

export function generateDemo(input: GenerateDemoInput): DemoDataset {
  const seed = input.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const first = monthIndex(input.from ?? DEFAULT_FROM);
  const last = monthIndex(input.to ?? DEFAULT_TO);
  if (last < first) throw new RangeError(`to (${input.to}) is before from (${input.from})`);
  const profiles = demoProfiles(input.regions, input.plans);
  // One factor for every selected province: their sizes keep the proportions of the full scale.
  const factor = scaleFactor(input.participants ?? SMALL_SCALE_PARTICIPANTS, participantsAt(profiles, 1));
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

/** NIK district digits run 01-30 in the demo (calibration.ts): at most the first 30 districts are used. */
const MAX_DISTRICTS = 30;

/**
 * The profiles of the listed regencies, in list order: East Java's from its calibration (the list must
 * then name exactly its calibrated regencies), the others from their plans; each with its real districts.
 */
export function demoProfiles(regions: readonly DemoRegion[], plans: ReadonlyMap<string, RegencyPlanRow> = new Map()): RegencyProfile[] {
  const eastJava = regions.filter((region) => region.code.startsWith('35.'));
  if (eastJava.length > 0) {
    const listed = new Set(eastJava.map((region) => region.code));
    const missing = [...EAST_JAVA_PROFILES.keys()].filter((code) => !listed.has(code));
    const uncalibrated = [...listed].filter((code) => !EAST_JAVA_PROFILES.has(code));
    if (missing.length > 0 || uncalibrated.length > 0) {
      throw new Error(
        `the region list does not match the East Java calibration (not listed: ${missing.join(', ') || 'none'}; ` +
          `not calibrated: ${uncalibrated.join(', ') || 'none'})`,
      );
    }
  }
  const unplanned = regions.filter((region) => !region.code.startsWith('35.') && !plans.has(region.code)).map((region) => region.code);
  if (unplanned.length > 0) throw new Error(`no demo plan for ${unplanned.join(', ')} (reference/demo/dbhcht-provinces.csv)`);
  return regions.map((region) => {
    const calibrated = EAST_JAVA_PROFILES.get(region.code);
    const profile =
      calibrated ??
      plannedProfile({
        code: region.code,
        districts: Math.min(MAX_DISTRICTS, region.districts.length),
        isCity: region.type === 'kota',
        ...(plans.get(region.code) as RegencyPlanRow),
      });
    if (profile.districts > region.districts.length) throw new Error(`${region.code} has fewer districts than its demo profile`);
    return { ...profile, districtCodes: region.districts };
  });
}
