import { ImagingUpdate, PresenceEntry } from '@app/contracts';

/** A user whose last socket in a meeting expired (its instance stopped refreshing it). */
export interface ExpiredAttendee {
  meetingId: string;
  userId: string;
  /** When the instance last confirmed the socket alive. */
  lastSeen: Date;
}

/**
 * Who is in each meeting room, one entry per socket, shared by every instance
 * of the server. Each instance refreshes the sockets it holds; an entry that
 * is not refreshed expires, so a crashed instance's users leave the room by
 * themselves.
 */
export interface PresenceStore {
  add(meetingId: string, socketId: string, entry: PresenceEntry): Promise<void>;
  /** Removes a socket; `userGone` says the user has no socket left in the room. */
  remove(
    meetingId: string,
    socketId: string,
    userId: string,
  ): Promise<{ removed: boolean; userGone: boolean }>;
  list(meetingId: string): Promise<PresenceEntry[]>;
  /**
   * Confirms this instance's sockets alive; returns the ones that had already
   * expired and were put back (their attendance must be reopened).
   */
  refresh(
    sockets: Array<{ meetingId: string; socketId: string; entry: PresenceEntry }>,
  ): Promise<Array<{ meetingId: string; userId: string }>>;
  /** Drops expired sockets in every meeting; returns the users who thereby left. */
  sweep(): Promise<ExpiredAttendee[]>;
  /** The last imaging viewport shared in a meeting, for followers who (re)join anywhere. */
  setImaging(meetingId: string, update: ImagingUpdate | null): Promise<void>;
  imaging(meetingId: string): Promise<ImagingUpdate | null>;
  close(): Promise<void>;
}

export const PRESENCE_STORE = Symbol('PresenceStore');

/** One instance, no Redis: presence lives in this process and dies with it. */
export class InMemoryPresenceStore implements PresenceStore {
  private readonly rooms = new Map<string, Map<string, PresenceEntry>>();
  private readonly viewports = new Map<string, ImagingUpdate>();

  async add(meetingId: string, socketId: string, entry: PresenceEntry): Promise<void> {
    const room = this.rooms.get(meetingId) ?? new Map<string, PresenceEntry>();
    room.set(socketId, entry);
    this.rooms.set(meetingId, room);
  }

  async remove(
    meetingId: string,
    socketId: string,
    userId: string,
  ): Promise<{ removed: boolean; userGone: boolean }> {
    const room = this.rooms.get(meetingId);
    if (!room?.delete(socketId)) return { removed: false, userGone: false };
    if (room.size === 0) {
      this.rooms.delete(meetingId);
      this.viewports.delete(meetingId);
    }
    return {
      removed: true,
      userGone: ![...room.values()].some((entry) => entry.userId === userId),
    };
  }

  async list(meetingId: string): Promise<PresenceEntry[]> {
    return [...(this.rooms.get(meetingId)?.values() ?? [])];
  }

  async refresh(): Promise<Array<{ meetingId: string; userId: string }>> {
    return [];
  }

  async sweep(): Promise<ExpiredAttendee[]> {
    return [];
  }

  async setImaging(meetingId: string, update: ImagingUpdate | null): Promise<void> {
    if (update) this.viewports.set(meetingId, update);
    else this.viewports.delete(meetingId);
  }

  async imaging(meetingId: string): Promise<ImagingUpdate | null> {
    return this.viewports.get(meetingId) ?? null;
  }

  async close(): Promise<void> {
    this.rooms.clear();
    this.viewports.clear();
  }
}
