import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { BoardRole } from '@app/contracts';
import { NotFound, Refused } from '@app/core';
import { clientInput } from './client-input';
import { MediaSource } from './domain';
import { MediaEvents, ProducerInfo, producerInfo } from './media-events';
import { ConsumerOptions, MediaPeer, ProducerEntry, TransportOptions } from './media-peer';
import { PeerStats, peerStats } from './media-stats';
import type { PooledWorker } from './worker-pool';

/** Audio and video codecs every client can send: Opus, VP8 (simulcast), H.264 baseline for Safari. */
export const MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: {} },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
    },
  },
];

/**
 * A meeting's media: one router on one worker, an active speaker observer, the peers. It tells
 * the meeting's clients, through the media service's emitter, what its peers send.
 */
export class MediaRoom {
  readonly peers = new Map<string, MediaPeer>();
  private closed = false;

  constructor(
    readonly meetingId: string,
    readonly workerIndex: number,
    readonly webRtcServer: types.WebRtcServer,
    readonly router: types.Router,
    readonly speakers: types.ActiveSpeakerObserver,
    private readonly events: EventEmitter<MediaEvents>,
  ) {}

  /** A room on the pooled worker: its router, and the observer that names the active speaker. */
  static async open(
    meetingId: string,
    pooled: PooledWorker,
    events: EventEmitter<MediaEvents>,
  ): Promise<MediaRoom> {
    const router = await pooled.worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const speakers = await router.createActiveSpeakerObserver({ interval: 300 });
    const room = new MediaRoom(
      meetingId,
      pooled.index,
      pooled.webRtcServer,
      router,
      speakers,
      events,
    );
    speakers.on('dominantspeaker', ({ producer }) => {
      const speaker = room.producers().find((entry) => entry.producer.id === producer.id);
      events.emit('activeSpeaker', { meetingId, userId: speaker?.userId ?? null });
    });
    return room;
  }

  get isClosed(): boolean {
    return this.closed || this.router.closed;
  }

  /** The socket's new peer (replacing one it had), with what the others send. */
  join(
    socketId: string,
    userId: string,
    role: BoardRole,
  ): { routerRtpCapabilities: types.RtpCapabilities; producers: ProducerInfo[] } {
    this.peers.get(socketId)?.close();
    this.peers.set(socketId, new MediaPeer(socketId, userId, role));
    return {
      routerRtpCapabilities: this.router.rtpCapabilities,
      producers: this.producers()
        .filter((entry) => entry.socketId !== socketId)
        .map((entry) => producerInfo(entry.producer, entry.userId, entry.source)),
    };
  }

  async createTransport(peer: MediaPeer, direction: 'send' | 'recv'): Promise<TransportOptions> {
    return peer.createTransport(this.router, this.webRtcServer, direction);
  }

  /** The peer sends a stream: the others are told of it, and of its end. */
  async produce(
    peer: MediaPeer,
    transportId: string,
    kind: types.MediaKind,
    rtpParameters: types.RtpParameters,
    source: MediaSource,
  ): Promise<{ producerId: string }> {
    const producer = await peer.produce(transportId, kind, rtpParameters, source);
    producer.observer.on('close', () => {
      // A closing room tells its clients to reconnect (or has no one left) instead.
      if (this.isClosed) return;
      this.events.emit('producerClosed', {
        meetingId: this.meetingId,
        producerId: producer.id,
        exceptSocketId: peer.socketId,
        consumers: this.consumersOf(producer.id),
      });
    });
    if (kind === 'audio') await this.speakers.addProducer({ producerId: producer.id });
    this.events.emit('newProducer', {
      meetingId: this.meetingId,
      exceptSocketId: peer.socketId,
      producer: producerInfo(producer, peer.userId, source),
    });
    return { producerId: producer.id };
  }

  /** The peer receives another's stream, if its device can. */
  async consume(
    peer: MediaPeer,
    transportId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<ConsumerOptions> {
    const entry = this.producers().find((candidate) => candidate.producer.id === producerId);
    if (!entry) throw new NotFound('producer', producerId);
    if (!(await clientInput(async () => this.router.canConsume({ producerId, rtpCapabilities }))))
      throw new Refused('cannot_consume', 'your device cannot receive this stream');
    return peer.consume(transportId, entry, rtpCapabilities);
  }

  /** The peer mutes, unmutes or stops one of its streams; the others hear of a mute or unmute. */
  async controlProducer(
    peer: MediaPeer,
    producerId: string,
    action: 'pause' | 'resume' | 'close',
  ): Promise<void> {
    await peer.controlProducer(producerId, action);
    if (action === 'close') return;
    this.events.emit(action === 'pause' ? 'producerPaused' : 'producerResumed', {
      meetingId: this.meetingId,
      exceptSocketId: peer.socketId,
      producerId,
    });
  }

  /** Closes everything the socket owned here; true when that leaves the room empty. */
  leave(socketId: string): boolean {
    const peer = this.peers.get(socketId);
    if (!peer) return false;
    peer.close();
    this.peers.delete(socketId);
    return this.peers.size === 0;
  }

  producers(): Array<ProducerEntry & { userId: string; socketId: string }> {
    return [...this.peers.values()].flatMap((peer) =>
      [...peer.producers.values()].map((entry) => ({
        ...entry,
        userId: peer.userId,
        socketId: peer.socketId,
      })),
    );
  }

  /** Who receives a producer: each of its consumers with the peer's socket. */
  consumersOf(producerId: string): Array<{ socketId: string; consumerId: string }> {
    return [...this.peers.values()].flatMap((peer) =>
      [...peer.consumers.values()]
        .filter((consumer) => consumer.producerId === producerId)
        .map((consumer) => ({ socketId: peer.socketId, consumerId: consumer.id })),
    );
  }

  /** Per peer, one after the other. */
  async stats(): Promise<PeerStats[]> {
    const peers: PeerStats[] = [];
    for (const peer of this.peers.values()) peers.push(await peerStats(peer));
    return peers;
  }

  /** Closes every peer and the router (which closes the observer). Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.router.close();
  }
}
