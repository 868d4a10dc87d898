import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ImagingUpdate, PresenceEntry } from '@app/contracts';
import { Clock, DomainEventBus, EventTopic, GroupCommit } from '@app/core';
import { AttendanceService } from '../attendance.service';
import { LIVE_SETTINGS, LiveSettings } from '../live-settings';
import { ExpiredAttendee, PRESENCE_STORE, PresenceStore } from './presence-store';

/**
 * `presence_changed`: a room changed without a command, when attendees whose connection was lost
 * were let go. `focus_changed`: a command put another case on screen at `at` (or none, the
 * meeting ended).
 */
export type RoomEvent =
  | { type: 'presence_changed'; meetingId: string }
  | { type: 'focus_changed'; meetingId: string; focusedItemId: string | null; at: Date };

export const ROOM_EVENTS = new EventTopic<RoomEvent>('meeting.room');

/**
 * Who is present in each meeting room, one entry per socket: shared through the presence store,
 * so every instance sees every socket, and this instance's own sockets kept at hand for checks
 * without a round trip. A heartbeat confirms this instance's sockets in the store; attendance
 * follows what it finds (reopened for sockets that had expired, closed for users let go).
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('live');
  /** This instance's sockets: socket → meeting → entry. */
  private readonly local = new Map<string, Map<string, PresenceEntry>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly startedAt: Date;
  private staleAttendanceClosed = false;
  /**
   * Per meeting, one read of the room's presence for everyone who asked while the last was on its
   * way: each caller gets a read begun after it asked (so it sees its own arrival), and a burst of
   * joins reads the room a few times, not once per joiner.
   */
  private readonly reads = new GroupCommit<null, PresenceEntry[]>(async (meetingId, callers) => {
    const entries = await this.store.list(meetingId);
    const people = [...new Map(entries.map((entry) => [entry.userId, entry])).values()];
    return callers.map(() => ({ receipt: [...people] }));
  });

  constructor(
    private readonly attendance: AttendanceService,
    private readonly events: DomainEventBus,
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    @Inject(LIVE_SETTINGS) private readonly settings: LiveSettings,
    clock: Clock,
  ) {
    this.startedAt = clock.now();
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => void this.keepAlive(), this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.store.close();
  }

  async add(meetingId: string, socketId: string, entry: PresenceEntry): Promise<void> {
    const mine = this.local.get(socketId) ?? new Map<string, PresenceEntry>();
    mine.set(meetingId, entry);
    this.local.set(socketId, mine);
    await this.store.add(meetingId, socketId, entry);
  }

  /** Removes a socket; `userGone` says it was the user's last one in the room. */
  async remove(
    userId: string,
    meetingId: string,
    socketId: string,
  ): Promise<{ removed: boolean; userGone: boolean }> {
    const mine = this.local.get(socketId);
    mine?.delete(meetingId);
    if (mine?.size === 0) this.local.delete(socketId);
    return this.store.remove(meetingId, socketId, userId);
  }

  /** The meetings a socket is present in, for cleanup on disconnect. */
  meetingsOf(socketId: string): string[] {
    return [...(this.local.get(socketId)?.keys() ?? [])];
  }

  isPresent(meetingId: string, socketId: string): boolean {
    return this.local.get(socketId)?.has(meetingId) ?? false;
  }

  /** The board role a present socket joined with (no round trip: used at 30 events/s). */
  roleOf(meetingId: string, socketId: string): PresenceEntry['role'] | null {
    return this.local.get(socketId)?.get(meetingId)?.role ?? null;
  }

  /** One presence entry per person in the room, however many devices they joined from. */
  people(meetingId: string): Promise<PresenceEntry[]> {
    return this.reads.submit(meetingId, null);
  }

  /** The ids of everyone in the room. */
  async userIds(meetingId: string): Promise<string[]> {
    return [...new Set((await this.store.list(meetingId)).map((entry) => entry.userId))];
  }

  /** The latest shared imaging state of a meeting; null when the share ended. */
  shareImaging(meetingId: string, update: ImagingUpdate | null): Promise<void> {
    return this.store.setImaging(meetingId, update);
  }

  latestImaging(meetingId: string): Promise<ImagingUpdate | null> {
    return this.store.imaging(meetingId);
  }

  /**
   * Confirms this instance's sockets in the shared store, reopens attendance
   * for any that had expired meanwhile, and lets go of users whose instance
   * stopped confirming theirs.
   */
  private async keepAlive(): Promise<void> {
    try {
      if (!this.settings.shared && !this.staleAttendanceClosed) {
        // Alone, this instance holds every room: whoever was "present" before it started left when the last one stopped.
        await this.attendance.closeAllBefore(this.startedAt);
        this.staleAttendanceClosed = true;
      }
      const sockets = [...this.local.entries()].flatMap(([socketId, meetings]) =>
        [...meetings.entries()].map(([meetingId, entry]) => ({ meetingId, socketId, entry })),
      );
      const revived = await this.store.refresh(sockets);
      for (const meetingId of new Set(revived.map((socket) => socket.meetingId))) {
        const userIds = revived.filter((s) => s.meetingId === meetingId).map((s) => s.userId);
        await this.attendance.open(meetingId, [...new Set(userIds)]);
      }
      await this.release(await this.store.sweep());
    } catch (error) {
      this.logger.error({ err: error }, 'presence heartbeat failed');
    }
  }

  private async release(expired: ExpiredAttendee[]): Promise<void> {
    for (const { meetingId, userId, lastSeen } of expired) {
      await this.attendance.close(meetingId, userId, lastSeen);
    }
    for (const meetingId of new Set(expired.map((attendee) => attendee.meetingId))) {
      await this.events.publishTo(ROOM_EVENTS, { type: 'presence_changed', meetingId });
    }
  }
}
