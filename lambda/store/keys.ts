/**
 * The key design: the only module that composes partition and sort keys and rollup cell names.
 * Keys describe themselves and carry a version, so a future layout can live beside this one.
 */
import { AGE_BANDS } from '../domain/age-band.js';
import { CLAIM_PROGRAMS, FUNDING_SOURCES, GENDERS, PROGRAM_SETS, SECTORS } from '../domain/codes.js';
import type { AttributeDimension } from '../domain/dimensions.js';
import type { Granularity } from '../domain/period.js';
import type { RecordKind } from '../domain/records.js';
import { ALL_SECTORS, FACT_FIELDS, type BlockCoordinate } from '../domain/rollups.js';

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
 * v2: items are split into blocks (`<bucket>#<block>` sort keys); v3: one-character cell names (below);
 * v4: the rollup cov-prov-fund, which a v3 store lacks (read there, it would show nobody covered).
 * Items of an older layout are neither read nor written; `npm run rebuild` recomputes the rollups and
 * deletes them.
 */
const ROLLUP_V = 'v4';
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

/** The stored key of a rollup item id, whatever its layout (`parseRollupItemId` reads the current layout's fields only). */
export function rollupItemKeyOfId(id: string): ItemKey {
  const cut = id.indexOf('|');
  return { pk: id.slice(0, cut), sk: id.slice(cut + 1) };
}

export function parseRollupItemId(id: string): RollupItemRef {
  const { pk, sk } = rollupItemKeyOfId(id);
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

/**
 * Claims are grouped by stream position: the records whose sequence numbers differ only in the last two
 * digits share one item. A batch is a contiguous run of its shard's sequence numbers, so it fills a few
 * dozen group items of its own (one update each, about 75 bytes a claim) and shares at most the two at
 * its ends with its neighbours; a redelivery, however batched, finds each record's claim in the same item.
 * One item per record cost a write unit and a request per record, as much as all rollup writes together.
 * Where sequence numbers are sparse, groups hold fewer claims, down to one per item: the old cost, never
 * more. A record without a sequence number has a group of its own.
 */
const CLAIM_GROUP_DIGITS = 2;

export const journalKeys = {
  /** The item that holds the claim of this stream record. */
  claimGroup: (event: { eventID: string; sequenceNumber: string | undefined }): ItemKey => {
    const seq = event.sequenceNumber;
    const group = seq && seq.length > CLAIM_GROUP_DIGITS ? `S${seq.slice(0, -CLAIM_GROUP_DIGITS)}` : `E${event.eventID}`;
    return { pk: `AGG#${V}#CLAIMS#${group}`, sk: 'A' };
  },
  /** The attribute of a claim group that holds one record's claim (never a key attribute's name). */
  claimAttribute: (eventId: string): string => `e${eventId}`,
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

// ---- rollup cells and blocks ---------------------------------------------------------------------
// Blocks (in sort keys) use readable two-letter codes; cell names, below, one character per value.

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

/** Gender and age band values are short already and stand for themselves in blocks. */
const BLOCK_CODES: Partial<Record<AttributeDimension, Record<string, string>>> = {
  SECTOR: SECTOR_CODES,
  FUNDING_SOURCE: FUNDING_CODES,
  PROGRAM: PROGRAM_CODES,
};

// Every value of the code lists must have a code: checked at load so a new code cannot be silently lost.
for (const s of SECTORS) if (!SECTOR_CODES[s]) throw new Error(`keys: no block code for sector ${s}`);
for (const f of FUNDING_SOURCES) if (!FUNDING_CODES[f]) throw new Error(`keys: no block code for funding ${f}`);

/**
 * Cell attribute names, `<region>|<one character per dimension value><one character for the field>`.
 * DynamoDB bills an update by the size of the whole item, names included, and a full cube holds
 * hundreds of attributes: names of 5–8 bytes (v3) instead of 20–28 (v2) cut the aggregator's write
 * units by about half (bench/results.md, aggregator). The region is written relative to the partition
 * (`09` for regency 35.09 in province 35's partition); SELF-partitioned cells have none. Every code is
 * fixed here, not derived from list order, so that reordering a code list cannot change what is stored.
 */
const CELL_SEP = '|';
const CELL_CODES: Record<AttributeDimension, Record<string, string>> = {
  SECTOR: {
    TOBACCO_FARM_WORKER: 'T',
    TOBACCO_FARMER: 'F',
    CIGARETTE_FACTORY_WORKER: 'C',
    FOOD_CROP_FARMER: 'P',
    FISHER: 'N',
    RELIGIOUS_SOCIAL_WORKER: 'R',
    VILLAGE_VULNERABLE_WORKER: 'V',
    STREET_VENDOR: 'S',
    OTHER: 'O',
    '*': '*',
  },
  FUNDING_SOURCE: { DBHCHT: 'D', APBD: 'A', DBH_PAJAK: 'P', APBDES: 'V', CSR: 'C', MANDIRI: 'M' },
  PROGRAM: { 'JKK+JKM': '2', 'JKK+JKM+JHT': '3', JKK: 'K', JKM: 'M', JHT: 'H' },
  GENDER: { L: 'L', P: 'P' },
  AGE_BAND: { '<15': '0', '15-24': '1', '25-34': '2', '35-44': '3', '45-54': '4', '55-64': '5', '65+': '6' },
};
const FIELD_CODES: Record<string, string> = {
  act: 'a',
  pm: 'p',
  new: 'n',
  term: 't',
  eJKK: 'K',
  eJKM: 'M',
  eJHT: 'H',
  paid: 'd',
  billed: 'b',
  n: 'c',
  amt: 'x',
  alloc: 'l',
  t: 'w',
};
const CELL_DECODE = Object.fromEntries(
  Object.entries(CELL_CODES).map(([d, enc]) => [d, Object.fromEntries(Object.entries(enc).map(([k, v]) => [v, k]))]),
) as Record<AttributeDimension, Record<string, string>>;
const FIELD_DECODE = Object.fromEntries(Object.entries(FIELD_CODES).map(([k, v]) => [v, k]));

// Every value a cell can hold must have a one-character code, distinct within its dimension: checked at
// load, so a new code or field cannot be silently lost or merged with another.
for (const [dim, values] of [
  ['SECTOR', [...SECTORS, ALL_SECTORS]],
  ['FUNDING_SOURCE', FUNDING_SOURCES],
  ['PROGRAM', [...Object.keys(PROGRAM_SETS), ...CLAIM_PROGRAMS]],
  ['GENDER', GENDERS],
  ['AGE_BAND', AGE_BANDS],
] as Array<[AttributeDimension, readonly string[]]>) {
  for (const v of values) if (CELL_CODES[dim][v]?.length !== 1) throw new Error(`keys: no one-character cell code for ${dim} ${v}`);
  if (Object.keys(CELL_DECODE[dim]).length !== Object.keys(CELL_CODES[dim]).length) throw new Error(`keys: ${dim} cell codes collide`);
}
for (const fields of Object.values(FACT_FIELDS)) for (const f of fields) if (FIELD_CODES[f]?.length !== 1) throw new Error(`keys: no cell code for field ${f}`);
if (Object.keys(FIELD_DECODE).length !== Object.keys(FIELD_CODES).length) throw new Error('keys: field codes collide');

/** A cell's place: its region (omitted in SELF-partitioned rollups) and its dimension values in rollup order. */
export interface CellRef {
  region: string | undefined;
  values: readonly string[];
}

/** The attribute name of one field of a cell stored in `partition`. */
export function cellName(dims: readonly AttributeDimension[], partition: string, cell: CellRef, field: string): string {
  return cellPrefix(dims, partition, cell) + cellFieldCode(field);
}

/** The character a field takes at the end of a cell name: `cellPrefix(...) + cellFieldCode(field)`. */
export function cellFieldCode(field: string): string {
  const code = FIELD_CODES[field];
  if (code === undefined) throw new Error(`keys: no cell code for field ${field}`);
  return code;
}

function relativeRegion(partition: string, region: string | undefined): string {
  if (region === undefined) return '';
  if (region.startsWith(`${partition}.`)) return region.slice(partition.length + 1);
  // National partitions hold provinces, whose codes have no prefix to drop.
  if (partition === 'ID') return region;
  throw new Error(`keys: region ${region} is not inside partition ${partition}`);
}

/** A cell's name up to its field: `cellPrefix(...) + field code` is the cell's attribute name. */
export function cellPrefix(dims: readonly AttributeDimension[], partition: string, cell: CellRef): string {
  // A loop rather than map/join: the aggregator builds millions of these per large import.
  let name = relativeRegion(partition, cell.region) + CELL_SEP;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i]!;
    const v = cell.values[i]!;
    const code = CELL_CODES[d][v];
    if (code === undefined) throw new Error(`keys: no cell code for ${d} value ${v}`);
    name += code;
  }
  return name;
}

export function isCellName(name: string): boolean {
  return name.includes(CELL_SEP);
}

/** A cell attribute's name split into the cell's part (shared by all its fields) and the field. */
export function splitCellName(name: string): { cellKey: string; field: string } {
  const field = FIELD_DECODE[name[name.length - 1]!];
  if (field === undefined) throw new Error(`keys: ${name} is not a cell name`);
  return { cellKey: name.slice(0, -1), field };
}

export function parseCellName(dims: readonly AttributeDimension[], partition: string, name: string): { cell: CellRef; field: string } {
  const cut = name.indexOf(CELL_SEP);
  const rel = name.slice(0, cut);
  const region = rel === '' ? undefined : partition === 'ID' ? rel : `${partition}.${rel}`;
  const values = dims.map((d, i) => {
    const code = name[cut + 1 + i]!;
    const v = CELL_DECODE[d][code];
    if (v === undefined) throw new Error(`keys: ${name}: no ${d} value for code ${code}`);
    return v;
  });
  return { cell: { region, values }, field: splitCellName(name).field };
}

/**
 * The block a cell is stored in: its values of the rollup's `blockBy` coordinates, with the two-letter
 * codes ('' when the rollup is not split).
 */
const BLOCK_PART_SEP = '|';

export function rollupBlock(blockBy: readonly BlockCoordinate[], cell: { region: string | undefined; dims: Partial<Record<AttributeDimension, string>> }): string {
  let block = '';
  for (let i = 0; i < blockBy.length; i++) {
    const c = blockBy[i]!;
    let v: string;
    if (c === 'REGION') v = cell.region ?? '';
    else {
      const raw = cell.dims[c];
      if (raw === undefined) throw new Error(`keys: a cell lacks ${c}, which selects its block`);
      v = BLOCK_CODES[c]?.[raw] ?? raw;
    }
    block += i === 0 ? v : BLOCK_PART_SEP + v;
  }
  return block;
}
