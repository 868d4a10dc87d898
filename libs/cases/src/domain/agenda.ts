import { CaseStatus } from './case-status';
import { checkTransition, TransitionTable } from './transitions';

/**
 * A meeting's agenda. Deferred items keep their row for the record but no longer take part in
 * the ordering or use up meeting time.
 */

export enum AgendaItemStatus {
  Pending = 'pending',
  InDiscussion = 'in_discussion',
  Discussed = 'discussed',
  Deferred = 'deferred',
}

export interface AgendaSlot {
  id: string;
  position: number;
  minutesAllotted: number;
  status: AgendaItemStatus;
}

const isActive = (item: AgendaSlot): boolean => item.status !== AgendaItemStatus.Deferred;

/** Minutes already allotted to items that still take time (pending / in_discussion / discussed), plus `extraMinutes`, vs the meeting length. */
export function checkCapacity(
  items: AgendaSlot[],
  meetingMinutes: number,
  extraMinutes: number,
): { ok: true; usedMinutes: number } | { ok: false; usedMinutes: number; message: string } {
  const allotted = items.filter(isActive).reduce((sum, item) => sum + item.minutesAllotted, 0);
  const usedMinutes = allotted + extraMinutes;
  if (usedMinutes <= meetingMinutes) return { ok: true, usedMinutes };
  return {
    ok: false,
    usedMinutes,
    message: `the agenda would need ${usedMinutes} minutes but the meeting lasts ${meetingMinutes}; ${Math.max(meetingMinutes - allotted, 0)} minutes are left`,
  };
}

/** Validates a requested order: must be a permutation of exactly the current (non-deferred) item ids, no duplicates, none missing, none unknown. Returns the new positions 1..n. */
export function planReorder(
  current: AgendaSlot[],
  requestedIds: string[],
):
  | { ok: true; positions: Array<{ id: string; position: number }> }
  | { ok: false; message: string } {
  const statusById = new Map(current.map((item) => [item.id, item.status]));
  const seen = new Set<string>();
  for (const id of requestedIds) {
    if (seen.has(id)) return { ok: false, message: `agenda item ${id} is listed more than once` };
    seen.add(id);
    const status = statusById.get(id);
    if (status === undefined)
      return { ok: false, message: `agenda item ${id} is not on this agenda` };
    if (status === AgendaItemStatus.Deferred) {
      return {
        ok: false,
        message: `agenda item ${id} is deferred and takes no place in the order`,
      };
    }
  }
  const missing = current
    .filter((item) => isActive(item) && !seen.has(item.id))
    .map((item) => item.id);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `the order must list every agenda item; missing: ${missing.join(', ')}`,
    };
  }
  return { ok: true, positions: requestedIds.map((id, index) => ({ id, position: index + 1 })) };
}

export function nextPosition(items: AgendaSlot[]): number {
  return items.filter(isActive).reduce((max, item) => Math.max(max, item.position), 0) + 1;
}

/**
 * Where cases carried over from an ended meeting land on the next one: after its own items,
 * in the order given. The next meeting's length does not hold them back: one that no longer
 * fits still goes on, with `overrun` saying by how much the agenda exceeds the meeting.
 */
export function planCarryOver<T extends Pick<AgendaSlot, 'id' | 'minutesAllotted'>>(
  target: AgendaSlot[],
  meetingMinutes: number,
  carried: T[],
): Array<{ item: T; position: number; overrun: string | null }> {
  const landed = [...target];
  return carried.map((item) => {
    const capacity = checkCapacity(landed, meetingMinutes, item.minutesAllotted);
    const position = nextPosition(landed);
    landed.push({
      id: item.id,
      minutesAllotted: item.minutesAllotted,
      position,
      status: AgendaItemStatus.Pending,
    });
    return { item, position, overrun: capacity.ok ? null : capacity.message };
  });
}

/** An item under discussion can go back to pending, e.g. when the presenter is not connected yet. */
const AGENDA_ITEM_TRANSITIONS: TransitionTable<AgendaItemStatus> = {
  [AgendaItemStatus.Pending]: [AgendaItemStatus.InDiscussion, AgendaItemStatus.Deferred],
  [AgendaItemStatus.InDiscussion]: [
    AgendaItemStatus.Discussed,
    AgendaItemStatus.Deferred,
    AgendaItemStatus.Pending,
  ],
  [AgendaItemStatus.Discussed]: [],
  [AgendaItemStatus.Deferred]: [],
};

export function checkAgendaItemTransition(
  from: AgendaItemStatus,
  to: AgendaItemStatus,
): { ok: true } | { ok: false; allowed: AgendaItemStatus[]; message: string } {
  const subject =
    from === AgendaItemStatus.InDiscussion
      ? 'an agenda item in discussion'
      : `a ${from} agenda item`;
  return checkTransition(AGENDA_ITEM_TRANSITIONS, from, to, subject);
}

/** Case statuses from which a case whose checklist is met joins an agenda as ready. */
const AGENDA_READY = [CaseStatus.Ready, CaseStatus.Deferred];

export type AgendaAdmission =
  /** `ready`: false when it joins on the coordinator's override. */
  | { ok: true; ready: boolean }
  /** `missing`: what the checklist lacks, when that is why. */
  | { ok: false; message: string; missing?: string[] };

/**
 * Whether a case may join an agenda: a ready (or deferred) case whose checklist is met does;
 * one that is not ready only with an override reason, and only from draft, ready or deferred.
 */
export function checkAgendaAdmission(
  status: CaseStatus,
  readiness: { ready: boolean; missing: string[] },
  overrideReason: string | undefined,
): AgendaAdmission {
  const ready = AGENDA_READY.includes(status) && readiness.ready;
  if (ready) return { ok: true, ready };
  if (!overrideReason) {
    const why =
      readiness.missing.length > 0
        ? `missing ${readiness.missing.join('; ')}`
        : `its status is ${status}`;
    return {
      ok: false,
      message: `the case is not ready (${why}); a coordinator can add it with an overrideReason`,
      missing: readiness.missing,
    };
  }
  if (![CaseStatus.Draft, ...AGENDA_READY].includes(status)) {
    return {
      ok: false,
      message: `a ${status} case cannot be put on an agenda, even with an override`,
    };
  }
  return { ok: true, ready };
}
