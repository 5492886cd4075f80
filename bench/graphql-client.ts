/** GraphQL over HTTP to the local API server, timed from the client's side. */
import { performance } from 'node:perf_hooks';
import type { BenchAuth, BenchRole } from './auth.js';

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown>;
  role: BenchRole;
}

export interface GraphqlReply {
  status: number;
  data?: Record<string, unknown>;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  /** Request sent to last byte of the body received and parsed. */
  ms: number;
}

export class GraphqlClient {
  constructor(
    private readonly url: string,
    private readonly auth: BenchAuth,
  ) {}

  async send(request: GraphqlRequest): Promise<GraphqlReply> {
    const headers = await this.auth.headers(request.role);
    const body = JSON.stringify({ query: request.query, variables: request.variables ?? {} });
    const started = performance.now();
    const res = await fetch(this.url, { method: 'POST', headers, body });
    const text = await res.text();
    const ms = performance.now() - started;
    let parsed: Pick<GraphqlReply, 'data' | 'errors'> = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      parsed = { errors: [{ message: `not JSON (HTTP ${res.status}): ${text.slice(0, 200)}` }] };
    }
    return { status: res.status, ...parsed, ms };
  }
}

/** The first error of a reply as one line, or undefined when the reply is a success. */
export function replyProblem(reply: GraphqlReply): string | undefined {
  if (reply.status !== 200) return `HTTP ${reply.status}${reply.errors?.[0] ? `: ${reply.errors[0].message}` : ''}`;
  if (reply.errors?.length) {
    const e = reply.errors[0]!;
    return `${e.extensions?.code ? `${String(e.extensions.code)}: ` : ''}${e.message}`;
  }
  if (!reply.data) return 'no data in the reply';
  return undefined;
}
