/**
 * The participant roster: people and their coverage periods, generated cohort
 * by cohort. Months are month indexes and days day numbers (see calendar.ts);
 * rows.ts turns them into CSV rows at the end.
 */
import type { RegencyProfile } from './calibration.js';
import { monthLabel } from './calendar.js';
import { memberPeriods, resolveCohort, type Cohort, type MemberKind, type PeriodDraft } from './cohort-periods.js';
import { buildNik, nikBirthDigits, type Gender } from './nik.js';
import { birthDayForAge, drawEnrolAge, drawGender, drawName } from './people.js';
import type { Rng } from './prng.js';
import { cohortParticipants } from './scale.js';
import type { FundingSource, Sector } from './types.js';

export interface Person {
  /** participant_id: an 11-digit KPJ number. */
  id: string;
  nik: string;
  name: string;
  gender: Gender;
  birthDay: number;
  regencyCode: string;
  /** District digits (5-6) of the NIK. */
  nikDistrict: number;
  /** This person's periods are periods[firstPeriod .. firstPeriod + periodCount - 1], oldest first. */
  firstPeriod: number;
  periodCount: number;
}

export interface Period {
  person: number;
  regencyCode: string;
  /** Dotted district code, or '' when the roster does not say. */
  districtCode: string;
  sector: Sector;
  funding: FundingSource;
  jht: boolean;
  start: number;
  /** null = ongoing. */
  end: number | null;
}

export interface NewPerson {
  regencyCode: string;
  nik: string;
  nikDistrict: number;
  name: string;
  gender: Gender;
  birthDay: number;
  districtCode: string;
  sector: Sector;
  jht: boolean;
  periods: readonly PeriodDraft[];
}

/** Multiplier that walks the 7-digit KPJ serial space in a scrambled but collision-free order (coprime to 10^7). */
const SERIAL_STRIDE = 7_919;
const SERIAL_SPACE = 10_000_000;

export class RosterBuilder {
  persons: Person[] = [];
  periods: Period[] = [];
  /** Issued NIKs, as numbers where they fit (East Java's all do): hashing numbers is several times faster. */
  private readonly niks = new Set<number | string>();
  private readonly serialOffset: number;
  private sequence = 0;

  constructor(private readonly rng: Rng) {
    this.serialOffset = rng.int(0, SERIAL_SPACE - 1);
  }

  /** A KPJ number: the YYMM of the first enrolment, then a serial unique within the data set. */
  participantId(firstStart: number): string {
    if (this.sequence >= SERIAL_SPACE) throw new RangeError('more participants than KPJ serials');
    const serial = (this.sequence++ * SERIAL_STRIDE + this.serialOffset) % SERIAL_SPACE;
    const yymm = monthLabel(firstStart).slice(2).replace('-', '');
    return yymm + String(serial).padStart(7, '0');
  }

  /** A NIK not issued before in this data set: the serial digits move on when the first draw is taken. */
  issueNik(regencyCode: string, district: number, birthDigits: string): string {
    let serial = this.rng.int(1, 9_999);
    for (let tries = 0; tries < 9_999; tries++) {
      const nik = buildNik(regencyCode, district, birthDigits, serial);
      if (this.claimNik(nik)) return nik;
      serial = (serial % 9_999) + 1;
    }
    throw new RangeError(`no NIK serial left for ${regencyCode} district ${district}`);
  }

  /** Reserves a NIK built elsewhere (a planted one); false when it is already taken. */
  claimNik(nik: string): boolean {
    const asNumber = Number(nik);
    const key = Number.isSafeInteger(asNumber) ? asNumber : nik;
    if (this.niks.has(key)) return false;
    this.niks.add(key);
    return true;
  }

  /** Adds a person with periods (oldest first, non-overlapping); returns the person's index. */
  add(person: NewPerson): number {
    const index = this.persons.length;
    const firstStart = person.periods[0]?.start;
    if (firstStart === undefined) throw new Error('a participant needs at least one period');
    this.persons.push({
      id: this.participantId(firstStart),
      nik: person.nik,
      name: person.name,
      gender: person.gender,
      birthDay: person.birthDay,
      regencyCode: person.regencyCode,
      nikDistrict: person.nikDistrict,
      firstPeriod: this.periods.length,
      periodCount: person.periods.length,
    });
    for (const draft of person.periods) {
      this.periods.push({
        person: index,
        regencyCode: person.regencyCode,
        districtCode: person.districtCode,
        sector: person.sector,
        funding: draft.funding,
        jht: person.jht,
        start: draft.start,
        end: draft.end,
      });
    }
    return index;
  }

  /** Cuts every period to the months [first, last]; drops periods and people left with nothing. */
  clip(first: number, last: number): void {
    const persons: Person[] = [];
    const periods: Period[] = [];
    for (const person of this.persons) {
      const kept: Period[] = [];
      for (let i = person.firstPeriod; i < person.firstPeriod + person.periodCount; i++) {
        const period = this.periods[i] as Period;
        if (period.start > last || (period.end !== null && period.end < first)) continue;
        // Coverage running past the data set's last month is, as far as the data knows, ongoing.
        if (period.end !== null && period.end > last) period.end = null;
        period.start = Math.max(period.start, first);
        period.person = persons.length;
        kept.push(period);
      }
      if (kept.length === 0) continue;
      person.firstPeriod = periods.length;
      person.periodCount = kept.length;
      persons.push(person);
      for (const period of kept) periods.push(period);
    }
    this.persons = persons;
    this.periods = periods;
  }
}

/** Generates every cohort of every profile at `factor` (full scale = 1), in profile order. */
export function buildRoster(profiles: readonly RegencyProfile[], factor: number, rng: Rng): RosterBuilder {
  const builder = new RosterBuilder(rng);
  for (const profile of profiles) {
    for (const spec of profile.cohorts) {
      const cohort = resolveCohort(spec);
      const { covered, terminated } = cohortParticipants(spec, factor);
      const renewedFromBlock = spec.previous ? Math.min(covered, Math.round(spec.previous.count * factor)) : 0;
      for (let i = 0; i < covered; i++) {
        addMember(builder, rng, profile, cohort, i < renewedFromBlock ? 'renewed-block' : 'covered');
      }
      for (let i = 0; i < terminated; i++) addMember(builder, rng, profile, cohort, 'terminated');
    }
  }
  return builder;
}

function addMember(builder: RosterBuilder, rng: Rng, profile: RegencyProfile, cohort: Cohort, kind: MemberKind): void {
  const periods = memberPeriods(rng, cohort, kind);
  const gender = drawGender(rng, cohort.sector);
  const name = drawName(rng, gender);
  const birthDay = birthDayForAge(rng, drawEnrolAge(rng), (periods[0] as PeriodDraft).start);
  const nikDistrict = districtNumber(profile, rng.int(1, profile.districts));
  const nik = builder.issueNik(profile.code, nikDistrict, nikBirthDigits(birthDay, gender));
  builder.add({
    regencyCode: profile.code,
    nik,
    nikDistrict,
    name,
    gender,
    birthDay,
    districtCode: rosterDistrict(rng, profile, nikDistrict),
    sector: cohort.sector,
    jht: rng.chance(cohort.jhtShare),
    periods,
  });
}

/**
 * Most rosters give the district of the NIK; about 5 % leave it out and about
 * 5 % give another one (people register where they were born, work where they live).
 */
function rosterDistrict(rng: Rng, profile: RegencyProfile, nikDistrict: number): string {
  const draw = rng.float();
  if (draw < 0.05) return '';
  const district = draw < 0.1 && profile.districts > 1 ? districtNumber(profile, rng.int(1, profile.districts)) : nikDistrict;
  return `${profile.code}.${district < 10 ? '0' : ''}${district}`;
}

/**
 * The number (last two code digits) of the profile's n-th district. District codes have gaps where
 * districts were split or moved (52.01 has 01-03, 07-09, 12-15), and the importer accepts only real ones.
 */
function districtNumber(profile: RegencyProfile, n: number): number {
  const code = profile.districtCodes?.[n - 1];
  return code === undefined ? n : Number(code.slice(-2));
}
