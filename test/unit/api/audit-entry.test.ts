import { describe, expect, it } from 'vitest';
import { outcomeOf, REDACTED, redactVariables, summarizeRequest } from '../../../lambda/api/audit-entry.js';
import { graphqlEvent } from '../../support/api-event.js';
import { createHash } from 'node:crypto';

const NIK = '3509014101900001';

describe('audit entry of a request', () => {
  it('redacts NIKs and personal fields from variables, wherever they are', () => {
    expect(
      redactVariables({ filter: { region: ['35.09'] }, nik: NIK, note: `nik ${NIK} here`, name: 'Siti', birthDate: '1990-01-01', list: [Number(NIK), 7], first: 25 }),
    ).toEqual({ filter: { region: ['35.09'] }, nik: REDACTED, note: `nik ${REDACTED} here`, name: REDACTED, birthDate: REDACTED, list: [REDACTED, 7], first: 25 });
  });

  it('records the query hash (never the text), the operation name and the redacted variables', () => {
    const query = 'query Q($n: String) { viewer { role } }';
    const summary = summarizeRequest(graphqlEvent({ query, operationName: 'Q', variables: { n: NIK } }));
    expect(summary).toEqual({ operationName: 'Q', queryHash: createHash('sha256').update(query).digest('hex'), variables: JSON.stringify({ n: REDACTED }) });
  });

  it('takes the hash of an automatic persisted query sent without its text, and survives garbage', () => {
    const sha256Hash = 'a'.repeat(64);
    expect(summarizeRequest(graphqlEvent({ extensions: { persistedQuery: { version: 1, sha256Hash } } })).queryHash).toBe(sha256Hash);
    expect(summarizeRequest({ ...graphqlEvent({}), body: '{not json' })).toEqual({ operationName: null, queryHash: null, variables: null });
  });

  it('calls a response OK, PARTIAL or ERROR', () => {
    expect(outcomeOf(200, [], '{"data":{"viewer":{}}}')).toBe('OK');
    expect(outcomeOf(200, ['FORBIDDEN'], '{"data":{"a":{"x":1},"b":null}}')).toBe('PARTIAL');
    expect(outcomeOf(200, ['FORBIDDEN'], '{"data":{"b":null}}')).toBe('ERROR');
    expect(outcomeOf(401, ['UNAUTHENTICATED'], '')).toBe('ERROR');
  });
});
