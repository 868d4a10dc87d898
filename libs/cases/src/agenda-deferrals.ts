import { Injectable } from '@nestjs/common';
import { AuthenticatedUser } from '@app/auth';
import { BoardAction, BoardActor, BoardLookup, Meeting, MeetingsService } from '@app/boards';
import { Clock, Conflict, DomainEventBus, NotFound, Refused, newId } from '@app/core';
import { AgendaItem } from './agenda-item.entity';
import { AgendaItemRepository } from './agenda-item.repository';
import { meetingMinutes, toSlot } from './agenda-view';
import { CasesService } from './cases.service';
import { ClinicalCaseRepository } from './clinical-case.repository';
import {
  AgendaItemStatus,
  CaseStatus,
  checkAgendaItemTransition,
  checkCapacity,
  nextPosition,
  planCarryOver,
} from './domain';

/** Where a deferred case lands on the next meeting's agenda. */
interface Landing {
  position: number;
  reason: string | null;
  addedBy: string;
  overrideReason: string | null;
}

/**
 * Taking cases off a meeting's agenda: deferring one to the board's next scheduled meeting,
 * and, when a meeting ends, carrying its undiscussed cases over or returning them to the
 * board's cases. A moved item keeps its row, deferred, so the history of how often and why a
 * case was deferred is kept; the case follows through its workflow. AgendaService opens the
 * transaction and locks the meeting first; the next meeting is locked here.
 */
@Injectable()
export class AgendaDeferrals {
  constructor(
    private readonly events: DomainEventBus,
    private readonly meetings: MeetingsService,
    private readonly boards: BoardLookup,
    private readonly cases: CasesService,
    private readonly itemRepository: AgendaItemRepository,
    private readonly caseRepository: ClinicalCaseRepository,
    private readonly clock: Clock,
  ) {}

  /** Defers the item to the board's next scheduled meeting, which it answers (locked). */
  async defer(
    user: AuthenticatedUser,
    { item, meeting, actor }: { item: AgendaItem; meeting: Meeting; actor: BoardActor },
    reason: string | undefined,
  ): Promise<Meeting> {
    const check = checkAgendaItemTransition(item.status, AgendaItemStatus.Deferred);
    if (!check.ok) throw new Conflict(check.message);
    const next = await this.boards.nextScheduledMeetingAfter(meeting);
    if (!next)
      throw new Conflict(
        'the board has no later scheduled meeting to defer the case to; schedule one first',
      );
    const nextLocked = await this.meetings.lockForUpdate(user, next.id, BoardAction.RunMeeting);
    const nextItems = await this.itemRepository.liveOf(next.id);
    const capacity = checkCapacity(
      nextItems.map(toSlot),
      meetingMinutes(next),
      item.minutesAllotted,
    );
    if (!capacity.ok) throw new Conflict(`the next meeting is full: ${capacity.message}`);

    const moved = await this.deferTo(item, next, {
      position: nextPosition(nextItems.map(toSlot)),
      reason: reason ?? null,
      addedBy: actor.userId,
      overrideReason: item.overrideReason,
    });
    await this.compact(meeting.id);
    await this.events.publish({
      type: 'domain',
      action: 'agenda.case_deferred',
      targetType: 'meeting',
      targetId: meeting.id,
      details: {
        caseId: item.caseId,
        fromItemId: item.id,
        toMeetingId: next.id,
        toItemId: moved.id,
        reason: reason ?? null,
      },
    });
    return nextLocked.meeting;
  }

  /**
   * The ended meeting's named cases go to the board's next scheduled meeting, each deferred as
   * `defer` does, in agenda order. The next meeting's length does not hold them back: one past
   * it goes on with an override reason saying it was carried over.
   */
  async carryOver(
    user: AuthenticatedUser,
    { meeting, actor }: { meeting: Meeting; actor: BoardActor },
    itemIds: string[],
    reason: string,
  ): Promise<void> {
    const undiscussed = await this.undiscussed(meeting.id, itemIds);
    const next = await this.boards.nextScheduledMeetingAfter(meeting);
    if (!next)
      throw new Refused(
        'no_next_meeting',
        "the board has no later scheduled meeting to carry the cases to: schedule one, or return the cases to the board's cases",
      );
    await this.meetings.lockForUpdate(user, next.id, BoardAction.RunMeeting);
    const landings = planCarryOver(
      (await this.itemRepository.liveOf(next.id)).map(toSlot),
      meetingMinutes(next),
      undiscussed,
    );
    for (const { item, position, overrun } of landings) {
      const moved = await this.deferTo(item, next, {
        position,
        reason,
        addedBy: actor.userId,
        overrideReason: overrun
          ? `carried over from ${meeting.title} past this meeting's time (${overrun}): ${reason}`
          : item.overrideReason,
      });
      await this.events.publish({
        type: 'domain',
        action: 'agenda.case_carried_over',
        targetType: 'meeting',
        targetId: meeting.id,
        actorId: actor.userId,
        details: {
          caseId: item.caseId,
          fromItemId: item.id,
          toMeetingId: next.id,
          toItemId: moved.id,
          reason,
          overrun,
        },
      });
    }
    await this.compact(meeting.id);
  }

  /**
   * The ended meeting's named cases leave the agenda, each item kept, deferred with the reason
   * and no next meeting, and each case ready again, as removing it would leave it, for a
   * coordinator to put on a later agenda.
   */
  async returnToCases(
    { meeting, actor }: { meeting: Meeting; actor: BoardActor },
    itemIds: string[],
    reason: string,
  ): Promise<void> {
    for (const item of await this.undiscussed(meeting.id, itemIds)) {
      await this.markDeferred(item, reason);
      const clinicalCase = await this.caseRepository.findExisting(item.caseId);
      await this.cases.transition(clinicalCase, CaseStatus.Ready);
      await this.events.publish({
        type: 'domain',
        action: 'agenda.case_returned',
        targetType: 'meeting',
        targetId: meeting.id,
        actorId: actor.userId,
        details: { caseId: item.caseId, itemId: item.id, toMeetingId: null, reason },
      });
    }
    await this.compact(meeting.id);
  }

  /** Renumbers the meeting's live items 1..n after one leaves. */
  async compact(meetingId: string): Promise<void> {
    const items = await this.itemRepository.liveOf(meetingId);
    let position = 1;
    for (const item of items) {
      if (item.position !== position) await this.itemRepository.update(item.id, { position });
      position += 1;
    }
  }

  /**
   * Defers an item to `next`: it stays on its meeting, deferred with the reason, and a pending
   * item on `next` points back to it; the case is deferred, then scheduled again.
   */
  private async deferTo(item: AgendaItem, next: Meeting, landing: Landing): Promise<AgendaItem> {
    await this.markDeferred(item, landing.reason);
    const moved: AgendaItem = {
      ...item,
      id: newId(),
      meetingId: next.id,
      position: landing.position,
      status: AgendaItemStatus.Pending,
      overrideReason: landing.overrideReason,
      deferredFromItemId: item.id,
      deferralReason: null,
      addedBy: landing.addedBy,
      addedAt: this.clock.now(),
    };
    await this.itemRepository.insert(moved);
    const clinicalCase = await this.caseRepository.findExisting(item.caseId);
    await this.cases.transition(clinicalCase, CaseStatus.Deferred);
    await this.cases.transition(clinicalCase, CaseStatus.Scheduled);
    return moved;
  }

  private async markDeferred(item: AgendaItem, reason: string | null): Promise<void> {
    await this.itemRepository.update(item.id, {
      status: AgendaItemStatus.Deferred,
      position: null,
      deferralReason: reason,
    });
  }

  /** The named items of the meeting, in agenda order; each must still be open to deferral. */
  private async undiscussed(meetingId: string, itemIds: string[]): Promise<AgendaItem[]> {
    const items = (await this.itemRepository.liveOf(meetingId)).filter((item) =>
      itemIds.includes(item.id),
    );
    const missing = itemIds.find((id) => !items.some((item) => item.id === id));
    if (missing) throw new NotFound('agenda item on this meeting', missing);
    for (const item of items) {
      const check = checkAgendaItemTransition(item.status, AgendaItemStatus.Deferred);
      if (!check.ok) throw new Conflict(check.message);
    }
    return items;
  }
}
