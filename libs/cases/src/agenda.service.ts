import { Injectable } from '@nestjs/common';
import { AgendaView, RoomAgendaItem } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAction, BoardActor, Meeting, MeetingStatus, MeetingsService } from '@app/boards';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AgendaItem } from './agenda-item.entity';
import { AgendaItemRepository } from './agenda-item.repository';
import { AgendaDeferrals } from './agenda-deferrals';
import { meetingMinutes, toAgendaView, toRoomAgenda, toSlot } from './agenda-view';
import { CaseAccessService } from './case-access.service';
import { CasesService } from './cases.service';
import { ClinicalCaseRepository } from './clinical-case.repository';
import {
  AgendaItemStatus,
  CaseStatus,
  checkAgendaAdmission,
  checkAgendaItemTransition,
  checkCapacity,
  nextPosition,
  planReorder,
  statusAfterDiscussion,
} from './domain';
import { ReadinessService } from './readiness.service';

export interface AddToAgenda {
  caseId: string;
  minutesAllotted: number;
  presenterId: string;
  /** Required to add a case that is not ready: recorded and audited. */
  overrideReason?: string;
}

const OPEN_MEETING = [MeetingStatus.Scheduled, MeetingStatus.Live];

/**
 * A meeting's agenda, built before the meeting and worked through during it. Every change
 * takes the meeting's row lock first (MeetingsService.lockForUpdate), so changes to one agenda
 * are serialised and capacity and positions stay exact. Taking cases off an agenda (deferral,
 * carry-over) is AgendaDeferrals' job.
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly meetings: MeetingsService,
    private readonly cases: CasesService,
    private readonly readiness: ReadinessService,
    private readonly access: CaseAccessService,
    private readonly itemRepository: AgendaItemRepository,
    private readonly caseRepository: ClinicalCaseRepository,
    private readonly deferrals: AgendaDeferrals,
    private readonly clock: Clock,
  ) {}

  async agenda(user: AuthenticatedUser, meetingId: string): Promise<AgendaView> {
    const { meeting } = await this.meetings.load(user, meetingId, BoardAction.View);
    return this.viewOf(meeting);
  }

  /** Puts a case on a meeting's agenda, if the case is ready or a coordinator overrides. */
  async add(user: AuthenticatedUser, meetingId: string, input: AddToAgenda): Promise<AgendaView> {
    return this.uow.run(async () => {
      const { meeting } = await this.meetings.lockForUpdate(
        user,
        meetingId,
        BoardAction.ManageMeetings,
      );
      if (!OPEN_MEETING.includes(meeting.status))
        throw new Conflict(`a ${meeting.status} meeting takes no new cases`);
      const clinicalCase = await this.caseRepository.find(input.caseId, true);
      if (!clinicalCase || clinicalCase.boardId !== meeting.boardId) {
        throw new NotFound('case on this board', input.caseId);
      }
      await this.access.assertPresenter(meeting.boardId, input.presenterId);

      const readiness = await this.readiness.evaluate(clinicalCase);
      const admission = checkAgendaAdmission(clinicalCase.status, readiness, input.overrideReason);
      if (!admission.ok)
        throw new Conflict(
          admission.message,
          admission.missing?.map((message) => ({ field: 'readiness', message })),
        );
      const { ready } = admission;

      const items = await this.itemRepository.liveOf(meeting.id);
      const capacity = checkCapacity(
        items.map(toSlot),
        meetingMinutes(meeting),
        input.minutesAllotted,
      );
      if (!capacity.ok) throw new Conflict(capacity.message);

      if (clinicalCase.status === CaseStatus.Draft)
        await this.cases.transition(clinicalCase, CaseStatus.Ready);
      if (clinicalCase.status === CaseStatus.Deferred || clinicalCase.status === CaseStatus.Ready) {
        await this.cases.transition(clinicalCase, CaseStatus.Scheduled);
      }
      const item: AgendaItem = {
        id: newId(),
        meetingId: meeting.id,
        caseId: clinicalCase.id,
        position: nextPosition(items.map(toSlot)),
        minutesAllotted: input.minutesAllotted,
        presenterId: input.presenterId,
        status: AgendaItemStatus.Pending,
        overrideReason: ready ? null : (input.overrideReason ?? null),
        deferredFromItemId: null,
        deferralReason: null,
        addedBy: user.id,
        addedAt: this.clock.now(),
      };
      await this.itemRepository.insert(item);
      await this.events.publish({
        type: 'domain',
        action: ready ? 'agenda.case_added' : 'agenda.case_added_with_override',
        targetType: 'meeting',
        targetId: meeting.id,
        details: {
          caseId: clinicalCase.id,
          itemId: item.id,
          minutesAllotted: item.minutesAllotted,
          ...(ready ? {} : { overrideReason: input.overrideReason, missing: readiness.missing }),
        },
      });
      return this.viewOf(meeting);
    });
  }

  /** Replaces the order of the agenda in one transaction. */
  async reorder(
    user: AuthenticatedUser,
    meetingId: string,
    itemIds: string[],
  ): Promise<AgendaView> {
    return this.uow.run(async () => {
      const { meeting } = await this.meetings.lockForUpdate(
        user,
        meetingId,
        BoardAction.ManageMeetings,
      );
      const items = await this.itemRepository.liveOf(meeting.id);
      const plan = planReorder(items.map(toSlot), itemIds);
      if (!plan.ok) throw new Conflict(plan.message);
      for (const { id, position } of plan.positions) {
        await this.itemRepository.update(id, { position });
      }
      await this.events.publish({
        type: 'domain',
        action: 'agenda.reordered',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { order: itemIds },
      });
      return this.viewOf(meeting);
    });
  }

  async update(
    user: AuthenticatedUser,
    itemId: string,
    changes: { minutesAllotted?: number; presenterId?: string },
  ): Promise<AgendaView> {
    if (changes.minutesAllotted === undefined && changes.presenterId === undefined)
      throw new InvalidInput('nothing to change: give minutesAllotted or presenterId');
    return this.uow.run(async () => {
      const { item, meeting } = await this.lockItem(user, itemId, BoardAction.ManageMeetings);
      if (item.status !== AgendaItemStatus.Pending)
        throw new Conflict(`a ${item.status} agenda item cannot be changed`);
      if (changes.presenterId)
        await this.access.assertPresenter(meeting.boardId, changes.presenterId);
      if (changes.minutesAllotted !== undefined) {
        const others = (await this.itemRepository.liveOf(meeting.id)).filter(
          (other) => other.id !== item.id,
        );
        const capacity = checkCapacity(
          others.map(toSlot),
          meetingMinutes(meeting),
          changes.minutesAllotted,
        );
        if (!capacity.ok) throw new Conflict(capacity.message);
      }
      await this.itemRepository.update(item.id, changes);
      await this.events.publish({
        type: 'domain',
        action: 'agenda.item_updated',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { itemId, ...changes },
      });
      return this.viewOf(meeting);
    });
  }

  /** pending → in discussion → discussed (or back to pending): coordinators and chairs run the meeting. */
  async changeStatus(
    user: AuthenticatedUser,
    itemId: string,
    to: AgendaItemStatus,
  ): Promise<AgendaView> {
    if (to === AgendaItemStatus.Deferred)
      throw new InvalidInput('defer an item through its defer action', [
        { field: 'status', message: 'use POST /agenda-items/:id/defer' },
      ]);
    return this.uow.run(async () => {
      const { item, meeting } = await this.lockItem(user, itemId, BoardAction.RunMeeting);
      const check = checkAgendaItemTransition(item.status, to);
      if (!check.ok)
        throw new Conflict(
          check.message,
          check.allowed.map((status) => ({ field: 'status', message: `allowed: ${status}` })),
        );
      await this.itemRepository.update(item.id, { status: to });
      if (to === AgendaItemStatus.Discussed) {
        const clinicalCase = await this.caseRepository.findExisting(item.caseId);
        const next = statusAfterDiscussion(clinicalCase.status);
        if (next) await this.cases.transition(clinicalCase, next);
      }
      await this.events.publish({
        type: 'domain',
        action: 'agenda.item_status_changed',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { itemId, caseId: item.caseId, from: item.status, to },
      });
      return this.viewOf(meeting);
    });
  }

  /**
   * The meeting's agenda as the live room shows it: items in order, then the
   * deferred ones. No access check: for services that have already
   * authorised the caller for this meeting.
   */
  async roomAgenda(meetingId: string): Promise<RoomAgendaItem[]> {
    return toRoomAgenda(await this.itemRepository.allOf(meetingId));
  }

  /**
   * Moves a case to the board's next scheduled meeting; the item stays, deferred, and the new
   * one points back to it (see AgendaDeferrals).
   */
  async defer(
    user: AuthenticatedUser,
    itemId: string,
    reason: string | undefined,
  ): Promise<{ from: AgendaView; to: AgendaView }> {
    return this.uow.run(async () => {
      const locked = await this.lockItem(user, itemId, BoardAction.RunMeeting);
      const next = await this.deferrals.defer(user, locked, reason);
      return { from: await this.viewOf(locked.meeting), to: await this.viewOf(next) };
    });
  }

  /**
   * When a meeting ends: its cases not discussed go to the board's next scheduled meeting
   * (see AgendaDeferrals.carryOver). Joins the caller's transaction.
   */
  async carryOver(
    user: AuthenticatedUser,
    meetingId: string,
    itemIds: string[],
    reason: string,
  ): Promise<void> {
    await this.uow.run(async () => {
      const locked = await this.meetings.lockForUpdate(user, meetingId, BoardAction.RunMeeting);
      await this.deferrals.carryOver(user, locked, itemIds, reason);
    });
  }

  /**
   * When a meeting ends: its cases not discussed leave the agenda and are ready again (see
   * AgendaDeferrals.returnToCases). Joins the caller's transaction.
   */
  async returnToCases(
    user: AuthenticatedUser,
    meetingId: string,
    itemIds: string[],
    reason: string,
  ): Promise<void> {
    await this.uow.run(async () => {
      const locked = await this.meetings.lockForUpdate(user, meetingId, BoardAction.RunMeeting);
      await this.deferrals.returnToCases(locked, itemIds, reason);
    });
  }

  /** Takes a pending case off the agenda before it is discussed; the case is ready again. */
  async remove(user: AuthenticatedUser, itemId: string): Promise<AgendaView> {
    return this.uow.run(async () => {
      const { item, meeting } = await this.lockItem(user, itemId, BoardAction.ManageMeetings);
      if (item.status !== AgendaItemStatus.Pending)
        throw new Conflict(`a ${item.status} agenda item cannot be removed`);
      if (item.deferredFromItemId) {
        throw new Conflict(
          'this item continues a deferral; defer it again or discuss it, so the history stays whole',
        );
      }
      await this.itemRepository.delete(item.id);
      await this.deferrals.compact(meeting.id);
      const clinicalCase = await this.caseRepository.findExisting(item.caseId);
      await this.cases.transition(clinicalCase, CaseStatus.Ready);
      await this.events.publish({
        type: 'domain',
        action: 'agenda.case_removed',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { caseId: item.caseId, itemId },
      });
      return this.viewOf(meeting);
    });
  }

  /**
   * The item with its meeting locked and the caller's rights: on a board they do not belong to,
   * "not found"; to a member whose role does not allow `action`, refused (403).
   */
  private async lockItem(
    user: AuthenticatedUser,
    itemId: string,
    action: BoardAction,
  ): Promise<{ item: AgendaItem; meeting: Meeting; actor: BoardActor }> {
    const found = await this.itemRepository.find(itemId);
    if (!found) throw new NotFound('agenda item', itemId);
    const subject = { kind: 'agenda item', id: itemId };
    const { meeting, actor } = await this.meetings.lockForUpdate(
      user,
      found.meetingId,
      action,
      subject,
    );
    // Read again under the meeting's lock: a concurrent removal may have taken it meanwhile.
    const item = await this.itemRepository.find(itemId);
    if (!item) throw new NotFound('agenda item', itemId);
    return { item, meeting, actor };
  }

  private async viewOf(meeting: Meeting): Promise<AgendaView> {
    const items = await this.itemRepository.allOf(meeting.id);
    const patientRefs = await this.caseRepository.patientRefs(items.map((item) => item.caseId));
    return toAgendaView(meeting, items, patientRefs);
  }
}
