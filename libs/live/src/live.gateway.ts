import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import {
  Ack,
  ClientToServerEvents,
  ImagingUpdate,
  MeetingStateView,
  ServerToClientEvents,
} from '@app/contracts';
import { Clock, DomainEventBus, NotFound, Refused } from '@app/core';
import { AuthService, SessionTracker } from '@app/auth';
import { MeetingMedia } from '@app/media';
import { DatabaseUnavailable, isDatabaseUnreachable } from '@app/persistence';
import { LatestWins, withPresent } from './domain';
import { LIVE_SETTINGS, LiveSettings } from './live-settings';
import { RoomBroadcaster } from './room-broadcaster';
import {
  LiveSocket,
  MEETINGS_NAMESPACE,
  SocketRateLimiter,
  meetingRoom,
  monotonicMs,
  rateLimited,
  respond,
  sessionEnded,
} from './socket-ack';
import {
  FollowImagingDto,
  JoinMeetingDto,
  MeetingCommandDto,
  ShareImagingDto,
  StopImagingDto,
} from './dto/live.dto';
import { PresenceService, ROOM_EVENTS } from './presence/presence.service';
import { RoomRequest, RoomService } from './room.service';

const room = meetingRoom;
const imagingRoom = (meetingId: string) => `imaging:${meetingId}`;
const MEETING_ROOM_PREFIX = meetingRoom('');

export interface LiveStatus {
  /** Sockets connected to this instance's /meetings namespace. */
  connections: number;
  /** Meetings with at least one of those sockets in their room. */
  meetingRooms: number;
}

/** Followers receive at most 30 viewport states a second, the latest winning. */
const IMAGING_INTERVAL_MS = 1000 / 30;
const MAX_VIEWPORT_BYTES = 16 * 1024;
const PRESENCE_BROADCAST_MS = 100;

const IMAGING_ROLES = new Set(['presenter', 'chair', 'coordinator']);

/** What instances tell each other: a meeting's room changed, each broadcasts to its own sockets. */
interface InstanceEvents {
  'meeting:changed': (meetingId: string) => void;
}

/**
 * The live meeting room over socket.io (namespace /meetings, WebSocket only).
 * The access token is checked in the handshake before anything else; every
 * command is validated and answered through its acknowledgement as
 * `{ ok: true, … }` or `{ ok: false, error: { code, message } }`. Votes
 * (VoteGateway) and media signalling (MediaGateway) share the namespace.
 */
@WebSocketGateway(MEETINGS_NAMESPACE)
export class LiveGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly logger = new Logger('live');
  private readonly imaging = new Map<string, LatestWins<ImagingUpdate>>();
  private readonly announcing = new Map<string, NodeJS.Timeout>();
  /** Set once the module is being destroyed: from then on, no presence broadcast is scheduled. */
  private stopped = false;
  /** Per socket: unties it from its session when it disconnects. */
  private readonly unwatch = new Map<string, () => void>();
  /** Unsubscribes from the event bus's room topic. */
  private unsubscribe: (() => void) | null = null;
  private readonly broadcaster = new RoomBroadcaster({
    snapshot: (meetingId) => this.rooms.snapshot(meetingId),
    emit: (delta, except) =>
      this.namespace.local.to(room(delta.meetingId)).except(except).emit('meeting:delta', delta),
    emitTo: (socketId, delta) => this.namespace.local.to(socketId).emit('meeting:delta', delta),
  });

  @WebSocketServer()
  private readonly namespace!: Namespace<
    ClientToServerEvents,
    ServerToClientEvents,
    InstanceEvents
  >;

  constructor(
    private readonly auth: AuthService,
    private readonly rooms: RoomService,
    private readonly presence: PresenceService,
    private readonly limiter: SocketRateLimiter,
    private readonly media: MeetingMedia,
    private readonly sessions: SessionTracker,
    private readonly events: DomainEventBus,
    private readonly clock: Clock,
    @Inject(LIVE_SETTINGS) private readonly settings: LiveSettings,
  ) {}

  /** This instance's sockets on the namespace, and the meetings at least one of them has joined. */
  status(): LiveStatus {
    if (!this.namespace) return { connections: 0, meetingRooms: 0 };
    let meetingRooms = 0;
    for (const name of this.namespace.adapter.rooms.keys())
      if (name.startsWith(MEETING_ROOM_PREFIX)) meetingRooms += 1;
    return { connections: this.namespace.sockets.size, meetingRooms };
  }

  afterInit(
    namespace: Namespace<ClientToServerEvents, ServerToClientEvents, InstanceEvents>,
  ): void {
    namespace.on('meeting:changed', (meetingId) => {
      if (this.hasLocalMembers(meetingId)) this.refresh(meetingId);
    });
    this.unsubscribe = this.events.subscribeTo(ROOM_EVENTS, (event) => {
      if (event.type === 'presence_changed') this.announce(event.meetingId);
      // Another case on screen (or none): the imaging shared of the last one is not followed on.
      else
        void this.endImagingShare(event.meetingId, null).catch((error: unknown) =>
          this.logger.error(
            { err: error, meetingId: event.meetingId },
            'ending the imaging share failed',
          ),
        );
    });
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        next(new Error('unauthenticated: pass auth: { token }'));
        return;
      }
      this.auth.authenticateConnection(token).then(
        (user) => {
          const live = socket as LiveSocket;
          live.data.user = user;
          // Every message, on every gateway of the namespace, passes here first: once the
          // session has ended, nothing more is handled (a command racing the close included).
          live.use((packet, proceed) => {
            if (this.sessions.isLive(live.data.user)) return proceed();
            const ack: unknown = packet[packet.length - 1];
            if (typeof ack === 'function') ack(sessionEnded);
          });
          next();
        },
        (error: unknown) =>
          next(
            new Error(
              isDatabaseUnreachable(error)
                ? `unavailable: ${new DatabaseUnavailable().message}`
                : 'unauthenticated: invalid or expired token',
            ),
          ),
      );
    });
  }

  /**
   * A socket whose connection state was recovered is back in its rooms with
   * everything it missed; it is also present again, and gets a fresh snapshot
   * (the room may have changed beyond what the missed events tell).
   */
  async handleConnection(socket: LiveSocket): Promise<void> {
    // The socket lives no longer than its session: told why, then disconnected (within the
    // event's delivery on every instance, or at the session's deadline).
    const unwatch = this.sessions.watch(socket.data.user, (reason) => {
      // Written to this socket at once (a plain emit would make a round trip through the Redis
      // adapter, for recovery, and arrive after the disconnect); nothing to recover: it is final.
      this.namespace.local.to(socket.id).emit('session:ended', { reason });
      socket.disconnect();
    });
    if (socket.disconnected) {
      unwatch();
      return;
    }
    this.unwatch.set(socket.id, unwatch);
    if (!socket.recovered) return;
    const meetingIds = [...socket.rooms]
      .filter((name) => name.startsWith('meeting:'))
      .map((name) => name.slice('meeting:'.length));
    for (const meetingId of meetingIds) {
      try {
        socket.emit('meeting:state', await this.enter(socket, meetingId));
      } catch (error) {
        this.logger.warn({ err: error, meetingId }, 'rejoin after recovery refused');
        await socket.leave(room(meetingId));
        await socket.leave(imagingRoom(meetingId));
      }
    }
  }

  async handleDisconnect(socket: LiveSocket): Promise<void> {
    this.limiter.forget(socket.id);
    this.unwatch.get(socket.id)?.();
    this.unwatch.delete(socket.id);
    const user = socket.data.user;
    if (!user) return;
    for (const meetingId of this.presence.meetingsOf(socket.id)) {
      const left = await this.rooms.leave(user.id, meetingId, socket.id).catch((error: unknown) => {
        this.logger.error({ err: error }, 'leave on disconnect failed');
        return false;
      });
      if (left) this.announce(meetingId);
    }
  }

  @SubscribeMessage('meeting:join')
  async join(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ state: MeetingStateView }>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(JoinMeetingDto, body, async ({ meetingId }) => {
      const state = await this.enter(socket, meetingId);
      return { state };
    });
  }

  @SubscribeMessage('meeting:leave')
  async leave(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(JoinMeetingDto, body, async ({ meetingId }) => {
      const left = await this.rooms.leave(socket.data.user.id, meetingId, socket.id);
      await socket.leave(room(meetingId));
      await socket.leave(imagingRoom(meetingId));
      await this.media.leave(meetingId, socket.id);
      if (left) this.announce(meetingId);
      return {};
    });
  }

  @SubscribeMessage('meeting:command')
  async command(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ state: MeetingStateView }>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MeetingCommandDto, body, async (dto) => {
      if (!this.presence.isPresent(dto.meetingId, socket.id)) {
        throw new Refused('not_joined', 'join the meeting first');
      }
      const state = await this.broadcaster.publish(
        dto.meetingId,
        await this.rooms.command(
          socket.data.user,
          dto.meetingId,
          toCommand(dto, socket.data.user.id),
        ),
      );
      this.tellInstances(dto.meetingId);
      if (state.status === 'ended') await this.media.closeRoom(dto.meetingId);
      return { state };
    });
  }

  /** The presenter (or chair, or a coordinator) shares the imaging viewport; followers get the latest, ≤ 30/s. */
  @SubscribeMessage('imaging:share')
  async share(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(ShareImagingDto, body, async ({ meetingId, viewport }) => {
      // Measured once validated: only then is the payload known to be shallow enough to serialise.
      if (Buffer.byteLength(JSON.stringify(body)) > MAX_VIEWPORT_BYTES)
        throw new Refused('too_large', `viewport state over ${MAX_VIEWPORT_BYTES} bytes`);
      const role = this.presence.roleOf(meetingId, socket.id);
      if (role === null) throw new Refused('not_joined', 'join the meeting first');
      if (!IMAGING_ROLES.has(role))
        throw new Refused('forbidden', 'only the presenter or the chair shares imaging');
      const update: ImagingUpdate = {
        meetingId,
        from: socket.data.user.id,
        viewport,
        sentAt: this.clock.now().toISOString(),
      };
      this.imagingOf(meetingId).push(update);
      await this.presence.shareImaging(meetingId, update);
      return {};
    });
  }

  /** The sharer, the chair or a coordinator ends the share; everyone in the room is told. */
  @SubscribeMessage('imaging:stop')
  async stopSharing(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(StopImagingDto, body, async ({ meetingId }) => {
      const role = this.presence.roleOf(meetingId, socket.id);
      if (role === null) throw new Refused('not_joined', 'join the meeting first');
      if (!IMAGING_ROLES.has(role))
        throw new Refused('forbidden', 'only the presenter or the chair stops sharing imaging');
      await this.endImagingShare(meetingId, socket.data.user.id);
      return {};
    });
  }

  /** Detach from (follow: false) or re-follow (follow: true) the shared imaging; re-following returns the latest state. */
  @SubscribeMessage('imaging:follow')
  async follow(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ latest: ImagingUpdate | null }>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(FollowImagingDto, body, async ({ meetingId, follow }) => {
      if (!this.presence.isPresent(meetingId, socket.id))
        throw new Refused('not_joined', 'join the meeting first');
      if (follow) await socket.join(imagingRoom(meetingId));
      else await socket.leave(imagingRoom(meetingId));
      return { latest: follow ? await this.presence.latestImaging(meetingId) : null };
    });
  }

  /**
   * A socket joins the room: present, in the room's channels, and answered with the room as last
   * broadcast here with who is present now and its timers as they read now; the broadcast that
   * tells everyone else follows within PRESENCE_BROADCAST_MS. The first socket here reads the
   * room afresh. Its attendance is written meanwhile, and the answer waits for it; a join that
   * fails leaves nothing behind.
   */
  private async enter(socket: LiveSocket, meetingId: string): Promise<MeetingStateView> {
    const userId = socket.data.user.id;
    const policy = await this.rooms.join(socket.data.user, meetingId, socket.id);
    try {
      await socket.join([room(meetingId), imagingRoom(meetingId)]);
      this.announce(meetingId);
      const [present] = await Promise.all([
        this.presence.people(meetingId),
        this.rooms.arrive(meetingId, userId),
      ]);
      const state = await this.broadcaster.admit(meetingId, socket.id, async (last) => {
        // A running timer has moved on since the last broadcast; a paused one has not.
        const timers = last.timers.some((timer) => timer.running)
          ? await this.rooms.timers(meetingId, last.version)
          : null;
        return withPresent(timers ? { ...last, timers } : last, present, policy);
      });
      if (!state) throw new NotFound('meeting not found');
      return state;
    } catch (error) {
      await this.rooms.leave(userId, meetingId, socket.id).catch((undo: unknown) => {
        this.logger.error({ err: undo, meetingId }, 'undoing a failed join failed');
      });
      await socket.leave(room(meetingId));
      await socket.leave(imagingRoom(meetingId));
      this.announce(meetingId);
      throw error;
    }
  }

  /**
   * Presence changes reach the room at most every PRESENCE_BROADCAST_MS per meeting, read when
   * sent: a burst of joins (everyone arriving at 8:00) costs a few deltas, not one per arrival.
   * Commands are broadcast at once, with their own state.
   */
  private announce(meetingId: string): void {
    // Shutting down: the sockets the server's close disconnects are not announced to instances
    // (nor through a Redis connection) that may already be closed.
    if (this.stopped || this.announcing.has(meetingId)) return;
    const timer = setTimeout(() => {
      this.announcing.delete(meetingId);
      this.tellInstances(meetingId);
      if (!this.hasLocalMembers(meetingId)) {
        this.broadcaster.forget(meetingId);
        this.dropImaging(meetingId);
        return;
      }
      this.refresh(meetingId);
    }, PRESENCE_BROADCAST_MS);
    this.announcing.set(meetingId, timer);
  }

  /** Broadcasts what changed in a room to this instance's sockets in it. */
  private refresh(meetingId: string): void {
    this.broadcaster.refresh(meetingId).then(
      (state) => {
        if (state?.presence.length === 0) this.dropImaging(meetingId);
      },
      (error: unknown) => this.logger.error({ err: error, meetingId }, 'room broadcast failed'),
    );
  }

  /** The other instances broadcast the room's change to their own sockets. */
  private tellInstances(meetingId: string): void {
    if (this.settings.shared) this.namespace.serverSideEmit('meeting:changed', meetingId);
  }

  private hasLocalMembers(meetingId: string): boolean {
    return (this.namespace.adapter.rooms.get(room(meetingId))?.size ?? 0) > 0;
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of this.announcing.values()) clearTimeout(timer);
    this.announcing.clear();
    for (const meetingId of [...this.imaging.keys()]) this.dropImaging(meetingId);
  }

  /** This instance's outlet for a meeting's imaging: the latest viewport, at most 30 a second. */
  private imagingOf(meetingId: string): LatestWins<ImagingUpdate> {
    let stream = this.imaging.get(meetingId);
    if (!stream) {
      stream = new LatestWins<ImagingUpdate>(
        IMAGING_INTERVAL_MS,
        (update) =>
          this.namespace.to(imagingRoom(meetingId)).volatile.emit('imaging:viewport', update),
        monotonicMs,
      );
      this.imaging.set(meetingId, stream);
    }
    return stream;
  }

  /** Ends a meeting's imaging share, if there is one: nothing more is relayed, and the room is told. */
  private async endImagingShare(meetingId: string, by: string | null): Promise<void> {
    this.dropImaging(meetingId);
    if ((await this.presence.latestImaging(meetingId)) === null) return;
    await this.presence.shareImaging(meetingId, null);
    this.namespace
      .to(room(meetingId))
      .emit('imaging:stopped', { meetingId, by, sentAt: this.clock.now().toISOString() });
  }

  private dropImaging(meetingId: string): void {
    this.imaging.get(meetingId)?.stop();
    this.imaging.delete(meetingId);
  }
}

function toCommand(dto: MeetingCommandDto, self: string): RoomRequest {
  switch (dto.command) {
    case 'mark_discussed':
      return { type: 'mark_discussed', itemId: dto.itemId ?? null };
    case 'defer':
      return { type: 'defer', itemId: dto.itemId ?? null, reason: dto.reason ?? null };
    case 'end':
      if (!dto.undiscussed) return { type: 'end', undiscussed: null };
      if (!dto.reason)
        throw new Refused(
          'invalid_input',
          'undiscussed needs a reason: why the cases were not discussed',
        );
      return { type: 'end', undiscussed: { choice: dto.undiscussed, reason: dto.reason } };
    case 'focus':
      if (!dto.itemId) throw new Refused('invalid_input', 'focus needs itemId');
      return { type: 'focus', itemId: dto.itemId };
    case 'raise_hand':
    case 'lower_hand':
      return { type: dto.command, userId: self };
    case 'give_floor':
      if (!dto.userId) throw new Refused('invalid_input', 'give_floor needs userId');
      return { type: 'give_floor', userId: dto.userId };
    default:
      return { type: dto.command };
  }
}
