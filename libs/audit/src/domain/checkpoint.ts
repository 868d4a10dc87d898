import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The chain head as it was seen at one moment, signed, kept outside the
 * database: the newest events, which nothing links forward to, can then not
 * be deleted unnoticed (up to the last checkpoint).
 */
export interface AuditCheckpoint {
  /** The database whose log it saw (`current_database()`): a file shared by mistake is not read across logs. */
  database: string;
  seq: string;
  hash: string;
  recordedAt: string;
  /** HMAC-SHA256 under the checkpoint key, hex, over the database, seq, hash and time. */
  signature: string;
}

/** The checkpoints' own key, derived from the server's signing key (never the key itself). */
export function checkpointKey(signingKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', signingKey, '', 'tumor-board audit checkpoint', 32));
}

function signatureOf(
  key: Buffer,
  head: { database: string; seq: string; hash: string; recordedAt: string },
): string {
  return createHmac('sha256', key)
    .update(`${head.database}\n${head.seq}\n${head.hash}\n${head.recordedAt}`)
    .digest('hex');
}

export function signCheckpoint(
  key: Buffer,
  head: { database: string; seq: string; hash: string; recordedAt: Date },
): AuditCheckpoint {
  const recordedAt = head.recordedAt.toISOString();
  return {
    database: head.database,
    seq: head.seq,
    hash: head.hash,
    recordedAt,
    signature: signatureOf(key, { ...head, recordedAt }),
  };
}

/** The checkpoint a line of the file holds, if it is well formed and its signature is right. */
export function readCheckpoint(line: string, key: Buffer): AuditCheckpoint | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { database, seq, hash, recordedAt, signature } = value as Record<string, unknown>;
  if (
    typeof database !== 'string' ||
    typeof seq !== 'string' ||
    !/^[1-9][0-9]{0,18}$/.test(seq) ||
    typeof hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(hash) ||
    typeof recordedAt !== 'string' ||
    typeof signature !== 'string' ||
    !/^[0-9a-f]{64}$/.test(signature)
  )
    return null;
  const expected = Buffer.from(signatureOf(key, { database, seq, hash, recordedAt }), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return null;
  return { database, seq, hash, recordedAt, signature };
}

/**
 * The checkpoint of `database`'s log furthest along the chain among the file's valid lines;
 * forged or torn lines, and another database's, are skipped.
 */
export function latestCheckpoint(
  lines: string[],
  key: Buffer,
  database: string,
): AuditCheckpoint | null {
  let latest: AuditCheckpoint | null = null;
  for (const line of lines) {
    const checkpoint = readCheckpoint(line, key);
    if (
      checkpoint?.database === database &&
      (latest === null || BigInt(checkpoint.seq) > BigInt(latest.seq))
    )
      latest = checkpoint;
  }
  return latest;
}

export type CheckpointJudgement =
  { ok: true } | { ok: false; firstMissingSeq: string; reason: string };

/**
 * The chain, once walked, against the latest checkpoint: the event the checkpoint saw must still
 * be there with the same hash. `found` is that event's hash as stored (null: no such event);
 * `lastSeq` the newest event walked (null: an empty log).
 */
export function judgeAgainstCheckpoint(
  checkpoint: AuditCheckpoint,
  found: string | null,
  lastSeq: string | null,
): CheckpointJudgement {
  if (found === checkpoint.hash) return { ok: true };
  if (found !== null)
    return {
      ok: false,
      firstMissingSeq: checkpoint.seq,
      reason: `entry ${checkpoint.seq} is not the one the checkpoint of ${checkpoint.recordedAt} recorded (it was replaced)`,
    };
  if (lastSeq === null || BigInt(lastSeq) < BigInt(checkpoint.seq))
    return {
      ok: false,
      firstMissingSeq: (BigInt(lastSeq ?? '0') + 1n).toString(),
      reason: `the newest entries were deleted: the checkpoint of ${checkpoint.recordedAt} recorded the log up to entry ${checkpoint.seq}, it now ends at ${lastSeq === null ? 'no entry at all' : `entry ${lastSeq}`}`,
    };
  return {
    ok: false,
    firstMissingSeq: checkpoint.seq,
    reason: `entry ${checkpoint.seq}, recorded by the checkpoint of ${checkpoint.recordedAt}, is missing: it was deleted and later entries were chained onto what was left`,
  };
}
