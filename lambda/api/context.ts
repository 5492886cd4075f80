/** What every resolver receives: the request's identity and the data-access objects, built per request. */
import type { RegionCatalog } from '../domain/regions.js';
import type { AggregationJournal } from '../store/aggregation-journal.js';
import type { ReadCounter, RollupStore } from '../store/rollup-store.js';

export interface ApiContext {
  requestId: string;
  regions: RegionCatalog;
  rollups: RollupStore;
  journal: AggregationJournal;
  /** DynamoDB reads of this request (requests, items, capacity), for the benchmark and the logs. */
  reads: ReadCounter;
}
