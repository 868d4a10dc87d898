import { Injectable } from '@nestjs/common';
import { AttendanceView } from '@app/contracts';
import { AuthenticatedUser, UserLookup } from '@app/auth';
import { BoardAction, BoardLookup, MeetingsService } from '@app/boards';
import { Clock, DomainEventBus, GroupCommit } from '@app/core';
import { UnitOfWork } from '@app/persistence';
import { AttendanceRepository } from './attendance.repository';
import { AttendeeProfile, summariseAttendance } from './domain';
import { RoomStateRepository } from './room-state.repository';

/**
 * Who attended a meeting and when, per meeting and per focused agenda item: stays open as people
 * arrive (or the focus reaches an item while they are present) and close as they leave. Every
 * arrival and departure is audited.
 */
@Injectable()
export class AttendanceService {
  /**
   * Per meeting, arrivals recorded together (group commit): everyone who joined while the meeting's
   * previous arrivals were being written goes into one transaction, instead of one each.
   */
  private readonly arrivals = new GroupCommit<string, void>(async (meetingId, userIds) => {
    await this.open(meetingId, [...new Set(userIds)]);
    return userIds.map(() => ({ receipt: undefined }));
  });

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: DomainEventBus,
    private readonly meetings: MeetingsService,
    private readonly stays: AttendanceRepository,
    private readonly rooms: RoomStateRepository,
    private readonly users: UserLookup,
    private readonly boards: BoardLookup,
    private readonly clock: Clock,
  ) {}

  /**
   * Someone joined: their attendance opens, written with the others arriving meanwhile; resolves
   * once written (or rejects with the write's failure).
   */
  arrive(meetingId: string, userId: string): Promise<void> {
    return this.arrivals.submit(meetingId, userId);
  }

  /** Opens attendance (meeting, and the focused item) for users not already attending; audits each arrival. */
  async open(meetingId: string, userIds: string[]): Promise<void> {
    const at = this.clock.now();
    await this.uow.run(async () => {
      const focusedItemId = (await this.rooms.find(meetingId))?.focusedItemId ?? null;
      const arrived = await this.stays.openMeeting(meetingId, userIds, at);
      if (focusedItemId) await this.stays.openItem(meetingId, userIds, focusedItemId, at);
      for (const userId of arrived) {
        await this.events.publish({
          type: 'domain',
          action: 'meeting.joined',
          targetType: 'meeting',
          targetId: meetingId,
          actorId: userId,
        });
      }
    });
  }

  /** Closes the user's attendance, at `lastSeen` when their connection was lost; audits the departure. */
  async close(meetingId: string, userId: string, lastSeen: Date | null): Promise<void> {
    // After the arrivals already on their way: a departure never overtakes its arrival.
    await this.arrivals.settled(meetingId);
    await this.uow.run(async () => {
      const closed = await this.stays.closeUser(meetingId, userId, lastSeen ?? this.clock.now());
      if (closed === 0) return;
      await this.events.publish({
        type: 'domain',
        action: 'meeting.left',
        targetType: 'meeting',
        targetId: meetingId,
        actorId: userId,
        ...(lastSeen ? { details: { reason: 'connection lost', lastSeen } } : {}),
      });
    });
  }

  /** The focus moved at `at` (in the caller's transaction): stays in items end, those present join the new one. */
  async moveFocus(
    meetingId: string,
    itemId: string | null,
    present: string[],
    at: Date,
  ): Promise<void> {
    await this.stays.closeItems(meetingId, at);
    if (itemId && present.length > 0) await this.stays.openItem(meetingId, present, itemId, at);
  }

  /** Closes every stay still open that began before `instant` (this instance alone holds every room). */
  closeAllBefore(instant: Date): Promise<void> {
    return this.stays.closeAllBefore(instant);
  }

  /**
   * Who attended, when, and which specialties were present for each case discussed: the stays,
   * then the names and the board roles of everyone in them, one query each.
   */
  async view(user: AuthenticatedUser, meetingId: string): Promise<AttendanceView> {
    const { meeting } = await this.meetings.load(user, meetingId, BoardAction.View);
    const stays = await this.stays.ofMeeting(meetingId);
    const userIds = [...new Set(stays.map((stay) => stay.user_id))];
    const profiles = await this.users.summaries(userIds);
    const members = await this.boards.memberships(meeting.boardId, userIds);
    const roleOf = new Map(members.map((member) => [member.userId, member.role]));
    const attendees = new Map<string, AttendeeProfile>(
      profiles.map((profile) => [
        profile.id,
        {
          displayName: profile.displayName,
          specialty: profile.specialty,
          role: roleOf.get(profile.id) ?? null,
        },
      ]),
    );
    return summariseAttendance(
      meetingId,
      stays.map((stay) => ({
        userId: stay.user_id,
        agendaItemId: stay.agenda_item_id,
        joinedAt: stay.joined_at,
        leftAt: stay.left_at,
      })),
      (userId) => attendees.get(userId),
    );
  }
}
