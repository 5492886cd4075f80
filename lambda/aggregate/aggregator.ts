/**
 * Applies a batch of records-table stream records to the rollups, exactly once in effect.
 *
 * 1. Look up which records are already claimed by an intent (an earlier, possibly crashed, attempt).
 * 2. Finish every claimed intent that is not done: its stored records are re-applied; item updates are
 *    conditional on the intent's marker, so what was already absorbed is skipped.
 * 3. Put the unclaimed records into a new intent: store it, claim its records (each claim conditional:
 *    a record a concurrent invocation claimed first stays with that invocation), apply the records it
 *    owns, mark done.
 *    The markers of done intents are removed later, in bulk, by the marker sweep.
 * Deltas are the facts of the new image minus the facts of the old image, so inserts, corrections
 * and deletions all move the figures correctly.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createHash } from 'node:crypto';
import type { RateTable } from '../domain/rates.js';
import type { RegionCatalog } from '../domain/regions.js';
import type { AggregationJournal } from '../store/aggregation-journal.js';
import { itemToRecord } from '../store/record-items.js';
import { RollupSizeGuard } from '../store/rollup-item-size.js';
import type { RollupStore } from '../store/rollup-store.js';
import { factsOf } from './facts.js';
import { RollupDeltas, type ItemDeltas } from './rollup-deltas.js';

/** The part of a Lambda DynamoDB stream record the aggregator needs. */
export interface ChangeRecord {
  eventID: string;
  /** The record's position in its shard (it selects the record's claim group, keys.ts). */
  sequenceNumber: string | undefined;
  /** Seconds since the epoch, as Lambda delivers ApproximateCreationDateTime. */
  time: number | undefined;
  oldImage: Record<string, AttributeValue> | undefined;
  newImage: Record<string, AttributeValue> | undefined;
}

export interface AggregatorDeps {
  journal: AggregationJournal;
  rollups: RollupStore;
  rates: RateTable;
  /** The region reference data: every item's worst-case size is checked against it before writing. */
  regions: RegionCatalog;
}

export interface BatchOutcome {
  applied: number;
  skippedAlreadyApplied: number;
  /** The intent of the batch's fresh records (the same records always give the same id). */
  intentId: string | undefined;
  /** Of those skipped, records a concurrent invocation claimed between this one's lookup and its claim. */
  claimedElsewhere: number;
  intentsFinished: number;
  itemsUpdated: number;
  /** UpdateItem requests and the write units they consumed (DynamoDB's ConsumedCapacity). */
  rollupUpdates: number;
  rollupWriteUnits: number;
  /** The largest rollup item the batch updated, in KB, and which. */
  largestItemKb: number;
  largestItemId: string | undefined;
}

const guards = new WeakMap<RegionCatalog, RollupSizeGuard>();
function guardOf(regions: RegionCatalog): RollupSizeGuard {
  let g = guards.get(regions);
  if (!g) guards.set(regions, (g = new RollupSizeGuard(regions)));
  return g;
}

export function deltasOf(records: readonly ChangeRecord[], rates: RateTable): ItemDeltas {
  const deltas = new RollupDeltas();
  for (const r of records) {
    const before = r.oldImage ? itemToRecord(unmarshall(r.oldImage)) : undefined;
    const after = r.newImage ? itemToRecord(unmarshall(r.newImage)) : undefined;
    if (before) deltas.add(factsOf(before, rates), -1);
    if (after) deltas.add(factsOf(after, rates), 1);
  }
  return deltas.result();
}

export async function aggregateBatch(records: readonly ChangeRecord[], deps: AggregatorDeps): Promise<BatchOutcome> {
  const outcome: BatchOutcome = {
    applied: 0,
    skippedAlreadyApplied: 0,
    intentId: undefined,
    claimedElsewhere: 0,
    intentsFinished: 0,
    itemsUpdated: 0,
    rollupUpdates: 0,
    rollupWriteUnits: 0,
    largestItemKb: 0,
    largestItemId: undefined,
  };
  if (records.length === 0) return outcome;
  const claims = await deps.journal.claimsOf(records);
  const covered = new Set<string>();

  // Only a redelivery finds claims, so reading the claimed intents in full costs nothing on the normal path.
  for (const intentId of new Set(claims.values())) {
    const intent = await deps.journal.readIntent(intentId);
    if (!intent) throw new Error(`Aggregation journal: intent ${intentId} is claimed but missing`);
    for (const id of intent.eventIds) covered.add(id);
    if (intent.status === 'DONE') continue;
    // Re-claim all of the intent's records (an earlier attempt may have crashed while claiming them);
    // it applies the ones it owns, which are the same on every attempt.
    const stored = intent.payload as ChangeRecord[];
    const owned = await deps.journal.claim(stored, intentId);
    await applyIntent(intentId, stored.filter((r) => owned.has(r.eventID)), deps, outcome);
    outcome.intentsFinished++;
  }
  const fresh = records.filter((r) => !covered.has(r.eventID));
  outcome.skippedAlreadyApplied = records.length - fresh.length;
  if (fresh.length > 0) {
    const ids = fresh.map((r) => r.eventID);
    const intentId = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 40);
    outcome.intentId = intentId;
    if ((await deps.journal.writeIntent(intentId, ids, fresh)) === 'DONE') {
      // A duplicate delivery of exactly these records that a concurrent invocation finished meanwhile.
      outcome.skippedAlreadyApplied = records.length;
      return outcome;
    }
    const owned = await deps.journal.claim(fresh, intentId);
    // Records another invocation claimed between our lookup and our claim are applied by that invocation
    // (or by the retry of its batch, which finds its claims).
    const mine = fresh.filter((r) => owned.has(r.eventID));
    outcome.claimedElsewhere = fresh.length - mine.length;
    outcome.skippedAlreadyApplied += outcome.claimedElsewhere;
    await applyIntent(intentId, mine, deps, outcome);
    outcome.applied = mine.length;
  }
  return outcome;
}

async function applyIntent(intentId: string, records: readonly ChangeRecord[], deps: AggregatorDeps, outcome: BatchOutcome): Promise<void> {
  const deltas = deltasOf(records, deps.rates);
  // Before anything is written: a too-large item fails the batch loudly, naming the item.
  guardOf(deps.regions).check(deltas);
  const written = await deps.rollups.applyDeltas(intentId, deltas);
  outcome.itemsUpdated += deltas.size;
  outcome.rollupUpdates += written.updates;
  outcome.rollupWriteUnits += written.writeUnits;
  if (written.largestItemKb > outcome.largestItemKb) {
    outcome.largestItemKb = written.largestItemKb;
    outcome.largestItemId = written.largestItemId;
  }
  // The intent's markers stay on the items: clearing them here would rewrite every item a second time
  // (a third of the aggregator's time). The scheduled sweep (marker-sweep.ts) removes them once done.
  await deps.journal.markDone(intentId);
  const newest = Math.max(0, ...records.map((r) => r.time ?? 0));
  if (newest > 0) await deps.journal.advanceAsOf(new Date(newest * 1000).toISOString());
}
