import type { Schemas } from '../../api/types';
import type { FollowUpStatus } from './words';

export type FollowUpItem = Schemas['BoardOutcomeFollowUpView'];

/** What the worklist shows: the open follow-ups together, or one status alone. */
export type FollowUpFilter = 'open' | FollowUpStatus;

/** The open statuses, in the order the worklist shows them: the most pressing first. */
export const OPEN_STATUSES: readonly FollowUpStatus[] = ['overdue', 'due', 'upcoming'];

const DAY_MS = 86_400_000;

const time = (iso: string) => new Date(iso).getTime();

/**
 * The follow-ups by status, each group in the order it is worked through: overdue and due ones
 * most overdue first (the earliest due date), upcoming ones soonest first, recorded ones the
 * latest recorded first. Ties go by patient reference, then interval, so the order is stable.
 */
export function groupFollowUps(
  items: readonly FollowUpItem[],
): Record<FollowUpStatus, FollowUpItem[]> {
  const groups: Record<FollowUpStatus, FollowUpItem[]> = {
    overdue: [],
    due: [],
    upcoming: [],
    done: [],
  };
  for (const item of items) groups[item.status].push(item);
  const tie = (a: FollowUpItem, b: FollowUpItem) =>
    a.subject.patientRef.localeCompare(b.subject.patientRef) || a.intervalDays - b.intervalDays;
  const byDue = (a: FollowUpItem, b: FollowUpItem) => time(a.dueAt) - time(b.dueAt) || tie(a, b);
  groups.overdue.sort(byDue);
  groups.due.sort(byDue);
  groups.upcoming.sort(byDue);
  groups.done.sort(
    (a, b) =>
      time(b.outcome?.recordedAt ?? b.dueAt) - time(a.outcome?.recordedAt ?? a.dueAt) || tie(a, b),
  );
  return groups;
}

/** The statuses a filter shows, in order. */
export function statusesOf(filter: FollowUpFilter): readonly FollowUpStatus[] {
  return filter === 'open' ? OPEN_STATUSES : [filter];
}

/**
 * Whole days from the due date to `asOf`: positive once due ("3 days past due"), negative before
 * ("due in 5 days"; a part day counts as a whole one), 0 on the day.
 */
export function daysPastDue(item: Pick<FollowUpItem, 'dueAt'>, asOf: string): number {
  const difference = time(asOf) - time(item.dueAt);
  return difference >= 0 ? Math.floor(difference / DAY_MS) : -Math.ceil(-difference / DAY_MS);
}

/**
 * Whether the follow-up may be recorded at `asOf`, as the server decides: not yet recorded, and
 * open (from the previous follow-up's due date; the first from publication).
 */
export function isOpenForRecording(
  item: Pick<FollowUpItem, 'status' | 'opensAt'>,
  asOf: string,
): boolean {
  return item.status !== 'done' && time(item.opensAt) <= time(asOf);
}

/** "3 days past due", "due today", "due in 5 days". */
export function dueWords(item: Pick<FollowUpItem, 'dueAt'>, asOf: string): string {
  const days = daysPastDue(item, asOf);
  if (days === 0) return 'Due today';
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'} past due`;
  return `Due in ${-days} ${days === -1 ? 'day' : 'days'}`;
}
