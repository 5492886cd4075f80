/**
 * The dashboard queries the benchmark measures, as a ministry or regency dashboard and an auditor ask
 * them. They are fixed on East Java (35), Jember (35.09, the largest roster) and fiscal year 2025, the
 * last full year of the demo data, so every scale answers the same questions.
 */
import type { BenchRole } from './auth.js';
import { GraphqlClient, replyProblem } from './graphql-client.js';

export type QueryId = 'coverage-ranking' | 'stats-regency-month' | 'dbhcht-realization' | 'sector-age-regency' | 'auditor-participants';

export interface DashboardQuery {
  id: QueryId;
  title: string;
  role: BenchRole;
  query: string;
  variables?: Record<string, unknown>;
}

export const PROVINCE = '35';
export const REGENCY = '35.09';
export const YEAR = 2025;
/** Page size of the auditor's participant list. */
export const PAGE_SIZE = 50;

export const FIXED_QUERIES: readonly DashboardQuery[] = [
  {
    id: 'coverage-ranking',
    title: `Coverage ranking of the regencies and cities of East Java (${PROVINCE}) for ${YEAR}`,
    role: 'viewer',
    query: `query CoverageRanking {
  coverageRanking(province: "${PROVINCE}", period: "${YEAR}") {
    period previousPeriod
    entries { rank region { code name } activeParticipants targetWorkers coverageRate previousActiveParticipants previousCoverageRate activeChange coverageRateChange }
  }
}`,
  },
  {
    id: 'stats-regency-month',
    title: `\`stats\` by regency × month for ${YEAR}: active participants, expected and paid contributions, gap`,
    role: 'viewer',
    query: `query RegencyMonths {
  stats(measures: [ACTIVE_PARTICIPANTS, EXPECTED_CONTRIBUTIONS_IDR, CONTRIBUTIONS_IDR, CONTRIBUTION_GAP_IDR], dimensions: [REGION], regionLevel: REGENCY,
        filter: { region: ["${PROVINCE}"] }, from: "${YEAR}-01", to: "${YEAR}-12", granularity: MONTH) {
    rows { period regionCode values { measure value } }
    totals { measure value }
    rollups
  }
}`,
  },
  {
    id: 'dbhcht-realization',
    title: `DBHCHT realization of East Java (${PROVINCE}) by semester, fiscal year ${YEAR}`,
    role: 'viewer',
    query: `query Realization {
  dbhchtRealization(fiscalYear: ${YEAR}, province: "${PROVINCE}", granularity: SEMESTER) {
    rows { period allocation paid cumulativePaid expected gap realizationRate cumulativeRealizationRate participantsCovered participantMonths costPerParticipantMonth }
    total { period allocation paid cumulativePaid expected gap realizationRate cumulativeRealizationRate participantsCovered participantMonths costPerParticipantMonth }
  }
}`,
  },
  {
    id: 'sector-age-regency',
    title: `Sector × age band of Jember (${REGENCY}), ${YEAR}: active participants, participant-months`,
    role: 'viewer',
    query: `query SectorAge {
  stats(measures: [ACTIVE_PARTICIPANTS, PARTICIPANT_MONTHS], dimensions: [SECTOR, AGE_BAND], filter: { region: ["${REGENCY}"] },
        from: "${YEAR}-01", to: "${YEAR}-12", granularity: YEAR) {
    rows { period sector ageBand values { measure value } }
    totals { measure value }
    rollups
  }
}`,
  },
];

/**
 * The floor of the local path: a query that reads no data (`viewer` answers from the caller's token),
 * so what it takes is what every request takes on this path and this machine: HTTP, the authorizer,
 * GraphQL, the `extensions.asOf` read and the query audit log's append. Timed beside the dashboard
 * queries, with as many runs, so that a dashboard query's p99 can be read against it.
 */
export const FLOOR_QUERY = {
  id: 'floor-viewer',
  title: 'Floor: `viewer { role }`, a query that reads no data (only what every request does: `asOf`, the audit append)',
  role: 'viewer',
  query: 'query Floor { viewer { role } }',
} as const satisfies Omit<DashboardQuery, 'id'> & { id: string };

export const PARTICIPANTS_TITLE = `Auditor: first page (${PAGE_SIZE}) of the participants of Jember (${REGENCY})`;

// ---- the auditor's participant page: measured once the schema has it (issue 5) ----------------------

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

interface IntrospectedField {
  name: string;
  args: Array<{ name: string; type: TypeRef }>;
  type: TypeRef;
}

interface IntrospectedType {
  name: string;
  kind: string;
  fields: IntrospectedField[] | null;
  inputFields: Array<{ name: string; type: TypeRef }> | null;
}

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema { queryType { name } types { name kind
  fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } }
  inputFields { name type { ${TYPE_REF} } } } } }`;

export type ParticipantsQuery = { available: true; query: DashboardQuery } | { available: false; reason: string };

/**
 * The auditor's participant page, built from the schema the server actually has: `participants` on
 * Query with a regency (in a filter object or as an argument) and a page size. Returns why not when
 * the field is absent or its arguments cannot be filled.
 */
export async function participantsQuery(client: GraphqlClient): Promise<ParticipantsQuery> {
  const reply = await client.send({ query: INTROSPECTION, role: 'auditor' });
  const problem = replyProblem(reply);
  if (problem) return { available: false, reason: `introspection failed (${problem})` };
  const schema = (reply.data as { __schema: { queryType: { name: string }; types: IntrospectedType[] } }).__schema;
  const types = new Map(schema.types.map((t) => [t.name, t]));
  const field = types.get(schema.queryType.name)?.fields?.find((f) => f.name === 'participants');
  if (!field) return { available: false, reason: 'not available yet: the schema has no Query.participants' };

  const args: string[] = [];
  for (const arg of field.args) {
    const value = argumentValue(arg.name, arg.type, types);
    if (value !== undefined) args.push(`${arg.name}: ${value}`);
    else if (arg.type.kind === 'NON_NULL') return { available: false, reason: `cannot fill the required argument ${arg.name}` };
  }
  const selection = selectionOf(namedType(field.type), types, 0);
  if (!selection) return { available: false, reason: 'the result type has no scalar fields to select' };
  return {
    available: true,
    query: {
      id: 'auditor-participants',
      title: PARTICIPANTS_TITLE,
      role: 'auditor',
      query: `query ParticipantsPage { participants(${args.join(', ')}) ${selection} }`,
    },
  };
}

function namedType(t: TypeRef): string {
  let cur: TypeRef | null = t;
  while (cur && !cur.name) cur = cur.ofType;
  return cur?.name ?? '';
}

function isList(t: TypeRef): boolean {
  let cur: TypeRef | null = t;
  while (cur) {
    if (cur.kind === 'LIST') return true;
    cur = cur.ofType;
  }
  return false;
}

function argumentValue(name: string, type: TypeRef, types: Map<string, IntrospectedType>): string | undefined {
  const named = types.get(namedType(type));
  if (/^(first|limit|pageSize|size)$/i.test(name)) return String(PAGE_SIZE);
  if (/regen|region/i.test(name)) return isList(type) ? `["${REGENCY}"]` : `"${REGENCY}"`;
  if (named?.kind === 'INPUT_OBJECT') {
    const inner = (named.inputFields ?? [])
      .map((f) => [f.name, argumentValue(f.name, f.type, types)] as const)
      .filter(([, v]) => v !== undefined)
      .map(([n, v]) => `${n}: ${v}`);
    const missing = (named.inputFields ?? []).some((f) => f.type.kind === 'NON_NULL' && argumentValue(f.name, f.type, types) === undefined);
    return missing || inner.length === 0 ? undefined : `{ ${inner.join(', ')} }`;
  }
  return undefined;
}

/** Every argument-free scalar field, two object levels deep (connection -> edges/nodes -> participant). */
function selectionOf(typeName: string, types: Map<string, IntrospectedType>, depth: number): string | undefined {
  const type = types.get(typeName);
  if (!type?.fields) return undefined;
  const parts: string[] = [];
  for (const f of type.fields) {
    if (f.args.some((a) => a.type.kind === 'NON_NULL')) continue;
    const inner = types.get(namedType(f.type));
    if (!inner || inner.kind === 'SCALAR' || inner.kind === 'ENUM') parts.push(f.name);
    else if (depth < 2 && (inner.kind === 'OBJECT' || inner.kind === 'INTERFACE')) {
      const sub = selectionOf(inner.name, types, depth + 1);
      if (sub) parts.push(`${f.name} ${sub}`);
    }
  }
  return parts.length > 0 ? `{ ${parts.join(' ')} }` : undefined;
}
