/**
 * Roster irregularities planted for auditors to find: double funding across
 * regencies, NIKs that contradict the roster, participants outside working
 * age. Each is still a valid import row: the contract rejects malformed data,
 * not suspicious data.
 */
import { monthLabel, ageOn, firstDayOfMonth } from './calendar.js';
import { PUBLISHED_REGENCIES, type RegencyProfile } from './calibration.js';
import { buildNik, nikBirthDigits } from './nik.js';
import { birthDayForAge } from './people.js';
import type { Rng } from './prng.js';
import type { Period, Person, RosterBuilder } from './roster.js';
import type { PlantedIrregularity } from './types.js';


export interface RosterPlantCounts {
  doubleFunding: number;
  nikMismatch: number;
  ageOutOfRange: number;
}

/** Few enough to stay "a small share", enough that a small data set still has some of each. */
export function rosterPlantCounts(factor: number): RosterPlantCounts {
  return {
    doubleFunding: Math.max(3, Math.round(120 * factor)),
    nikMismatch: Math.max(5, Math.round(200 * factor)),
    ageOutOfRange: Math.max(3, Math.round(60 * factor)),
  };
}

/**
 * Plants into `builder` (already clipped to the data set's months, so every
 * added period lies inside it). `touched` collects the people involved, so
 * that no person carries two planted irregularities.
 */
export function plantRosterIrregularities(
  builder: RosterBuilder,
  profiles: readonly RegencyProfile[],
  counts: RosterPlantCounts,
  lastMonth: number,
  rng: Rng,
  touched: Set<number>,
): PlantedIrregularity[] {
  const planted: PlantedIrregularity[] = [];
  // Published figures stay exact: the second enrolment of a double-funded person goes to another regency.
  const otherRegencies = profiles.filter((profile) => !PUBLISHED_REGENCIES.has(profile.code));
  const originals = builder.persons.length;
  const pickPerson = (): number => {
    for (;;) {
      const index = rng.int(0, originals - 1);
      if (!touched.has(index)) {
        touched.add(index);
        return index;
      }
    }
  };
  if (originals < counts.doubleFunding + counts.nikMismatch + counts.ageOutOfRange) return planted;

  for (let i = 0; i < counts.doubleFunding; i++) {
    const index = pickPerson();
    const person = builder.persons[index] as Person;
    const last = builder.periods[person.firstPeriod + person.periodCount - 1] as Period;
    const elsewhere = otherRegencies.filter((profile) => profile.code !== person.regencyCode);
    const regency = rng.pick(elsewhere);
    const start = rng.int(last.start, last.end ?? lastMonth);
    // The same person (same NIK, name, birth date) enrolled again by a second regency while still covered by the first.
    const twin = builder.add({
      regencyCode: regency.code,
      nik: person.nik,
      nikDistrict: person.nikDistrict,
      name: person.name,
      gender: person.gender,
      birthDay: person.birthDay,
      districtCode: '',
      sector: last.sector,
      jht: false,
      periods: [{ funding: 'DBHCHT', start, end: last.end }],
    });
    touched.add(twin);
    planted.push({
      kind: 'DOUBLE_FUNDING',
      participantIds: [person.id, (builder.persons[twin] as Person).id],
      regencyCode: regency.code,
      month: monthLabel(start),
      detail: `one NIK covered by ${person.regencyCode} and by ${regency.code} (DBHCHT) from ${monthLabel(start)}`,
    });
  }

  for (let i = 0; i < counts.nikMismatch; i++) {
    const person = builder.persons[pickPerson()] as Person;
    const wrongSex = rng.chance(0.5);
    const otherGender = person.gender === 'P' ? 'L' : 'P';
    const digits = wrongSex
      ? nikBirthDigits(person.birthDay, otherGender)
      : nikBirthDigits(person.birthDay + rng.pick([-1, 1]) * rng.int(1, 400), person.gender);
    person.nik = uniqueNik(builder, person, digits, rng);
    planted.push({
      kind: 'NIK_MISMATCH',
      participantIds: [person.id],
      regencyCode: person.regencyCode,
      detail: wrongSex ? 'NIK day digits encode the other sex' : 'NIK birth-date digits differ from birth_date',
    });
  }

  for (let i = 0; i < counts.ageOutOfRange; i++) {
    const person = builder.persons[pickPerson()] as Person;
    const joined = (builder.periods[person.firstPeriod] as Period).start;
    const age = rng.chance(0.5) ? rng.int(12, 14) : rng.int(66, 72);
    person.birthDay = birthDayForAge(rng, age, joined);
    // The NIK follows the new birth date, so this person shows one anomaly, not two.
    person.nik = builder.issueNik(person.regencyCode, person.nikDistrict, nikBirthDigits(person.birthDay, person.gender));
    planted.push({
      kind: 'AGE_OUT_OF_RANGE',
      participantIds: [person.id],
      regencyCode: person.regencyCode,
      month: monthLabel(joined),
      detail: `aged ${ageOn(person.birthDay, firstDayOfMonth(joined))} when enrolled in ${monthLabel(joined)}`,
    });
  }
  return planted;
}

function uniqueNik(builder: RosterBuilder, person: Person, birthDigits: string, rng: Rng): string {
  for (;;) {
    const nik = buildNik(person.regencyCode, person.nikDistrict, birthDigits, rng.int(1, 9_999));
    if (builder.claimNik(nik)) return nik;
  }
}
