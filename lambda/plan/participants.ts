/**
 * The auditors' participant drill-down: validate the filter, narrow it to the caller's scope, and page
 * through the participants-by-regency index regency by regency with an opaque cursor.
 *
 * Reads are bounded per request (SCAN_BUDGET index items), so a filter that matches little cannot turn
 * one request into a scan of a whole province: the page may then hold fewer than `first` participants
 * (possibly none) with `hasNextPage` true.
 */
import { createHash } from 'node:crypto';
import { FUNDING_SOURCES, SECTORS } from '../domain/codes.js';
import { DomainError } from '../domain/errors.js';
import { isMonth, type Month } from '../domain/period.js';
import type { CoveragePeriod, ParticipantRecord } from '../domain/records.js';
import { isWithin, levelOf, type RegionCatalog } from '../domain/regions.js';
import type { ParticipantIndex } from '../store/participant-index.js';
import type { ReadCounter } from '../store/rollup-store.js';
import { scopeRegions, type Access } from './scope.js';

export const MAX_PARTICIPANT_PAGE = 100;
const SCAN_BUDGET = 1_000;
const INDEX_PAGE = 100;

export interface ParticipantFilter {
  region: string;
  sector?: readonly string[] | null;
  fundingSource?: readonly string[] | null;
  month?: Month | null;
  status?: 'ACTIVE' | 'ENDED' | null;
}

export interface ParticipantPage {
  participants: Array<ParticipantRecord & { visiblePeriods: CoveragePeriod[] }>;
  hasNextPage: boolean;
  endCursor: string | null;
}

interface Cursor {
  /** Fingerprint of the filter the cursor was issued for. */
  f: string;
  /** Regency being read, and the last participant id returned or skipped in it. */
  r: string;
  a: string;
}

const invalid = (argument: string, message: string) => new DomainError('INVALID_INPUT', message, { argument });

export async function findParticipants(
  filter: ParticipantFilter,
  first: number,
  after: string | null | undefined,
  deps: { regions: RegionCatalog; index: ParticipantIndex; access: Access; counter?: ReadCounter },
): Promise<ParticipantPage> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PARTICIPANT_PAGE) {
    throw invalid('first', `first must be a whole number from 1 to ${MAX_PARTICIPANT_PAGE}`);
  }
  const f = validFilter(filter, deps.regions, deps.access);
  deps.access.touched.add(f.region);
  const regencies = levelOf(f.region) === 'PROVINCE' ? deps.regions.children(f.region, 'REGENCY').map((r) => r.code) : [f.region.slice(0, 5)];
  const fingerprint = createHash('sha256').update(JSON.stringify(f)).digest('hex').slice(0, 16);
  const cursor = after ? decodeCursor(after, fingerprint, regencies) : undefined;

  const participants: ParticipantPage['participants'] = [];
  let ri = cursor ? regencies.indexOf(cursor.r) : 0;
  let afterId = cursor?.a || undefined;
  let scanned = 0;
  while (participants.length < first && ri < regencies.length && scanned < SCAN_BUDGET) {
    const regency = regencies[ri]!;
    const { records, more } = await deps.index.page(regency, afterId, Math.min(INDEX_PAGE, SCAN_BUDGET - scanned), deps.counter);
    let stoppedEarly = false;
    for (const record of records) {
      scanned++;
      afterId = record.participantId;
      const periods = matchingPeriods(record, f);
      if (periods) participants.push({ ...record, visiblePeriods: periods });
      if (participants.length === first) {
        stoppedEarly = record !== records[records.length - 1] || more;
        break;
      }
    }
    if (!stoppedEarly && (!more || records.length === 0)) {
      ri++;
      afterId = undefined;
    }
  }
  const hasNextPage = ri < regencies.length;
  return {
    participants,
    hasNextPage,
    endCursor: hasNextPage ? encodeCursor({ f: fingerprint, r: regencies[ri]!, a: afterId ?? '' }) : null,
  };
}

interface ValidFilter {
  region: string;
  sector: string[] | null;
  fundingSource: string[] | null;
  month: Month | null;
  status: 'ACTIVE' | 'ENDED' | null;
}

function validFilter(filter: ParticipantFilter, regions: RegionCatalog, access: Access): ValidFilter {
  const [region] = scopeRegions([filter.region], access)!;
  const known = region !== undefined && regions.isQueryable(region);
  if (!region || !known) throw new DomainError('UNKNOWN_REGION', `Unknown region "${filter.region}"`, { region: filter.region });
  const codes = (argument: string, values: readonly string[] | null | undefined, allowed: readonly string[]) => {
    if (!values) return null;
    if (values.length === 0 || values.length > allowed.length) throw invalid(argument, `${argument} takes 1 to ${allowed.length} values`);
    const bad = values.filter((v) => !allowed.includes(v));
    if (bad.length > 0) throw invalid(argument, `Unknown ${argument} value(s) ${bad.join(', ')}; allowed: ${allowed.join(', ')}`);
    return [...new Set(values)].sort();
  };
  if (filter.month != null && !isMonth(filter.month)) throw invalid('month', 'month must be YYYY-MM');
  return {
    region,
    sector: codes('sector', filter.sector, SECTORS),
    fundingSource: codes('fundingSource', filter.fundingSource, FUNDING_SOURCES),
    month: filter.month ?? null,
    status: filter.status ?? null,
  };
}

/**
 * The participant's periods inside the region when the participant matches the filter, else undefined.
 * A period matches when it lies in the region and has one of the sectors and funding sources; status and
 * month then ask whether a matching period covers the month (or, without a month, is ongoing).
 */
export function matchingPeriods(record: ParticipantRecord, f: ValidFilter): CoveragePeriod[] | undefined {
  const inRegion = record.periods.filter((p) => isWithin(levelOf(f.region) === 'DISTRICT' ? (p.district ?? `${p.regency}.00`) : p.regency, f.region));
  const matching = inRegion.filter((p) => (!f.sector || f.sector.includes(p.sector)) && (!f.fundingSource || f.fundingSource.includes(p.funding)));
  if (matching.length === 0) return undefined;
  const current = (p: CoveragePeriod) => (f.month ? p.start <= f.month && (p.end === undefined || f.month <= p.end) : p.end === undefined);
  const ended = (p: CoveragePeriod) => p.end !== undefined && (!f.month || p.end < f.month);
  const ok =
    f.status === 'ACTIVE' || (f.status === null && f.month)
      ? matching.some(current)
      : f.status === 'ENDED'
        ? !matching.some(current) && matching.some(ended)
        : true;
  return ok ? inRegion : undefined;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** A cursor is only valid with the filter it was issued for, and only points at a regency of that filter. */
function decodeCursor(text: string, fingerprint: string, regencies: readonly string[]): Cursor {
  let cursor: Partial<Cursor> | undefined;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    cursor = undefined;
  }
  if (!cursor || cursor.f !== fingerprint || typeof cursor.r !== 'string' || !regencies.includes(cursor.r) || typeof cursor.a !== 'string') {
    throw invalid('after', 'after is not a cursor issued for this filter');
  }
  return { f: cursor.f, r: cursor.r, a: cursor.a };
}
