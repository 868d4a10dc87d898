import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { BoardRole, MediaPeerStatsView } from '@app/contracts';
import { Clock, Forbidden, NotFound, Refused } from '@app/core';
import {
  IceServer,
  MediaSource,
  consumerPriority,
  iceServersFor,
  maxIncomingBitrate,
  mayProduce,
} from './domain';
import { MEDIA_CODECS, MediaPeer, MediaRoom } from './media-room';
import { MEDIA_SETTINGS, MediaSettings } from './media-settings';
import { WorkerPool } from './worker-pool';

export interface ProducerInfo {
  producerId: string;
  userId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  paused: boolean;
}

interface ProducerChange {
  meetingId: string;
  /** The producer's own socket. */
  exceptSocketId: string;
  producerId: string;
}

/**
 * What a meeting's clients must be told of its media, by event name; the
 * gateway delivers it. These are mediasoup's in-memory lifecycle (producers
 * coming and going, the active speaker, a worker's death), not domain facts:
 * nothing is stored, audited or rolled back, and clients must hear of them
 * at once. So they go through the service's own emitter, synchronously,
 * rather than the domain event bus, whose deliveries wait for a commit. The
 * service, not each room, owns it: the gateway listens once, rooms come and
 * go, and a restart is told for rooms already dropped.
 */
export interface MediaEvents {
  newProducer: [{ meetingId: string; exceptSocketId: string; producer: ProducerInfo }];
  producerClosed: [
    ProducerChange & {
      /** The consumers of it, each with the socket that receives it (they close with it). */
      consumers: Array<{ socketId: string; consumerId: string }>;
    },
  ];
  producerPaused: [ProducerChange];
  producerResumed: [ProducerChange];
  activeSpeaker: [{ meetingId: string; userId: string | null }];
  restart: [{ meetingId: string; reason: string }];
}

export interface TransportOptions {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

/**
 * A client that connected its transport (sent its DTLS parameters) but whose
 * ICE checks have not reached any announced address after this long most
 * likely cannot reach them: said in the log, instead of a silently black video.
 */
const ICE_SILENCE_WARNING_MS = 10_000;

/** One peer's media figures, as the coordinators' stats route shows them. */
export type PeerStats = MediaPeerStatsView;

/**
 * The SFU side of a meeting: a Room owns its router and peers, a Peer its
 * transports, producers and consumers. Consumers start paused and are
 * resumed when the client confirms (and paused and resumed as it shows
 * them); closing a peer or a room closes everything it owns.
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
    room.peers.get(socketId)?.close();
    room.peers.set(socketId, new MediaPeer(socketId, userId, role));
    return {
      routerRtpCapabilities: room.router.rtpCapabilities,
      iceServers: iceServersFor(this.settings, userId, this.clock.now()),
      producers: room
        .producers()
        .filter((entry) => entry.socketId !== socketId)
        .map((entry) => info(entry.producer, entry.userId, entry.source)),
    };
  }

  async createTransport(
    meetingId: string,
    socketId: string,
    direction: 'send' | 'recv',
  ): Promise<TransportOptions> {
    const { room, peer } = this.peerOf(meetingId, socketId);
    if (direction === 'send' && peer.role === BoardRole.Observer)
      throw new Forbidden('observers receive only');
    const transport = await room.router.createWebRtcTransport({
      webRtcServer: room.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { direction },
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(maxIncomingBitrate(peer.role));
    peer.transports.set(transport.id, transport);
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(
    meetingId: string,
    socketId: string,
    transportId: string,
    dtlsParameters: types.DtlsParameters,
  ): Promise<void> {
    const transport = this.transportOf(meetingId, socketId, transportId);
    await clientInput(() => transport.connect({ dtlsParameters }));
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
    const decision = mayProduce(peer.role, source, kind);
    if (!decision.ok) {
      if (decision.code === 'forbidden') throw new Forbidden(decision.message);
      throw new Refused(decision.code, decision.message);
    }
    if ([...peer.producers.values()].some((entry) => entry.source === source))
      throw new Refused('already_producing', `you already send ${source}`);
    const transport = this.transportOf(meetingId, socketId, transportId);
    if (transport.appData.direction !== 'send')
      throw new Refused('invalid_input', 'produce on a send transport');
    const producer = await clientInput(() =>
      transport.produce({ kind, rtpParameters, appData: { source } }),
    );
    peer.producers.set(producer.id, { producer, source });
    producer.observer.on('close', () => {
      peer.producers.delete(producer.id);
      // A closing room tells its clients to reconnect (or has no one left) instead.
      if (room.isClosed) return;
      this.events.emit('producerClosed', {
        meetingId,
        producerId: producer.id,
        exceptSocketId: socketId,
        consumers: room.consumersOf(producer.id),
      });
    });
    if (kind === 'audio') await room.speakers.addProducer({ producerId: producer.id });
    this.events.emit('newProducer', {
      meetingId,
      exceptSocketId: socketId,
      producer: info(producer, peer.userId, source),
    });
    return { producerId: producer.id };
  }

  async consume(
    meetingId: string,
    socketId: string,
    transportId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<{
    consumerId: string;
    producerId: string;
    kind: types.MediaKind;
    rtpParameters: types.RtpParameters;
    source: MediaSource;
  }> {
    const { room, peer } = this.peerOf(meetingId, socketId);
    const entry = room.producers().find((candidate) => candidate.producer.id === producerId);
    if (!entry) throw new NotFound('producer', producerId);
    if (!(await clientInput(async () => room.router.canConsume({ producerId, rtpCapabilities }))))
      throw new Refused('cannot_consume', 'your device cannot receive this stream');
    const transport = this.transportOf(meetingId, socketId, transportId);
    if (transport.appData.direction !== 'recv')
      throw new Refused('invalid_input', 'consume on a receive transport');
    const consumer = await transport.consume({ producerId, rtpCapabilities, paused: true });
    await consumer.setPriority(consumerPriority(entry.source));
    peer.consumers.set(consumer.id, consumer);
    consumer.observer.on('close', () => peer.consumers.delete(consumer.id));
    return {
      consumerId: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      source: entry.source,
    };
  }

  /** The server sends the caller's consumer again (or for the first time); idempotent. */
  async resumeConsumer(meetingId: string, socketId: string, consumerId: string): Promise<void> {
    await this.consumerOf(meetingId, socketId, consumerId).resume();
  }

  /** The server stops sending the caller's consumer until it is resumed; idempotent. */
  async pauseConsumer(meetingId: string, socketId: string, consumerId: string): Promise<void> {
    await this.consumerOf(meetingId, socketId, consumerId).pause();
  }

  async setPreferredLayers(
    meetingId: string,
    socketId: string,
    consumerId: string,
    layers: { spatialLayer: number; temporalLayer?: number },
  ): Promise<void> {
    await this.consumerOf(meetingId, socketId, consumerId).setPreferredLayers(layers);
  }

  /** Mute (pause), unmute (resume) or stop (close) one of the caller's own producers. */
  async controlProducer(
    meetingId: string,
    socketId: string,
    producerId: string,
    action: 'pause' | 'resume' | 'close',
  ): Promise<void> {
    const { peer } = this.peerOf(meetingId, socketId);
    const entry = peer.producers.get(producerId);
    if (!entry) throw new NotFound('producer', producerId);
    if (action === 'close') {
      entry.producer.close();
      return;
    }
    if (action === 'pause') await entry.producer.pause();
    else await entry.producer.resume();
    this.events.emit(action === 'pause' ? 'producerPaused' : 'producerResumed', {
      meetingId,
      exceptSocketId: socketId,
      producerId,
    });
  }

  /** Everything the socket owned in the meeting is closed; an empty room closes. */
  leave(meetingId: string, socketId: string): void {
    const room = this.rooms.get(meetingId);
    const peer = room?.peers.get(socketId);
    if (!room || !peer) return;
    peer.close();
    room.peers.delete(socketId);
    if (room.peers.size === 0) this.closeRoom(meetingId);
  }

  closeRoom(meetingId: string): void {
    const room = this.rooms.get(meetingId);
    if (!room) return;
    this.rooms.delete(meetingId);
    room.close();
    this.pool.release(room.workerIndex);
  }

  meetingsOf(socketId: string): string[] {
    return [...this.rooms.values()]
      .filter((room) => room.peers.has(socketId))
      .map((room) => room.meetingId);
  }

  /** Per peer: transport bitrates, and per stream bitrate, packet loss and round-trip time. */
  async stats(meetingId: string): Promise<PeerStats[]> {
    const room = this.rooms.get(meetingId);
    if (!room) return [];
    const peers: PeerStats[] = [];
    for (const peer of room.peers.values()) {
      const transports = [];
      for (const transport of peer.transports.values()) {
        const [stats] = await transport.getStats();
        transports.push({
          id: transport.id,
          direction: String(transport.appData.direction),
          recvBitrate: stats?.recvBitrate ?? 0,
          sendBitrate: stats?.sendBitrate ?? 0,
        });
      }
      const producers = [];
      for (const { producer, source } of peer.producers.values()) {
        const stats = await producer.getStats();
        producers.push({ producerId: producer.id, source, ...streamFigures(stats) });
      }
      const consumers = [];
      for (const consumer of peer.consumers.values()) {
        const stats = (await consumer.getStats()).filter((s) => s.type === 'outbound-rtp');
        consumers.push({
          consumerId: consumer.id,
          producerId: consumer.producerId,
          ...streamFigures(stats),
        });
      }
      peers.push({
        userId: peer.userId,
        socketId: peer.socketId,
        transports,
        producers,
        consumers,
      });
    }
    return peers;
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
      const router = await pooled.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
      const speakers = await router.createActiveSpeakerObserver({ interval: 300 });
      const room = new MediaRoom(meetingId, pooled.index, pooled.webRtcServer, router, speakers);
      speakers.on('dominantspeaker', ({ producer }) => {
        const speaker = room.producers().find((entry) => entry.producer.id === producer.id);
        this.events.emit('activeSpeaker', { meetingId, userId: speaker?.userId ?? null });
      });
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

  private transportOf(
    meetingId: string,
    socketId: string,
    transportId: string,
  ): types.WebRtcTransport {
    const transport = this.peerOf(meetingId, socketId).peer.transports.get(transportId);
    if (!transport) throw new NotFound('transport', transportId);
    return transport;
  }

  private consumerOf(meetingId: string, socketId: string, consumerId: string): types.Consumer {
    const consumer = this.peerOf(meetingId, socketId).peer.consumers.get(consumerId);
    if (!consumer) throw new NotFound('consumer', consumerId);
    return consumer;
  }
}

/**
 * mediasoup refuses malformed client parameters (RTP, DTLS, capabilities)
 * with a TypeError or UnsupportedError: those are the client's fault.
 */
async function clientInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError'))
      throw new Refused('invalid_input', error.message);
    throw error;
  }
}

function info(producer: types.Producer, userId: string, source: MediaSource): ProducerInfo {
  return { producerId: producer.id, userId, source, kind: producer.kind, paused: producer.paused };
}

function streamFigures(
  stats: Array<{
    bitrate: number;
    packetsLost: number;
    fractionLost: number;
    roundTripTime?: number;
  }>,
) {
  return {
    bitrate: stats.reduce((sum, s) => sum + s.bitrate, 0),
    packetsLost: stats.reduce((sum, s) => sum + s.packetsLost, 0),
    fractionLost: stats.reduce((max, s) => Math.max(max, s.fractionLost), 0),
    roundTripTime: stats.find((s) => s.roundTripTime !== undefined)?.roundTripTime ?? null,
  };
}
