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
import type { Namespace } from 'socket.io';
import type { types } from 'mediasoup';
import { Ack, ClientToServerEvents, ServerToClientEvents } from '@app/contracts';
import { Refused } from '@app/core';
import { MediaService, MeetingMedia } from '@app/media';
import {
  MediaConnectDto,
  MediaConsumeDto,
  MediaConsumerDto,
  MediaJoinDto,
  MediaLayersDto,
  MediaProduceDto,
  MediaProducerDto,
  MediaTransportDto,
  produceSource,
} from './dto/media.dto';
import { PresenceService } from './presence/presence.service';
import {
  LiveSocket,
  MEETINGS_NAMESPACE,
  SocketRateLimiter,
  meetingRoom,
  rateLimited,
  respond,
} from './socket-ack';

type AckOf<E extends keyof ClientToServerEvents> = Parameters<
  Parameters<ClientToServerEvents[E]>[1]
>[0];

/**
 * Video signalling on the /meetings namespace (the handshake authentication
 * of the live room applies): only members present in the meeting take part,
 * with the role they joined with; the SFU model lives in `@app/media`.
 */
@WebSocketGateway(MEETINGS_NAMESPACE)
export class MediaGateway implements OnGatewayInit, OnGatewayDisconnect {
  private readonly logger = new Logger('media');

  @WebSocketServer()
  private readonly namespace!: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly media: MeetingMedia,
    private readonly sfu: MediaService,
    private readonly presence: PresenceService,
    private readonly limiter: SocketRateLimiter,
  ) {}

  afterInit(): void {
    const media = this.sfu.events;
    media.on('newProducer', (event) =>
      this.namespace
        .to(meetingRoom(event.meetingId))
        .except(event.exceptSocketId)
        .emit('media:newProducer', event.producer),
    );
    media.on('producerPaused', (event) =>
      this.namespace
        .to(meetingRoom(event.meetingId))
        .except(event.exceptSocketId)
        .emit('media:producerPaused', { producerId: event.producerId }),
    );
    media.on('producerResumed', (event) =>
      this.namespace
        .to(meetingRoom(event.meetingId))
        .except(event.exceptSocketId)
        .emit('media:producerResumed', { producerId: event.producerId }),
    );
    media.on('producerClosed', (event) => {
      // Everyone in the meeting forgets it; a socket receiving it also learns which consumer closed.
      const receivers = event.consumers.map((consumer) => consumer.socketId);
      this.namespace
        .to(meetingRoom(event.meetingId))
        .except([event.exceptSocketId, ...receivers])
        .emit('media:producerClosed', { producerId: event.producerId, consumerId: null });
      for (const { socketId, consumerId } of event.consumers)
        this.namespace
          .to(socketId)
          .emit('media:producerClosed', { producerId: event.producerId, consumerId });
    });
    media.on('activeSpeaker', (event) =>
      this.namespace
        .to(meetingRoom(event.meetingId))
        .emit('media:activeSpeaker', { meetingId: event.meetingId, userId: event.userId }),
    );
    media.on('restart', (event) => {
      this.logger.warn({ meetingId: event.meetingId }, 'media restarted for a meeting');
      this.namespace
        .to(event.socketIds ?? meetingRoom(event.meetingId))
        .emit('media:restart', { meetingId: event.meetingId, reason: event.reason });
    });
  }

  handleDisconnect(socket: LiveSocket): void {
    void this.media
      .disconnected(socket.id)
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'closing a disconnected socket’s media failed'),
      );
  }

  @SubscribeMessage('media:join')
  async join(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<AckOf<'media:join'>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaJoinDto, body, async ({ meetingId }) => {
      const role = this.presentRole(meetingId, socket);
      return this.media.join(meetingId, socket.id, socket.data.user.id, role);
    });
  }

  @SubscribeMessage('media:transport')
  async transport(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<AckOf<'media:transport'>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaTransportDto, body, async ({ meetingId, direction }) => ({
      transport: await this.media.createTransport(meetingId, socket.id, direction),
    }));
  }

  @SubscribeMessage('media:connect')
  async connect(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaConnectDto, body, async ({ meetingId, transportId, dtlsParameters }) => {
      await this.media.connectTransport(
        meetingId,
        socket.id,
        transportId,
        dtlsParameters as unknown as types.DtlsParameters,
      );
      return {};
    });
  }

  @SubscribeMessage('media:produce')
  async produce(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<AckOf<'media:produce'>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaProduceDto, body, async (dto) => {
      const { producerId } = await this.media.produce(
        dto.meetingId,
        socket.id,
        dto.transportId,
        dto.kind,
        dto.rtpParameters as unknown as types.RtpParameters,
        produceSource(dto),
      );
      // `id` is what mediasoup-client's produce callback takes: `callback(ack)` just works.
      return { producerId, id: producerId };
    });
  }

  @SubscribeMessage('media:consume')
  async consume(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<AckOf<'media:consume'>> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaConsumeDto, body, async (dto) => {
      const consumer = await this.media.consume(
        dto.meetingId,
        socket.id,
        dto.transportId,
        dto.producerId,
        dto.rtpCapabilities as unknown as types.RtpCapabilities,
      );
      // Also in the shape of mediasoup-client's `transport.consume(options)`: `id` and `appData`.
      return {
        consumer: { ...consumer, id: consumer.consumerId, appData: { source: consumer.source } },
      };
    });
  }

  @SubscribeMessage('media:resume')
  async resume(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaConsumerDto, body, async ({ meetingId, consumerId }) => {
      await this.media.controlConsumer(meetingId, socket.id, consumerId, 'resume');
      return {};
    });
  }

  @SubscribeMessage('media:pause')
  async pause(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaConsumerDto, body, async ({ meetingId, consumerId }) => {
      await this.media.controlConsumer(meetingId, socket.id, consumerId, 'pause');
      return {};
    });
  }

  @SubscribeMessage('media:layers')
  async layers(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(
      MediaLayersDto,
      body,
      async ({ meetingId, consumerId, spatialLayer, temporalLayer }) => {
        await this.media.setPreferredLayers(meetingId, socket.id, consumerId, {
          spatialLayer,
          ...(temporalLayer === undefined ? {} : { temporalLayer }),
        });
        return {};
      },
    );
  }

  @SubscribeMessage('media:producer')
  async producer(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaProducerDto, body, async ({ meetingId, producerId, action }) => {
      await this.media.controlProducer(meetingId, socket.id, producerId, action);
      return {};
    });
  }

  @SubscribeMessage('media:leave')
  async leave(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<Ack> {
    if (!this.limiter.allow(socket)) return rateLimited;
    return respond(MediaJoinDto, body, async ({ meetingId }) => {
      await this.media.leave(meetingId, socket.id);
      return {};
    });
  }

  private presentRole(meetingId: string, socket: LiveSocket) {
    const role = this.presence.roleOf(meetingId, socket.id);
    if (role === null) throw new Refused('not_joined', 'join the meeting first');
    return role;
  }
}
