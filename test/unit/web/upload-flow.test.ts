/**
 * The upload flow's answers to what a running server cannot be made to do on cue: storage that refuses
 * or cannot be reached, an import that never finishes, a ticket that lapses, an API that fails. The API
 * and the clock are stand-ins here (a virtual clock: the test waits for nothing); the real path, through
 * the local server and DynamoDB Local, is test/e2e/browser/upload.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pollUpload, runUpload, type UploadDeps, type UploadPhase, type UploadStatusAnswer } from '../../../web/src/upload/flow.js';

const TICKET = { uploadId: 'u-1', url: 'https://bucket.example/put', headers: [{ name: 'content-type', value: 'text/csv' }] };

function status(state: UploadStatusAnswer['state']): UploadStatusAnswer {
  return { uploadId: 'u-1', state, kind: 'CONTRIBUTIONS', fileName: 'pay.csv', entry: null };
}

/** Deps whose status answers come from `states` in turn (the last one repeats); time moves only by sleep. */
function deps(states: Array<UploadStatusAnswer['state'] | Error>, put: UploadDeps['put'] = async () => 200) {
  let clock = 0;
  const calls = { status: 0, sleeps: [] as number[], put: [] as Array<{ url: string; headers: Record<string, string> }> };
  const d: UploadDeps = {
    requestUpload: async () => TICKET,
    put: async (url, headers, body, signal) => {
      calls.put.push({ url, headers });
      return put(url, headers, body, signal);
    },
    status: async () => {
      const next = states[Math.min(calls.status++, states.length - 1)]!;
      if (next instanceof Error) throw next;
      return status(next);
    },
    sleep: async (ms) => {
      calls.sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
  };
  return { d, calls };
}

const file = new Blob(['payment_id\n']);
const signal = new AbortController().signal;

describe('runUpload', () => {
  it('sends the bytes with the ticket headers, then asks every second until the import is final', async () => {
    const { d, calls } = deps(['PENDING', 'PENDING', 'ACCEPTED']);
    const phases: UploadPhase[] = [];
    const result = await runUpload('CONTRIBUTIONS', file, 'pay.csv', d, signal, { onPhase: (p) => phases.push(p) });
    expect(result.outcome).toBe('ACCEPTED');
    expect(calls.put).toEqual([{ url: TICKET.url, headers: { 'content-type': 'text/csv' } }]);
    expect(calls.status).toBe(3);
    expect(calls.sleeps).toEqual([1000, 1000]);
    expect(phases.map((p) => p.phase)).toEqual(['REQUESTING', 'SENDING', 'PENDING']);
  });

  it('stops asking after the time limit and says the upload is still pending', async () => {
    const { d, calls } = deps(['PENDING']);
    const result = await runUpload('CONTRIBUTIONS', file, 'pay.csv', d, signal, { timeoutMs: 5000, pollMs: 1000 });
    expect(result).toEqual({ outcome: 'TIMEOUT', uploadId: 'u-1' });
    // Asked at 0, 1, 2, 3, 4 and 5 s: six answers, five waits, none past the limit.
    expect(calls.status).toBe(6);
    expect(calls.sleeps.reduce((a, b) => a + b, 0)).toBe(5000);
  });

  it('reports an expired ticket', async () => {
    const { d } = deps(['PENDING', 'EXPIRED']);
    expect(await runUpload('CONTRIBUTIONS', file, 'pay.csv', d, signal)).toEqual({ outcome: 'EXPIRED', uploadId: 'u-1' });
  });

  it('reports storage that refuses the file, with its status, and asks nothing more', async () => {
    const { d, calls } = deps(['ACCEPTED'], async () => 403);
    expect(await runUpload('CONTRIBUTIONS', file, 'pay.csv', d, signal)).toEqual({ outcome: 'PUT_FAILED', uploadId: 'u-1', httpStatus: 403 });
    expect(calls.status).toBe(0);
  });

  it('reports storage that cannot be reached, without a status', async () => {
    const { d } = deps(['ACCEPTED'], async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await runUpload('CONTRIBUTIONS', file, 'pay.csv', d, signal)).toEqual({ outcome: 'PUT_FAILED', uploadId: 'u-1' });
  });

  it('passes on a refused ticket without sending anything', async () => {
    const { d, calls } = deps(['ACCEPTED']);
    const refusal = new Error('FORBIDDEN');
    d.requestUpload = async () => {
      throw refusal;
    };
    expect(await runUpload('CONTRIBUTIONS', file, 'pay.csv', d, signal)).toEqual({ outcome: 'API_ERROR', error: refusal });
    expect(calls.put).toEqual([]);
  });

  it('keeps the upload id when the status cannot be read, so the page can ask again', async () => {
    const failure = new Error('network');
    const { d } = deps(['PENDING', failure]);
    expect(await runUpload('CONTRIBUTIONS', file, 'pay.csv', d, signal)).toEqual({ outcome: 'API_ERROR', uploadId: 'u-1', error: failure });
    const again = deps(['REJECTED']);
    expect((await pollUpload('u-1', again.d, signal)).outcome).toBe('REJECTED');
  });

  it('stops when the reader leaves the page', async () => {
    const controller = new AbortController();
    const { d } = deps(['PENDING']);
    d.sleep = async () => {
      controller.abort();
      throw new DOMException('aborted', 'AbortError');
    };
    d.status = async (_id, s) => {
      if (s.aborted) throw new DOMException('aborted', 'AbortError');
      return status('PENDING');
    };
    await expect(runUpload('CONTRIBUTIONS', file, 'pay.csv', d, controller.signal)).rejects.toThrow('aborted');
  });
});
