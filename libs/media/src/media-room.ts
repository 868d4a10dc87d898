import type { types } from 'mediasoup';
import { BoardRole } from '@app/contracts';
import { MediaSource } from './domain';

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

export interface ProducerEntry {
  producer: types.Producer;
  source: MediaSource;
}

/** One member's media in a meeting, from one socket: it owns its transports, producers and consumers. */
export class MediaPeer {
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, ProducerEntry>();
  readonly consumers = new Map<string, types.Consumer>();
  private closed = false;

  constructor(
    readonly socketId: string,
    readonly userId: string,
    readonly role: BoardRole,
  ) {}

  /** Closing the transports closes their producers and consumers too. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
    this.producers.clear();
    this.consumers.clear();
  }
}

/** A meeting's media: one router on one worker, an active speaker observer, the peers. */
export class MediaRoom {
  readonly peers = new Map<string, MediaPeer>();
  private closed = false;

  constructor(
    readonly meetingId: string,
    readonly workerIndex: number,
    readonly webRtcServer: types.WebRtcServer,
    readonly router: types.Router,
    readonly speakers: types.ActiveSpeakerObserver,
  ) {}

  get isClosed(): boolean {
    return this.closed || this.router.closed;
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

  /** Closes every peer and the router (which closes the observer). Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.router.close();
  }
}
