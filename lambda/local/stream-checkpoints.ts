/**
 * Where the local event source mapping has got to in each shard, kept in a file so that a restart
 * against a persisted database resumes there, as a real mapping does, instead of replaying the
 * stream from TRIM_HORIZON. Positions of another stream (the table was re-created) are ignored.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Checkpoints {
  /** The last sequence number handled (processed or discarded) in the shard, if any. */
  get(shardId: string): string | undefined;
  set(shardId: string, sequenceNumber: string): void;
  /** True when the file held positions of this stream: the mapping existed before, so it resumes. */
  readonly resumed: boolean;
  /** Writes the file as it is now, so that a mapping created without a record yet is known as created. */
  save(): void;
}

interface CheckpointFile {
  streamArn: string;
  shards: Record<string, string>;
}

export function fileCheckpoints(path: string, streamArn: string): Checkpoints {
  const saved = readCheckpointFile(path);
  const resumed = saved?.streamArn === streamArn;
  const shards: Record<string, string> = resumed ? { ...saved.shards } : {};
  const save = () => {
    const content: CheckpointFile = { streamArn, shards };
    mkdirSync(dirname(path), { recursive: true });
    // Write then rename: a crash mid-write leaves the previous checkpoint, never half a file.
    writeFileSync(`${path}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  };
  return {
    resumed,
    get: (shardId) => shards[shardId],
    set(shardId, sequenceNumber) {
      shards[shardId] = sequenceNumber;
      save();
    },
    save,
  };
}

function readCheckpointFile(path: string): CheckpointFile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CheckpointFile>;
    return typeof parsed.streamArn === 'string' && parsed.shards && typeof parsed.shards === 'object'
      ? { streamArn: parsed.streamArn, shards: parsed.shards }
      : undefined;
  } catch {
    return undefined; // unreadable: start from the shard's beginning, which is safe for an idempotent handler
  }
}
