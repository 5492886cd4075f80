/**
 * Facts: what one raw record contributes to the statistics, per bucket of every granularity. Pure.
 * The aggregator subtracts the facts of a record's old image and adds those of its new image, so
 * corrections move the figures and deletions remove them.
 */
import { ageBand, ageOn } from '../domain/age-band.js';
import { PROGRAM_SETS } from '../domain/codes.js';
import type { AttributeDimension } from '../domain/dimensions.js';
import type { Source } from '../domain/measures.js';
import {
  GRANULARITIES,
  bucketAt,
  bucketOf,
  lastDayOfMonth,
  monthFromIndex,
  monthIndex,
  monthOfDate,
  type Bucket,
  type Granularity,
} from '../domain/period.js';
import type { RateTable } from '../domain/rates.js';
import type { CoveragePeriod, ParticipantRecord, RawRecord } from '../domain/records.js';
import { ALL_SECTORS, COVERAGE_HORIZON } from '../domain/rollups.js';
import { assertNever } from '../domain/errors.js';

export interface Fact {
  source: Source;
  granularity: Granularity;
  bucket: string;
  /** The finest region known: a district, `<regency>.00` when the district is unknown, or a regency. */
  region: string;
  dims: Partial<Record<AttributeDimension, string>>;
  fields: Record<string, number>;
}

export function factsOf(record: RawRecord, rates: RateTable): Fact[] {
  switch (record.kind) {
    case 'participant':
      return record.periods.flatMap((p) => coverageFacts(record, p, rates));
    case 'payment':
      return GRANULARITIES.map((g) => ({
        source: 'payments',
        granularity: g,
        bucket: bucketOf(record.month, g).id,
        region: record.regency,
        dims: { FUNDING_SOURCE: record.funding },
        fields: { paid: record.amountIdr, billed: record.participants },
      }));
    case 'claim': {
      const c = record.claimant;
      return GRANULARITIES.map((g) => {
        const bucket = bucketOf(monthOfDate(record.paidOn), g);
        return {
          source: 'claims',
          granularity: g,
          bucket: bucket.id,
          region: c.district ?? `${c.regency}.00`,
          dims: {
            SECTOR: c.sector,
            PROGRAM: record.program,
            GENDER: c.gender,
            AGE_BAND: ageBand(ageOn(c.birthDate, lastDayOfMonth(bucket.last))),
          },
          fields: { n: 1, amt: record.amountIdr },
        };
      });
    }
    case 'budget':
      return [
        {
          source: 'budgets',
          granularity: 'YEAR',
          bucket: String(record.fiscalYear),
          region: record.regency,
          dims: {},
          fields: { alloc: record.allocationIdr },
        },
      ];
    case 'target':
      return [
        {
          source: 'targets',
          granularity: 'YEAR',
          bucket: String(record.year),
          region: record.regency,
          dims: { SECTOR: record.sector ?? ALL_SECTORS },
          fields: { t: record.targetWorkers, n: 1 },
        },
      ];
    default:
      return assertNever(record, 'record kind');
  }
}

function coverageFacts(p: ParticipantRecord, period: CoveragePeriod, rates: RateTable): Fact[] {
  const start = monthIndex(period.start);
  const end = Math.min(monthIndex(period.end ?? COVERAGE_HORIZON), monthIndex(COVERAGE_HORIZON));
  if (end < start) return [];
  const programs = PROGRAM_SETS[period.programs];
  const region = period.district ?? `${period.regency}.00`;
  const facts: Fact[] = [];
  for (const g of GRANULARITIES) {
    const seen = new Set<string>();
    for (let i = start; i <= end; i++) {
      const bucket = bucketAt(i, g);
      if (seen.has(bucket.id)) continue;
      seen.add(bucket.id);
      facts.push(bucketFact(p, period, bucket, start, end, programs, region, rates));
    }
  }
  return facts;
}

function bucketFact(
  p: ParticipantRecord,
  period: CoveragePeriod,
  bucket: Bucket,
  start: number,
  end: number,
  programs: readonly string[],
  region: string,
  rates: RateTable,
): Fact {
  const first = Math.max(start, monthIndex(bucket.first));
  const lastIdx = monthIndex(bucket.last);
  const last = Math.min(end, lastIdx);
  const fields: Record<string, number> = {
    act: end >= lastIdx ? 1 : 0,
    pm: last - first + 1,
    new: monthIndex(bucket.first) <= start && start <= lastIdx ? 1 : 0,
    term: period.end !== undefined && monthIndex(bucket.first) <= end && end <= lastIdx ? 1 : 0,
  };
  for (const program of programs) {
    let expected = 0;
    for (let i = first; i <= last; i++) expected += rates.monthlyRate(program as 'JKK', monthFromIndex(i));
    fields[`e${program}`] = expected;
  }
  return {
    source: 'coverage',
    granularity: bucket.granularity,
    bucket: bucket.id,
    region,
    dims: {
      SECTOR: period.sector,
      PROGRAM: period.programs,
      FUNDING_SOURCE: period.funding,
      GENDER: p.gender,
      AGE_BAND: ageBand(ageOn(p.birthDate, lastDayOfMonth(bucket.last))),
    },
    fields,
  };
}
