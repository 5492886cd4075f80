/**
 * The stored versions of the participants a file names, fetched while the file is still being
 * validated. Participant rows are merged with what is stored (and checked against it), so an import
 * cannot write before every lookup is back; starting the lookups as ids turn up, 100 to a BatchGetItem,
 * lets DynamoDB answer them while this process parses the rest of the file instead of afterwards.
 */
import pLimit from 'p-limit';
import type { ParticipantRecord } from '../domain/records.js';
import { GET_BATCH } from '../store/batch.js';
import type { RecordStore } from '../store/record-store.js';

export class StoredParticipants {
  private readonly requested = new Set<string>();
  private readonly lookups: Promise<Map<string, ParticipantRecord>>[] = [];
  private next: string[] = [];
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(
    private readonly store: RecordStore,
    concurrency = 16,
  ) {
    this.limit = pLimit(concurrency);
  }

  want(participantId: string): void {
    if (this.requested.has(participantId)) return;
    this.requested.add(participantId);
    this.next.push(participantId);
    if (this.next.length === GET_BATCH) this.send();
  }

  /** Every participant asked for that is stored, once all lookups are back. */
  async all(): Promise<Map<string, ParticipantRecord>> {
    this.send();
    const out = new Map<string, ParticipantRecord>();
    for (const found of await Promise.all(this.lookups)) for (const [id, p] of found) out.set(id, p);
    return out;
  }

  private send(): void {
    if (this.next.length === 0) return;
    const ids = this.next;
    this.next = [];
    const lookup = this.limit(() => this.store.getParticipants(ids));
    // Rejections surface from all(); until then the promise must not count as unhandled.
    lookup.catch(() => undefined);
    this.lookups.push(lookup);
  }
}
