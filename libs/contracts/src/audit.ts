export interface AuditEventView {
  seq: string;
  occurredAt: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  clientIp: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** The first row whose link is broken, or the first missing one, when `ok` is false. */
  firstBroken?: { seq: string; reason: string };
  /**
   * The latest signed checkpoint of the chain head kept outside the database, which the chain was
   * also checked against (the newest entries cannot be deleted unnoticed back to it); null: none.
   */
  checkpoint: { seq: string; recordedAt: string } | null;
}

/** The largest `offset` a paged list takes (a billion rows; beyond, PostgreSQL's bigint overflows first). */
export const MAX_PAGE_OFFSET = 1_000_000_000;

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** One page of the audit log, newest first. */
export type AuditEventPage = Page<AuditEventView>;
