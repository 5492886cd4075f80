/**
 * The queries of the national benchmark: what the ministry's national page asks (every province, every
 * regency of the country) next to what a provincial dashboard asks, so that the items each reads can be
 * compared between scales and between the national and the provincial view.
 */
import type { GraphqlRequest } from './graphql-client.js';

export interface NationalQuery extends GraphqlRequest {
  id: string;
  title: string;
  scope: 'national' | 'provincial';
}

const PERIOD = '2025';
/** Jawa Timur: the province with the most regencies among the DBHCHT receivers (38). */
const PROVINCE = '35';

export const NATIONAL_QUERIES: NationalQuery[] = [
  {
    id: 'national-province-ranking',
    title: 'Provinces ranked by coverage',
    scope: 'national',
    role: 'viewer',
    query: `{ coverageRanking(period: "${PERIOD}", level: PROVINCE) { total entries { rank region { code } activeParticipants coverageRate } } }`,
  },
  {
    id: 'national-regency-top20',
    title: 'Top 20 regencies of the country',
    scope: 'national',
    role: 'viewer',
    query: `{ coverageRanking(period: "${PERIOD}", level: REGENCY, first: 20) { total entries { rank region { code } coverageRate } } }`,
  },
  {
    id: 'national-dbhcht-realization',
    title: 'National DBHCHT realization by semester, with each province',
    scope: 'national',
    role: 'viewer',
    query: `{ nationalDbhchtRealization(fiscalYear: ${PERIOD}, granularity: SEMESTER) { total { allocation paid realizationRate } provinces { region { code } total { allocation paid } } } }`,
  },
  {
    id: 'national-stats-by-province',
    title: 'Active participants and contributions by province and month',
    scope: 'national',
    role: 'viewer',
    query: `{ stats(measures: [ACTIVE_PARTICIPANTS, CONTRIBUTIONS_IDR], dimensions: [REGION], regionLevel: PROVINCE, from: "2025-01", to: "2025-12", granularity: MONTH) { rows { region { code } period values { measure value } } } }`,
  },
  {
    id: 'provincial-regency-ranking',
    title: "A province's regencies ranked (Jawa Timur)",
    scope: 'provincial',
    role: 'viewer',
    query: `{ coverageRanking(province: "${PROVINCE}", period: "${PERIOD}") { total entries { rank region { code } coverageRate } } }`,
  },
  {
    id: 'provincial-dbhcht-realization',
    title: "A province's DBHCHT realization by semester (Jawa Timur)",
    scope: 'provincial',
    role: 'viewer',
    query: `{ dbhchtRealization(fiscalYear: ${PERIOD}, province: "${PROVINCE}") { total { allocation paid realizationRate } } }`,
  },
  {
    id: 'provincial-stats-by-regency',
    title: "A province's regencies by sector, yearly (Jawa Timur)",
    scope: 'provincial',
    role: 'viewer',
    query: `{ stats(measures: [ACTIVE_PARTICIPANTS], dimensions: [REGION, SECTOR], regionLevel: REGENCY, filter: { region: ["${PROVINCE}"] }, from: "2025-01", to: "2025-12", granularity: YEAR) { rows { region { code } values { value } } } }`,
  },
];
