import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Namespace, Socket } from 'socket.io';
import { Ack, ClientToServerEvents, MeetingStateView, ServerToClientEvents } from '@app/contracts';
import { AuthService, AuthenticatedUser } from '@app/auth';
import { DomainError } from '@app/core';
import { RoomCommand } from './domain';
import { JoinMeetingDto, MeetingCommandDto } from './dto/live.dto';
import { LiveService, RoomCommandRefused } from './live.service';

type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { user: AuthenticatedUser }
>;

const room = (meetingId: string) => `meeting:${meetingId}`;

/**
 * The live meeting room over socket.io (namespace /meetings, WebSocket only).
 * The access token is checked in the handshake before anything else; every
 * command is validated and answered through its acknowledgement as
 * `{ ok: true, … }` or `{ ok: false, error: { code, message } }`.
 */
@WebSocketGateway({
  namespace: '/meetings',
  transports: ['websocket'],
  maxHttpBufferSize: 64 * 1024,
  // The HTTP server also upgrades /collab (shared notes): never destroy upgrades engine.io does not own.
  destroyUpgrade: false,
  connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
})
export class LiveGateway implements OnGatewayInit, OnGatewayDisconnect {
  private readonly logger = new Logger('live');

  @WebSocketServer()
  private readonly namespace!: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly auth: AuthService,
    private readonly live: LiveService,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        next(new Error('unauthenticated: pass auth: { token }'));
        return;
      }
      this.auth.authenticate(token).then(
        (user) => {
          (socket as LiveSocket).data.user = user;
          next();
        },
        () => next(new Error('unauthenticated: invalid or expired token')),
      );
    });
  }

  async handleDisconnect(socket: LiveSocket): Promise<void> {
    const user = socket.data.user;
    if (!user) return;
    for (const meetingId of this.live.meetingsOf(socket.id)) {
      const state = await this.live.leave(user.id, meetingId, socket.id).catch((error: unknown) => {
        this.logger.error({ err: error }, 'leave on disconnect failed');
        return null;
      });
      if (state) this.namespace.to(room(meetingId)).emit('meeting:state', state);
    }
  }

  @SubscribeMessage('meeting:join')
  join(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ state: MeetingStateView }>> {
    return respond(JoinMeetingDto, body, async ({ meetingId }) => {
      const state = await this.live.join(socket.data.user, meetingId, socket.id);
      await socket.join(room(meetingId));
      socket.to(room(meetingId)).emit('meeting:state', state);
      return { state };
    });
  }

  @SubscribeMessage('meeting:leave')
  leave(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    return respond(JoinMeetingDto, body, async ({ meetingId }) => {
      const state = await this.live.leave(socket.data.user.id, meetingId, socket.id);
      await socket.leave(room(meetingId));
      if (state) this.namespace.to(room(meetingId)).emit('meeting:state', state);
      return {};
    });
  }

  @SubscribeMessage('meeting:command')
  command(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<{ state: MeetingStateView }>> {
    return respond(MeetingCommandDto, body, async (dto) => {
      if (!this.live.isPresent(dto.meetingId, socket.id)) {
        throw new RoomCommandRefused('not_joined', 'join the meeting first');
      }
      const state = await this.live.command(
        socket.data.user,
        dto.meetingId,
        toCommand(dto, socket.data.user.id),
      );
      socket.to(room(dto.meetingId)).emit('meeting:state', state);
      return { state };
    });
  }
}

function toCommand(dto: MeetingCommandDto, self: string): RoomCommand {
  switch (dto.command) {
    case 'focus':
      if (!dto.itemId) throw new RoomCommandRefused('invalid_input', 'focus needs itemId');
      return { type: 'focus', itemId: dto.itemId };
    case 'raise_hand':
    case 'lower_hand':
      return { type: dto.command, userId: self };
    case 'give_floor':
      if (!dto.userId) throw new RoomCommandRefused('invalid_input', 'give_floor needs userId');
      return { type: 'give_floor', userId: dto.userId };
    default:
      return { type: dto.command };
  }
}

/** Validates the payload into its DTO, runs the handler, and maps every outcome to an acknowledgement. */
async function respond<D extends object, R extends object>(
  dtoClass: new () => D,
  body: unknown,
  handler: (dto: D) => Promise<R>,
): Promise<Ack<R>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: { code: 'invalid_input', message: 'payload must be an object' } };
  }
  const dto = plainToInstance(dtoClass, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const message = errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ');
    return { ok: false, error: { code: 'invalid_input', message } };
  }
  try {
    return { ok: true, ...(await handler(dto)) };
  } catch (error) {
    if (error instanceof DomainError)
      return { ok: false, error: { code: error.code, message: error.message } };
    return { ok: false, error: { code: 'internal', message: 'internal error' } };
  }
}
