import { ReviewRole, SecondOpinionStatus, TurnaroundClockView } from '@app/contracts';
import { ConflictAttestation } from './blinding';

/** A request in a reviewer's or arbiter's worklist, with what orders it. */
export interface WorklistEntry {
  role: ReviewRole;
  status: SecondOpinionStatus;
  attestation: ConflictAttestation | null;
  receivedAt: Date;
  assignedAt: Date;
  /** When their part was done: a reviewer's concordance classified, an arbiter's decision. */
  completedAt: Date | null;
  clock: Pick<TurnaroundClockView, 'elapsedMs' | 'targetMs'>;
}

/** How many finished requests the worklist keeps, most recent first. */
export const WORKLIST_FINISHED_LIMIT = 50;

/**
 * Whether the request still waits for the caller: not done, no conflict declared, and the
 * request still going — consent not withdrawn, and for a reviewer the opinion not yet delivered
 * (an arbiter works on a delivered opinion).
 */
export function isOpenReview(entry: WorklistEntry): boolean {
  if (entry.completedAt !== null || entry.attestation === 'conflict_declared') return false;
  if (entry.status === 'consent_withdrawn') return false;
  return entry.role === 'arbiter' || entry.status !== 'opinion_delivered';
}

/**
 * The worklist in order: open requests first, the turnaround most at risk first (the largest
 * share of its target used), then the earliest received; then up to `finishedLimit` finished
 * ones, the latest done (or, never done, assigned) first.
 */
export function orderWorklist<T extends WorklistEntry>(
  entries: readonly T[],
  finishedLimit = WORKLIST_FINISHED_LIMIT,
): T[] {
  const open = entries.filter(isOpenReview);
  const finished = entries.filter((entry) => !isOpenReview(entry));
  const risk = (entry: T) => entry.clock.elapsedMs / entry.clock.targetMs;
  const closedAt = (entry: T) => (entry.completedAt ?? entry.assignedAt).getTime();
  return [
    ...[...open].sort(
      (a, b) => risk(b) - risk(a) || a.receivedAt.getTime() - b.receivedAt.getTime(),
    ),
    ...[...finished].sort((a, b) => closedAt(b) - closedAt(a)).slice(0, finishedLimit),
  ];
}
