import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/core';

/** The predecessor of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit event's hash covers, in a fixed order. */
export interface AuditRecord {
  occurredAt: Date;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  clientIp: string | null;
  details: Record<string, unknown>;
}

export interface ChainedAuditRecord extends AuditRecord {
  seq: string;
  prevHash: string;
  hash: string;
}

/** SHA-256 over the predecessor's hash and the event's canonical content. */
export function hashAuditRecord(prevHash: string, record: AuditRecord): string {
  const content = canonicalJson([
    prevHash,
    record.occurredAt.toISOString(),
    record.actorId,
    record.action,
    record.targetType,
    record.targetId,
    record.requestId,
    record.clientIp,
    record.details,
  ]);
  return createHash('sha256').update(content).digest('hex');
}

/** Records linked onto the chain after `prevHash`, in the order given: each with its predecessor's hash and its own. */
export function chainRecords<T extends AuditRecord>(
  prevHash: string,
  records: readonly T[],
): Array<T & { prevHash: string; hash: string }> {
  let previous = prevHash;
  return records.map((record) => {
    const hash = hashAuditRecord(previous, record);
    const linked = { ...record, prevHash: previous, hash };
    previous = hash;
    return linked;
  });
}

export type LinkCheck = { ok: true } | { ok: false; reason: string };

/**
 * Walks a chain in order, one record at a time, so a long log can be
 * verified in batches with constant memory.
 */
export class ChainVerifier {
  private expectedPrev: string;
  private count = 0;

  constructor(startAfterHash: string = GENESIS_HASH) {
    this.expectedPrev = startAfterHash;
  }

  get checked(): number {
    return this.count;
  }

  check(record: ChainedAuditRecord): LinkCheck {
    this.count += 1;
    if (record.prevHash !== this.expectedPrev) {
      return {
        ok: false,
        reason: `prev_hash does not match the hash of the preceding event (an event before it was removed, inserted or altered)`,
      };
    }
    if (hashAuditRecord(record.prevHash, record) !== record.hash) {
      return { ok: false, reason: 'content does not match its hash (the event was altered)' };
    }
    this.expectedPrev = record.hash;
    return { ok: true };
  }
}
