/**
 * The key design: the only module that composes partition and sort keys and rollup cell names.
 * Keys describe themselves and carry a version, so a future layout can live beside this one.
 */
import { FUNDING_SOURCES, SECTORS } from '../domain/codes.js';
import type { AttributeDimension } from '../domain/dimensions.js';
import type { Granularity } from '../domain/period.js';
import type { RecordKind } from '../domain/records.js';
import type { BlockCoordinate } from '../domain/rollups.js';

const V = 'v1';

export interface ItemKey {
  pk: string;
  sk: string;
}

// ---- records table ----------------------------------------------------------------------------

export const recordKeys = {
  participant: (participantId: string): ItemKey => ({ pk: `PARTICIPANT#${V}#${participantId}`, sk: 'A' }),
  payment: (paymentId: string): ItemKey => ({ pk: `PAYMENT#${V}#${paymentId}`, sk: 'A' }),
  claim: (claimId: string): ItemKey => ({ pk: `CLAIM#${V}#${claimId}`, sk: 'A' }),
  budget: (regency: string, fiscalYear: number): ItemKey => ({ pk: `BUDGET#${V}#${regency}`, sk: `FY#${fiscalYear}` }),
  target: (regency: string, year: number, sector: string | undefined): ItemKey => ({
    pk: `TARGET#${V}#${regency}`,
    sk: `Y#${year}#${sector ?? '*'}`,
  }),
};

/** GSI keys of a participant: auditors page through a regency's participants by id. */
export function participantIndexKeys(regency: string, participantId: string): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: `REGENCY#${V}#${regency}`, gsi1sk: participantId };
}

/** The record kind of a records-table key, or undefined for keys this version does not know. */
export function recordKindOfKey(pk: string): RecordKind | undefined {
  const prefix = pk.slice(0, pk.indexOf('#'));
  switch (prefix) {
    case 'PARTICIPANT':
      return 'participant';
    case 'PAYMENT':
      return 'payment';
    case 'CLAIM':
      return 'claim';
    case 'BUDGET':
      return 'budget';
    case 'TARGET':
      return 'target';
    default:
      return undefined;
  }
}

// ---- stats table -------------------------------------------------------------------------------

export interface RollupItemRef {
  rollupId: string;
  granularity: Granularity;
  partition: string;
  bucket: string;
  /** The block of the partition's cells (`RollupDefinition.blockBy`); '' for rollups kept in one item per bucket. */
  block: string;
}

/** Every rollup item's partition key starts so (maintenance scans filter on it). */
export const ROLLUP_KEY_PREFIX = 'ROLLUP#';
/**
 * v2: items are split into blocks (`<bucket>#<block>` sort keys). Items of the v1 layout (one item per
 * bucket) are neither read nor written; `npm run rebuild` recomputes the rollups and deletes them.
 */
const ROLLUP_V = 'v2';
const BLOCK_SEP = '#';

export function rollupPartitionKey(rollupId: string, granularity: Granularity, partition: string): string {
  return `${ROLLUP_KEY_PREFIX}${ROLLUP_V}#${rollupId}#${granularity}#${partition}`;
}

/** True for the keys of the current rollup layout (a maintenance scan also finds older layouts' items). */
export function isCurrentRollupKey(pk: string): boolean {
  return pk.startsWith(`${ROLLUP_KEY_PREFIX}${ROLLUP_V}#`);
}

export function rollupItemKey(ref: RollupItemRef): ItemKey {
  return { pk: rollupPartitionKey(ref.rollupId, ref.granularity, ref.partition), sk: `${ref.bucket}${BLOCK_SEP}${ref.block}` };
}

/**
 * Sort-key bounds of every block of buckets `fromBucket`..`toBucket` (bucket ids sort in time order and
 * contain no `#`; block values sort below `~`).
 */
export function rollupBucketRange(fromBucket: string, toBucket: string): { from: string; to: string } {
  return { from: `${fromBucket}${BLOCK_SEP}`, to: `${toBucket}${BLOCK_SEP}~` };
}

/** The bucket of a rollup item's sort key. */
export function bucketOfRollupSortKey(sk: string): string {
  const cut = sk.indexOf(BLOCK_SEP);
  return cut < 0 ? sk : sk.slice(0, cut);
}

/** Stable string id of a rollup item, for grouping deltas in memory. */
export function rollupItemId(ref: RollupItemRef): string {
  return rollupItemIdOfKey(rollupItemKey(ref));
}

export function rollupItemIdOfKey(key: ItemKey): string {
  return `${key.pk}|${key.sk}`;
}

export function parseRollupItemId(id: string): RollupItemRef {
  const cut = id.indexOf('|');
  const pk = id.slice(0, cut);
  const sk = id.slice(cut + 1);
  const [, , rollupId, granularity, partition] = pk.split('#') as [string, string, string, Granularity, string];
  const b = sk.indexOf(BLOCK_SEP);
  return { rollupId, granularity, partition, bucket: b < 0 ? sk : sk.slice(0, b), block: b < 0 ? '' : sk.slice(b + 1) };
}

/** Anomalies of a province in one partition, sorted by regency then type: one Query per province. */
export const anomalyKeys = {
  partition: (province: string): string => `ANOMALY#${V}#${province}`,
  item: (province: string, regency: string, type: string, id: string): ItemKey => ({
    pk: `ANOMALY#${V}#${province}`,
    sk: `${regency}#${type}#${id}`,
  }),
};

/** A closed period of a region: stored as text so the sealed snapshot is kept byte for byte. */
export const closeKeys = {
  item: (region: string, period: string): ItemKey => ({ pk: `CLOSE#${V}#${region}`, sk: period }),
};

export const journalKeys = {
  eventClaim: (eventId: string): ItemKey => ({ pk: `AGG#${V}#EVENT#${eventId}`, sk: 'A' }),
  intentHead: (intentId: string): ItemKey => ({ pk: `AGG#${V}#INTENT#${intentId}`, sk: 'HEAD' }),
  intentPart: (intentId: string, part: number): ItemKey => ({ pk: `AGG#${V}#INTENT#${intentId}`, sk: `PART#${String(part).padStart(4, '0')}` }),
  intentPartition: (intentId: string): string => `AGG#${V}#INTENT#${intentId}`,
  meta: (): ItemKey => ({ pk: `AGG#${V}#META`, sk: 'STATE' }),
  /** The debounce state of the anomaly runs the aggregator requests (aggregate/anomaly-trigger.ts). */
  anomalyRun: (): ItemKey => ({ pk: `AGG#${V}#ANOMALY_RUN`, sk: 'STATE' }),
  /** Present while the local platform seeds an empty store in one pass (local/seed-store.ts). */
  seeding: (): ItemKey => ({ pk: `AGG#${V}#SEEDING`, sk: 'STATE' }),
};

// ---- audit table -------------------------------------------------------------------------------
// One partition per chain. Entries sort by time (`T#<at>#<seq>`), so a time range is one Query; a
// sequence marker (`S#<seq>`) per entry makes each sequence number claimable once, which serialises
// appends to a chain without any item ever being updated.

const SEQ_DIGITS = 15;
const pad = (seq: number) => String(seq).padStart(SEQ_DIGITS, '0');

export const auditKeys = {
  chainPartition: (chain: number): string => `AUDIT#${V}#CHAIN#${chain}`,
  entry: (chain: number, at: string, seq: number): ItemKey => ({ pk: auditKeys.chainPartition(chain), sk: `T#${at}#${pad(seq)}` }),
  marker: (chain: number, seq: number): ItemKey => ({ pk: auditKeys.chainPartition(chain), sk: `S#${pad(seq)}` }),
  entryPrefix: 'T#',
  markerPrefix: 'S#',
  /** The leading-key pattern IAM limits the API's appends to (not the import ledger's partition). */
  leadingKeyPattern: `AUDIT#${V}#CHAIN#*`,
  /** Sort-key bounds of the entries appended between two ISO instants, both inclusive. */
  entryRange: (fromIso: string, toIso: string): { from: string; to: string } => ({ from: `T#${fromIso}`, to: `T#${toIso}#~` }),
};

// ---- import ledger (in the audit table) -----------------------------------------------------------
// One partition: imports are files (thousands a year, not thousands a second), and a time range is then
// one Query in time order. The import id ends the sort key, so two imports in the same millisecond differ.

export const importLedgerKeys = {
  partition: `IMPORT#${V}`,
  entry: (at: string, importId: string): ItemKey => ({ pk: `IMPORT#${V}`, sk: `T#${at}#${importId}` }),
  /**
   * The pointer from an import id to its entry's sort key (`I#<importId>`), written with the entry, so an
   * upload's status is two point reads. Sorts before every `T#` entry, outside every time range.
   */
  pointer: (importId: string): ItemKey => ({ pk: `IMPORT#${V}`, sk: `I#${importId}` }),
  /** Sort-key bounds of the entries between two ISO instants, both inclusive. */
  range: (fromIso: string, toIso: string): { from: string; to: string } => ({ from: `T#${fromIso}`, to: `T#${toIso}#~` }),
  /** The leading-key pattern IAM limits the importer's writes to. */
  leadingKeyPattern: `IMPORT#${V}`,
};

// ---- rollup cells -------------------------------------------------------------------------------
// Cell attribute names are short codes: a full-dimension rollup item holds hundreds of cells, and
// DynamoDB bills writes per KB of item size.

const SECTOR_CODES: Record<string, string> = {
  TOBACCO_FARM_WORKER: 'TW',
  TOBACCO_FARMER: 'TF',
  CIGARETTE_FACTORY_WORKER: 'CF',
  FOOD_CROP_FARMER: 'FC',
  FISHER: 'FI',
  RELIGIOUS_SOCIAL_WORKER: 'RS',
  VILLAGE_VULNERABLE_WORKER: 'VV',
  STREET_VENDOR: 'SV',
  OTHER: 'OT',
  '*': '*',
};
const FUNDING_CODES: Record<string, string> = {
  DBHCHT: 'DB',
  APBD: 'AP',
  DBH_PAJAK: 'DP',
  APBDES: 'AD',
  CSR: 'CS',
  MANDIRI: 'MA',
};
const PROGRAM_CODES: Record<string, string> = { 'JKK+JKM': 'KM', 'JKK+JKM+JHT': 'KMH', JKK: 'K', JKM: 'M', JHT: 'H' };

const CODECS: Record<AttributeDimension, { enc: Record<string, string>; dec: Record<string, string> } | null> = {
  SECTOR: codec(SECTOR_CODES),
  FUNDING_SOURCE: codec(FUNDING_CODES),
  PROGRAM: codec(PROGRAM_CODES),
  GENDER: null,
  AGE_BAND: null,
};

function codec(enc: Record<string, string>) {
  return { enc, dec: Object.fromEntries(Object.entries(enc).map(([k, v]) => [v, k])) };
}

// Every value of the code lists must have a code: checked at load so a new code cannot be silently lost.
for (const s of SECTORS) if (!SECTOR_CODES[s]) throw new Error(`keys: no cell code for sector ${s}`);
for (const f of FUNDING_SOURCES) if (!FUNDING_CODES[f]) throw new Error(`keys: no cell code for funding ${f}`);

const SEP = '|';

/** A cell's place: its region (omitted in SELF-partitioned rollups) and its dimension values in rollup order. */
export interface CellRef {
  region: string | undefined;
  values: readonly string[];
}

export function cellName(dims: readonly AttributeDimension[], cell: CellRef, field: string): string {
  return cellPrefix(dims, cell) + field;
}

/** A cell's name up to its field: `cellPrefix(...) + field` is the cell's attribute name. */
export function cellPrefix(dims: readonly AttributeDimension[], cell: CellRef): string {
  // A loop rather than map/join: the aggregator builds millions of these per large import.
  let name = `c${SEP}${cell.region ?? ''}${SEP}`;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    const v = cell.values[i]!;
    const c = CODECS[d];
    let code = v;
    if (c) {
      const encoded = c.enc[v];
      if (encoded === undefined) throw new Error(`keys: no cell code for ${d} value ${v}`);
      code = encoded;
    }
    name += code + SEP;
  }
  return name;
}

/**
 * The block a cell is stored in: its values of the rollup's `blockBy` coordinates, encoded as in cell
 * names ('' when the rollup is not split).
 */
export function rollupBlock(blockBy: readonly BlockCoordinate[], cell: { region: string | undefined; dims: Partial<Record<AttributeDimension, string>> }): string {
  let block = '';
  for (let i = 0; i < blockBy.length; i++) {
    const c = blockBy[i]!;
    let v: string;
    if (c === 'REGION') v = cell.region ?? '';
    else {
      const raw = cell.dims[c];
      if (raw === undefined) throw new Error(`keys: a cell lacks ${c}, which selects its block`);
      v = CODECS[c]?.enc[raw] ?? raw;
    }
    block += i === 0 ? v : SEP + v;
  }
  return block;
}

export function isCellName(name: string): boolean {
  return name.startsWith(`c${SEP}`);
}

/** A cell attribute's name split into the cell's part (shared by all its fields) and the field. */
export function splitCellName(name: string): { cellKey: string; field: string } {
  const cut = name.lastIndexOf(SEP);
  return { cellKey: name.slice(0, cut), field: name.slice(cut + 1) };
}

export function parseCellName(dims: readonly AttributeDimension[], name: string): { cell: CellRef; field: string } {
  const parts = name.split(SEP);
  const region = parts[1] || undefined;
  const values = dims.map((d, i) => {
    const raw = parts[2 + i]!;
    const c = CODECS[d];
    return c ? (c.dec[raw] ?? raw) : raw;
  });
  return { cell: { region, values }, field: parts[2 + dims.length]! };
}
