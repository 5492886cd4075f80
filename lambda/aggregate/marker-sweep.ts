/**
 * Removes the markers of finished intents from the rollup items.
 *
 * Each rollup item update is guarded by a marker of its intent (rollup-store.ts), which makes a retried
 * batch skip what it already added. Once the intent is done the marker has no use, but removing it right
 * away would rewrite every touched item a second time; the aggregator leaves it, and this sweep, run with
 * the scheduled audit jobs, removes all finished markers at once. Markers of intents still pending, or
 * finished less than a function timeout ago, stay.
 * Between sweeps an item carries one marker (~50 bytes) per batch that touched it.
 */
import type { AggregationJournal } from '../store/aggregation-journal.js';
import { intentOfMarker, type RollupStore } from '../store/rollup-store.js';
import { STREAM_SETTINGS } from './stream-settings.js';

export interface SweepOutcome {
  itemsSwept: number;
  markersRemoved: number;
  markersKept: number;
}

/**
 * `graceSeconds`: only markers of intents done at least this long ago go. A duplicate invocation of the same
 * records can still be applying an intent that another invocation has just finished, and the markers are
 * what stops it; no invocation outlives the aggregator's function timeout.
 */
export async function sweepMarkers(
  deps: { journal: AggregationJournal; rollups: RollupStore },
  { graceSeconds = STREAM_SETTINGS.functionTimeoutSeconds, now = new Date() }: { graceSeconds?: number; now?: Date } = {},
): Promise<SweepOutcome> {
  const marked = await deps.rollups.markedItems();
  const intents = [...new Set(marked.flatMap(({ markers }) => markers.map(intentOfMarker)))];
  const finished = await deps.journal.finishedIntents(intents, new Date(now.getTime() - graceSeconds * 1000));
  const removable: Array<{ itemId: string; markers: string[] }> = [];
  let kept = 0;
  for (const { itemId, markers } of marked) {
    const done = markers.filter((m) => finished.has(intentOfMarker(m)));
    kept += markers.length - done.length;
    if (done.length > 0) removable.push({ itemId, markers: done });
  }
  await deps.rollups.clearMarkers(removable);
  return { itemsSwept: removable.length, markersRemoved: removable.reduce((n, r) => n + r.markers.length, 0), markersKept: kept };
}
