import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AgendaItemView, AgendaView, RoomAgendaItem } from '@app/contracts';
import { AuthenticatedUser } from '@app/auth';
import { BoardAction, BoardActor, Meeting, MeetingStatus, MeetingsService } from '@app/boards';
import { Clock, Conflict, DomainEventBus, InvalidInput, NotFound, Refused, newId } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AgendaItem } from './agenda-item.entity';
import { CaseAccessService } from './case-access.service';
import { CasesService } from './cases.service';
import { ClinicalCase } from './clinical-case.entity';
import {
  AgendaItemStatus,
  CaseStatus,
  checkAgendaItemTransition,
  checkCapacity,
  nextPosition,
  planCarryOver,
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
const AGENDA_READY = [CaseStatus.Ready, CaseStatus.Deferred];

@Injectable()
export class AgendaService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly meetings: MeetingsService,
    private readonly cases: CasesService,
    private readonly readiness: ReadinessService,
    private readonly access: CaseAccessService,
    private readonly clock: Clock,
  ) {}

  async agenda(user: AuthenticatedUser, meetingId: string): Promise<AgendaView> {
    const { meeting } = await this.meetings.load(user, meetingId, BoardAction.View);
    return this.viewOf(this.uow.manager, meeting);
  }

  /**
   * Puts a case on a meeting's agenda. The meeting row is locked, so agenda
   * changes to one meeting are serialised (capacity and positions stay exact).
   */
  async add(user: AuthenticatedUser, meetingId: string, input: AddToAgenda): Promise<AgendaView> {
    return this.uow.run(async (db) => {
      const { meeting } = await this.meetings.lockForUpdate(
        db,
        user,
        meetingId,
        BoardAction.ManageMeetings,
      );
      if (!OPEN_MEETING.includes(meeting.status))
        throw new Conflict(`a ${meeting.status} meeting takes no new cases`);
      const clinicalCase = await db
        .getRepository(ClinicalCase)
        .findOne({ where: { id: input.caseId }, lock: { mode: 'pessimistic_write' } });
      if (!clinicalCase || clinicalCase.boardId !== meeting.boardId) {
        throw new NotFound('case on this board', input.caseId);
      }
      await this.access.assertPresenter(db, meeting.boardId, input.presenterId);

      const readiness = await this.readiness.evaluate(db, clinicalCase);
      const ready = AGENDA_READY.includes(clinicalCase.status) && readiness.ready;
      if (!ready) {
        if (!input.overrideReason) {
          const why =
            readiness.missing.length > 0
              ? `missing ${readiness.missing.join('; ')}`
              : `its status is ${clinicalCase.status}`;
          throw new Conflict(
            `the case is not ready (${why}); a coordinator can add it with an overrideReason`,
            readiness.missing.map((message) => ({ field: 'readiness', message })),
          );
        }
        if (![CaseStatus.Draft, ...AGENDA_READY].includes(clinicalCase.status)) {
          throw new Conflict(
            `a ${clinicalCase.status} case cannot be put on an agenda, even with an override`,
          );
        }
      }

      const items = await this.items(db, meeting.id);
      const capacity = checkCapacity(
        items.map(toSlot),
        meetingMinutes(meeting),
        input.minutesAllotted,
      );
      if (!capacity.ok) throw new Conflict(capacity.message);

      if (clinicalCase.status === CaseStatus.Draft)
        await this.cases.transition(db, clinicalCase, CaseStatus.Ready);
      if (clinicalCase.status === CaseStatus.Deferred || clinicalCase.status === CaseStatus.Ready) {
        await this.cases.transition(db, clinicalCase, CaseStatus.Scheduled);
      }
      const item = db.getRepository(AgendaItem).create({
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
      });
      await db.getRepository(AgendaItem).insert(item);
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
      return this.viewOf(db, meeting);
    });
  }

  /** Replaces the order of the agenda in one transaction; concurrent reorders are serialised. */
  async reorder(
    user: AuthenticatedUser,
    meetingId: string,
    itemIds: string[],
  ): Promise<AgendaView> {
    return this.uow.run(async (db) => {
      const { meeting } = await this.meetings.lockForUpdate(
        db,
        user,
        meetingId,
        BoardAction.ManageMeetings,
      );
      const items = await this.items(db, meeting.id);
      const plan = planReorder(items.map(toSlot), itemIds);
      if (!plan.ok) throw new Conflict(plan.message);
      for (const { id, position } of plan.positions) {
        await db.getRepository(AgendaItem).update(id, { position });
      }
      await this.events.publish({
        type: 'domain',
        action: 'agenda.reordered',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { order: itemIds },
      });
      return this.viewOf(db, meeting);
    });
  }

  async update(
    user: AuthenticatedUser,
    itemId: string,
    changes: { minutesAllotted?: number; presenterId?: string },
  ): Promise<AgendaView> {
    return this.uow.run(async (db) => {
      const { item, meeting } = await this.lockItem(db, user, itemId, BoardAction.ManageMeetings);
      if (item.status !== AgendaItemStatus.Pending)
        throw new Conflict(`a ${item.status} agenda item cannot be changed`);
      if (changes.presenterId)
        await this.access.assertPresenter(db, meeting.boardId, changes.presenterId);
      if (changes.minutesAllotted !== undefined) {
        const others = (await this.items(db, meeting.id)).filter((other) => other.id !== item.id);
        const capacity = checkCapacity(
          others.map(toSlot),
          meetingMinutes(meeting),
          changes.minutesAllotted,
        );
        if (!capacity.ok) throw new Conflict(capacity.message);
      }
      await db.getRepository(AgendaItem).update(item.id, changes);
      await this.events.publish({
        type: 'domain',
        action: 'agenda.item_updated',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { itemId, ...changes },
      });
      return this.viewOf(db, meeting);
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
    return this.uow.run(async (db) => {
      const { item, meeting } = await this.lockItem(db, user, itemId, BoardAction.RunMeeting);
      const check = checkAgendaItemTransition(item.status, to);
      if (!check.ok)
        throw new Conflict(
          check.message,
          check.allowed.map((status) => ({ field: 'status', message: `allowed: ${status}` })),
        );
      await db.getRepository(AgendaItem).update(item.id, { status: to });
      if (to === AgendaItemStatus.Discussed) {
        const clinicalCase = await db
          .getRepository(ClinicalCase)
          .findOneByOrFail({ id: item.caseId });
        const next = statusAfterDiscussion(clinicalCase.status);
        if (next) await this.cases.transition(db, clinicalCase, next);
      }
      await this.events.publish({
        type: 'domain',
        action: 'agenda.item_status_changed',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { itemId, caseId: item.caseId, from: item.status, to },
      });
      return this.viewOf(db, meeting);
    });
  }

  /**
   * The meeting's agenda as the live room shows it: items in order, then the
   * deferred ones. No access check: for services that have already
   * authorised the caller for this meeting.
   */
  async roomAgenda(meetingId: string): Promise<RoomAgendaItem[]> {
    const all = await this.uow.manager
      .getRepository(AgendaItem)
      .find({ where: { meetingId }, order: { position: 'ASC', addedAt: 'ASC' } });
    const byPlace = [
      ...all.filter((item) => item.status !== AgendaItemStatus.Deferred),
      ...all.filter((item) => item.status === AgendaItemStatus.Deferred),
    ];
    return byPlace.map((item) => ({
      itemId: item.id,
      caseId: item.caseId,
      position: item.position,
      minutesAllotted: item.minutesAllotted,
      status: item.status,
    }));
  }

  /**
   * Moves a case to the board's next scheduled meeting. The original item
   * stays, marked deferred, and the new item points back to it: the history
   * of how often and why a case was deferred is kept.
   */
  async defer(
    user: AuthenticatedUser,
    itemId: string,
    reason: string | undefined,
  ): Promise<{ from: AgendaView; to: AgendaView }> {
    return this.uow.run(async (db) => {
      const { item, meeting, actor } = await this.lockItem(
        db,
        user,
        itemId,
        BoardAction.RunMeeting,
      );
      const check = checkAgendaItemTransition(item.status, AgendaItemStatus.Deferred);
      if (!check.ok) throw new Conflict(check.message);
      const next = await this.meetings.nextMeetingAfter(db, meeting);
      if (!next)
        throw new Conflict(
          'the board has no later scheduled meeting to defer the case to; schedule one first',
        );
      const nextLocked = await this.meetings.lockForUpdate(
        db,
        user,
        next.id,
        BoardAction.RunMeeting,
      );
      const nextItems = await this.items(db, next.id);
      const capacity = checkCapacity(
        nextItems.map(toSlot),
        meetingMinutes(next),
        item.minutesAllotted,
      );
      if (!capacity.ok) throw new Conflict(`the next meeting is full: ${capacity.message}`);

      const moved = await this.deferTo(db, item, next, {
        position: nextPosition(nextItems.map(toSlot)),
        reason: reason ?? null,
        addedBy: actor.userId,
        overrideReason: item.overrideReason,
      });
      await this.compact(db, meeting.id);
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
      return {
        from: await this.viewOf(db, meeting),
        to: await this.viewOf(db, nextLocked.meeting),
      };
    });
  }

  /**
   * When a meeting ends: its cases not discussed go to the board's next
   * scheduled meeting, each deferred as `defer` does, in agenda order. The
   * next meeting's length does not hold them back: one past it goes on with an
   * override reason saying it was carried over. Joins the caller's transaction.
   */
  async carryOver(
    user: AuthenticatedUser,
    meetingId: string,
    itemIds: string[],
    reason: string,
  ): Promise<void> {
    await this.uow.run(async (db) => {
      const { meeting, actor } = await this.meetings.lockForUpdate(
        db,
        user,
        meetingId,
        BoardAction.RunMeeting,
      );
      const undiscussed = await this.undiscussed(db, meeting.id, itemIds);
      const next = await this.meetings.nextMeetingAfter(db, meeting);
      if (!next)
        throw new Refused(
          'no_next_meeting',
          "the board has no later scheduled meeting to carry the cases to: schedule one, or return the cases to the board's cases",
        );
      await this.meetings.lockForUpdate(db, user, next.id, BoardAction.RunMeeting);
      const landings = planCarryOver(
        (await this.items(db, next.id)).map(toSlot),
        meetingMinutes(next),
        undiscussed,
      );
      for (const { item, position, overrun } of landings) {
        const moved = await this.deferTo(db, item, next, {
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
      await this.compact(db, meeting.id);
    });
  }

  /**
   * When a meeting ends: its cases not discussed leave the agenda, each item
   * kept, deferred with the reason and no next meeting, and each case ready
   * again, as removing it would leave it, for a coordinator to put on a later
   * agenda. Joins the caller's transaction.
   */
  async returnToCases(
    user: AuthenticatedUser,
    meetingId: string,
    itemIds: string[],
    reason: string,
  ): Promise<void> {
    await this.uow.run(async (db) => {
      const { meeting, actor } = await this.meetings.lockForUpdate(
        db,
        user,
        meetingId,
        BoardAction.RunMeeting,
      );
      for (const item of await this.undiscussed(db, meeting.id, itemIds)) {
        await this.markDeferred(db, item, reason);
        const clinicalCase = await db
          .getRepository(ClinicalCase)
          .findOneByOrFail({ id: item.caseId });
        await this.cases.transition(db, clinicalCase, CaseStatus.Ready);
        await this.events.publish({
          type: 'domain',
          action: 'agenda.case_returned',
          targetType: 'meeting',
          targetId: meeting.id,
          actorId: actor.userId,
          details: { caseId: item.caseId, itemId: item.id, toMeetingId: null, reason },
        });
      }
      await this.compact(db, meeting.id);
    });
  }

  /** Takes a pending case off the agenda before it is discussed; the case is ready again. */
  async remove(user: AuthenticatedUser, itemId: string): Promise<AgendaView> {
    return this.uow.run(async (db) => {
      const { item, meeting } = await this.lockItem(db, user, itemId, BoardAction.ManageMeetings);
      if (item.status !== AgendaItemStatus.Pending)
        throw new Conflict(`a ${item.status} agenda item cannot be removed`);
      if (item.deferredFromItemId) {
        throw new Conflict(
          'this item continues a deferral; defer it again or discuss it, so the history stays whole',
        );
      }
      await db.getRepository(AgendaItem).delete(item.id);
      await this.compact(db, meeting.id);
      const clinicalCase = await db
        .getRepository(ClinicalCase)
        .findOneByOrFail({ id: item.caseId });
      await this.cases.transition(db, clinicalCase, CaseStatus.Ready);
      await this.events.publish({
        type: 'domain',
        action: 'agenda.case_removed',
        targetType: 'meeting',
        targetId: meeting.id,
        details: { caseId: item.caseId, itemId },
      });
      return this.viewOf(db, meeting);
    });
  }

  /**
   * Defers an item to `next`: it stays on its meeting, deferred with the
   * reason, and a pending item on `next` points back to it; the case is
   * deferred, then scheduled again.
   */
  private async deferTo(
    db: EntityManager,
    item: AgendaItem,
    next: Meeting,
    landing: {
      position: number;
      reason: string | null;
      addedBy: string;
      overrideReason: string | null;
    },
  ): Promise<AgendaItem> {
    await this.markDeferred(db, item, landing.reason);
    const moved = db.getRepository(AgendaItem).create({
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
    });
    await db.getRepository(AgendaItem).insert(moved);
    const clinicalCase = await db.getRepository(ClinicalCase).findOneByOrFail({ id: item.caseId });
    await this.cases.transition(db, clinicalCase, CaseStatus.Deferred);
    await this.cases.transition(db, clinicalCase, CaseStatus.Scheduled);
    return moved;
  }

  private async markDeferred(
    db: EntityManager,
    item: AgendaItem,
    reason: string | null,
  ): Promise<void> {
    await db.getRepository(AgendaItem).update(item.id, {
      status: AgendaItemStatus.Deferred,
      position: null,
      deferralReason: reason,
    });
  }

  /** The named items of the meeting, in agenda order; each must still be open to deferral. */
  private async undiscussed(
    db: EntityManager,
    meetingId: string,
    itemIds: string[],
  ): Promise<AgendaItem[]> {
    const items = (await this.items(db, meetingId)).filter((item) => itemIds.includes(item.id));
    const missing = itemIds.find((id) => !items.some((item) => item.id === id));
    if (missing) throw new NotFound('agenda item on this meeting', missing);
    for (const item of items) {
      const check = checkAgendaItemTransition(item.status, AgendaItemStatus.Deferred);
      if (!check.ok) throw new Conflict(check.message);
    }
    return items;
  }

  private async lockItem(
    db: EntityManager,
    user: AuthenticatedUser,
    itemId: string,
    action: BoardAction,
  ): Promise<{ item: AgendaItem; meeting: Meeting; actor: BoardActor }> {
    const found = await db.getRepository(AgendaItem).findOneBy({ id: itemId });
    if (!found) throw new NotFound('agenda item', itemId);
    const { meeting, actor } = await this.meetings
      .lockForUpdate(db, user, found.meetingId, action)
      .catch(() => {
        throw new NotFound('agenda item', itemId);
      });
    const item = await db.getRepository(AgendaItem).findOneByOrFail({ id: itemId });
    return { item, meeting, actor };
  }

  /** Renumbers the live items 1..n after one leaves. */
  private async compact(db: EntityManager, meetingId: string): Promise<void> {
    const items = await this.items(db, meetingId);
    let position = 1;
    for (const item of items) {
      if (item.position !== position)
        await db.getRepository(AgendaItem).update(item.id, { position });
      position += 1;
    }
  }

  private async items(db: EntityManager, meetingId: string): Promise<AgendaItem[]> {
    return db
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .where('i.meeting_id = :meetingId', { meetingId })
      .andWhere(`i.status <> 'deferred'`)
      .orderBy('i.position')
      .getMany();
  }

  private async viewOf(db: EntityManager, meeting: Meeting): Promise<AgendaView> {
    const all = await db
      .getRepository(AgendaItem)
      .find({ where: { meetingId: meeting.id }, order: { position: 'ASC', addedAt: 'ASC' } });
    const refs = all.length
      ? await db
          .getRepository(ClinicalCase)
          .find({ where: { id: In(all.map((item) => item.caseId)) }, select: ['id', 'patientRef'] })
      : [];
    const refOf = new Map(refs.map((row) => [row.id, row.patientRef]));
    const view = (item: AgendaItem): AgendaItemView => ({
      id: item.id,
      meetingId: item.meetingId,
      caseId: item.caseId,
      patientRef: refOf.get(item.caseId) ?? '',
      position: item.position,
      minutesAllotted: item.minutesAllotted,
      presenterId: item.presenterId,
      status: item.status,
      overrideReason: item.overrideReason,
      deferredFromItemId: item.deferredFromItemId,
      deferralReason: item.deferralReason,
      addedAt: item.addedAt.toISOString(),
    });
    const live = all.filter((item) => item.status !== AgendaItemStatus.Deferred);
    const capacity = checkCapacity(live.map(toSlot), meetingMinutes(meeting), 0);
    return {
      meetingId: meeting.id,
      meetingMinutes: meetingMinutes(meeting),
      usedMinutes: capacity.usedMinutes,
      items: live.map(view),
      deferred: all.filter((item) => item.status === AgendaItemStatus.Deferred).map(view),
    };
  }
}

function toSlot(item: AgendaItem) {
  return {
    id: item.id,
    position: item.position ?? 0,
    minutesAllotted: item.minutesAllotted,
    status: item.status,
  };
}

function meetingMinutes(meeting: Meeting): number {
  return Math.round((meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000);
}
