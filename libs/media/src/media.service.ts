import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { BoardRole } from '@app/contracts';
import { Clock, Refused } from '@app/core';
import { IceServer, MediaSource, iceServersFor } from './domain';
import { MediaEvents, ProducerInfo } from './media-events';
import { ConsumerOptions, MediaPeer, TransportOptions } from './media-peer';
import { MediaRoom } from './media-room';
import { MEDIA_SETTINGS, MediaSettings } from './media-settings';
import { PeerStats } from './media-stats';
import { WorkerPool } from './worker-pool';

/**
 * A client that connected its transport (sent its DTLS parameters) but whose
 * ICE checks have not reached any announced address after this long most
 * likely cannot reach them: said in the log, instead of a silently black video.
 */
const ICE_SILENCE_WARNING_MS = 10_000;

/**
 * The SFU side of the meetings, as mediasoup-demo shares it out: this service
 * keeps the rooms (one per meeting, placed on the least loaded worker, dropped
 * when their worker dies) and finds the caller's room and peer; a Room
 * (media-room.ts) owns its router and peers and tells the others what a peer
 * sends; a Peer (media-peer.ts) owns its transports, producers and consumers.
 * Consumers start paused and are resumed when the client confirms (and paused
 * and resumed as it shows them); closing a peer or a room closes everything it
 * owns.
 */
@Injectable()
export class MediaService implements OnModuleDestroy {
  private readonly logger = new Logger('media');
  private readonly rooms = new Map<string, MediaRoom>();
  private readonly opening = new Map<string, Promise<MediaRoom>>();
  readonly events = new EventEmitter<MediaEvents>();

  constructor(
    private readonly pool: WorkerPool,
    @Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings,
    private readonly clock: Clock,
  ) {
    pool.onWorkerDied((index) => this.workerDied(index));
  }

  onModuleDestroy(): void {
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
  }

  async join(
    meetingId: string,
    socketId: string,
    userId: string,
    role: BoardRole,
  ): Promise<{
    routerRtpCapabilities: types.RtpCapabilities;
    iceServers: IceServer[];
    producers: ProducerInfo[];
  }> {
    const room = await this.roomOf(meetingId);
    const { routerRtpCapabilities, producers } = room.join(socketId, userId, role);
    return {
      routerRtpCapabilities,
      iceServers: iceServersFor(this.settings, userId, this.clock.now()),
      producers,
    };
  }

  async createTransport(
    meetingId: string,
    socketId: string,
    direction: 'send' | 'recv',
  ): Promise<TransportOptions> {
    const { room, peer } = this.peerOf(meetingId, socketId);
    return room.createTransport(peer, direction);
  }

  async connectTransport(
    meetingId: string,
    socketId: string,
    transportId: string,
    dtlsParameters: types.DtlsParameters,
  ): Promise<void> {
    const { peer } = this.peerOf(meetingId, socketId);
    const transport = await peer.connectTransport(transportId, dtlsParameters);
    const silence = setTimeout(() => {
      if (transport.closed || ['connected', 'completed'].includes(transport.iceState)) return;
      this.logger.warn(
        {
          meetingId,
          transportId,
          iceState: transport.iceState,
          announced: this.pool.addressing.announced,
        },
        'a client connected its media transport but no ICE check reached the announced addresses: ' +
          'can clients reach them? (MEDIASOUP_ANNOUNCED_ADDRESS, firewall, TURN)',
      );
    }, ICE_SILENCE_WARNING_MS);
    silence.unref();
    transport.observer.once('close', () => clearTimeout(silence));
  }

  async produce(
    meetingId: string,
    socketId: string,
    transportId: string,
    kind: types.MediaKind,
    rtpParameters: types.RtpParameters,
    source: MediaSource,
  ): Promise<{ producerId: string }> {
    const { room, peer } = this.peerOf(meetingId, socketId);
    return room.produce(peer, transportId, kind, rtpParameters, source);
  }

  async consume(
    meetingId: string,
    socketId: string,
    transportId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<ConsumerOptions> {
    const { room, peer } = this.peerOf(meetingId, socketId);
    return room.consume(peer, transportId, producerId, rtpCapabilities);
  }

  /** The server sends the caller's consumer again (or for the first time); idempotent. */
  async resumeConsumer(meetingId: string, socketId: string, consumerId: string): Promise<void> {
    await this.peerOf(meetingId, socketId).peer.consumer(consumerId).resume();
  }

  /** The server stops sending the caller's consumer until it is resumed; idempotent. */
  async pauseConsumer(meetingId: string, socketId: string, consumerId: string): Promise<void> {
    await this.peerOf(meetingId, socketId).peer.consumer(consumerId).pause();
  }

  async setPreferredLayers(
    meetingId: string,
    socketId: string,
    consumerId: string,
    layers: { spatialLayer: number; temporalLayer?: number },
  ): Promise<void> {
    await this.peerOf(meetingId, socketId).peer.consumer(consumerId).setPreferredLayers(layers);
  }

  /** Mute (pause), unmute (resume) or stop (close) one of the caller's own producers. */
  async controlProducer(
    meetingId: string,
    socketId: string,
    producerId: string,
    action: 'pause' | 'resume' | 'close',
  ): Promise<void> {
    const { room, peer } = this.peerOf(meetingId, socketId);
    await room.controlProducer(peer, producerId, action);
  }

  /** Everything the socket owned in the meeting is closed; an empty room closes. */
  leave(meetingId: string, socketId: string): void {
    if (this.rooms.get(meetingId)?.leave(socketId)) this.closeRoom(meetingId);
  }

  closeRoom(meetingId: string): void {
    const room = this.rooms.get(meetingId);
    if (!room) return;
    this.rooms.delete(meetingId);
    room.close();
    this.pool.release(room.workerIndex);
  }

  /** The meetings whose media room is open here. */
  meetingIds(): string[] {
    return [...this.rooms.keys()];
  }

  /** The sockets with a peer in the meeting's room here. */
  socketsIn(meetingId: string): string[] {
    return [...(this.rooms.get(meetingId)?.peers.keys() ?? [])];
  }

  /** Tells these sockets to connect the meeting's video again (their media is gone). */
  restart(meetingId: string, reason: string, socketIds: string[]): void {
    if (socketIds.length > 0) this.events.emit('restart', { meetingId, reason, socketIds });
  }

  /** Per peer: transport bitrates, and per stream bitrate, packet loss and round-trip time. */
  async stats(meetingId: string): Promise<PeerStats[]> {
    return (await this.rooms.get(meetingId)?.stats()) ?? [];
  }

  private async roomOf(meetingId: string): Promise<MediaRoom> {
    const existing = this.rooms.get(meetingId);
    if (existing && !existing.isClosed) return existing;
    let opening = this.opening.get(meetingId);
    if (!opening) {
      opening = this.openRoom(meetingId).finally(() => this.opening.delete(meetingId));
      this.opening.set(meetingId, opening);
    }
    return opening;
  }

  private async openRoom(meetingId: string): Promise<MediaRoom> {
    const pooled = this.pool.leastLoaded();
    try {
      const room = await MediaRoom.open(meetingId, pooled, this.events);
      this.rooms.set(meetingId, room);
      return room;
    } catch (error) {
      this.pool.release(pooled.index);
      throw error;
    }
  }

  private workerDied(index: number): void {
    for (const room of [...this.rooms.values()]) {
      if (room.workerIndex !== index) continue;
      this.rooms.delete(room.meetingId);
      room.close();
      this.events.emit('restart', { meetingId: room.meetingId, reason: 'media server restarted' });
    }
  }

  private peerOf(meetingId: string, socketId: string): { room: MediaRoom; peer: MediaPeer } {
    const room = this.rooms.get(meetingId);
    const peer = room?.peers.get(socketId);
    if (!room || !peer) throw new Refused('not_joined', 'join the meeting’s media first');
    return { room, peer };
  }
}
