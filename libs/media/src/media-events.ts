import type { types } from 'mediasoup';
import { MediaSource } from './domain';

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
 * at once. So they go through the media service's own emitter, synchronously,
 * rather than the domain event bus, whose deliveries wait for a commit. The
 * service, not each room, owns it and lends it to its rooms: the gateway
 * listens once, rooms come and go, and a restart is told for rooms already
 * dropped.
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
  /** To `socketIds` only when given (their media went with an instance), else to the whole meeting. */
  restart: [{ meetingId: string; reason: string; socketIds?: string[] }];
}

export function producerInfo(
  producer: types.Producer,
  userId: string,
  source: MediaSource,
): ProducerInfo {
  return { producerId: producer.id, userId, source, kind: producer.kind, paused: producer.paused };
}
