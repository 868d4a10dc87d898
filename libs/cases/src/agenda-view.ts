import { AgendaItemView, AgendaView, RoomAgendaItem } from '@app/contracts';
import { Meeting } from '@app/boards';
import { AgendaItem } from './agenda-item.entity';
import { AgendaItemStatus, AgendaSlot, checkCapacity } from './domain';

/**
 * The meeting's agenda as clients see it: the items still on it in order, with the minutes they
 * use, then the deferred ones. `items`: every item of the meeting, by position then by when added.
 */
export function toAgendaView(
  meeting: Meeting,
  items: AgendaItem[],
  patientRefs: ReadonlyMap<string, string>,
): AgendaView {
  const view = (item: AgendaItem): AgendaItemView => ({
    id: item.id,
    meetingId: item.meetingId,
    caseId: item.caseId,
    patientRef: patientRefs.get(item.caseId) ?? '',
    position: item.position,
    minutesAllotted: item.minutesAllotted,
    presenterId: item.presenterId,
    status: item.status,
    overrideReason: item.overrideReason,
    deferredFromItemId: item.deferredFromItemId,
    deferralReason: item.deferralReason,
    addedAt: item.addedAt.toISOString(),
  });
  const live = items.filter((item) => item.status !== AgendaItemStatus.Deferred);
  const capacity = checkCapacity(live.map(toSlot), meetingMinutes(meeting), 0);
  return {
    meetingId: meeting.id,
    meetingMinutes: meetingMinutes(meeting),
    usedMinutes: capacity.usedMinutes,
    items: live.map(view),
    deferred: items.filter((item) => item.status === AgendaItemStatus.Deferred).map(view),
  };
}

/**
 * The agenda as the live room shows it: items in order, then the deferred ones. `items`: every
 * item of the meeting, by position then by when added.
 */
export function toRoomAgenda(items: AgendaItem[]): RoomAgendaItem[] {
  const byPlace = [
    ...items.filter((item) => item.status !== AgendaItemStatus.Deferred),
    ...items.filter((item) => item.status === AgendaItemStatus.Deferred),
  ];
  return byPlace.map((item) => ({
    itemId: item.id,
    caseId: item.caseId,
    position: item.position,
    minutesAllotted: item.minutesAllotted,
    status: item.status,
  }));
}

/** An item as the agenda rules (`domain/agenda.ts`) see it. */
export function toSlot(item: AgendaItem): AgendaSlot {
  return {
    id: item.id,
    position: item.position ?? 0,
    minutesAllotted: item.minutesAllotted,
    status: item.status,
  };
}

export function meetingMinutes(meeting: Meeting): number {
  return Math.round((meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000);
}
