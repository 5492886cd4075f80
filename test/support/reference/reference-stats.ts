/**
 * Independent reference implementation of every measure of docs/semantics, for the
 * integration tests that check the GraphQL figures. It imports nothing from lambda/.
 *
 * @example
 * const data = loadDataset(csvDir); // the same five CSVs the test imports into the product
 * const { rows, totals } = referenceStats(data, {
 *   measures: ['ACTIVE_PARTICIPANTS', 'COVERAGE_RATE'], dimensions: ['REGION'], regionLevel: 'REGENCY',
 *   from: '2025-01', to: '2025-12', granularity: 'QUARTER',
 * });
 */
export type { Bucket, Granularity } from './calendar.js';
export { ageBandOf, ageOn, bucketLabelOf, bucketsBetween, previousBucketLabel } from './calendar.js';
export type {
  Budget, Claim, CoveragePeriod, CsvRow, Dataset, DatasetRows, Payment, Program, Rate, Region, Target,
} from './dataset.js';
export {
  DEFAULT_RATES_PATH, DEFAULT_REGIONS_PATH, datasetFromRows, loadDataset, loadRates, loadRegions,
} from './dataset.js';
export type { Dimension, Measure, RefQuery, RefResult, RefRow, RegionLevel } from './catalogue.js';
export { MEASURES } from './catalogue.js';
export { attributeClaim, referenceStats } from './measures.js';
export type { RankingEntry, RankingFigures, RealizationRow } from './reports.js';
export { referenceNationalRanking, referenceRanking, referenceRealization } from './reports.js';
