import type { types } from 'mediasoup';
import { BoardRole } from '@app/contracts';
import { Forbidden, NotFound, Refused } from '@app/core';
import { clientInput } from './client-input';
import { MediaSource, consumerPriority, maxIncomingBitrate, mayProduce, rtpClash } from './domain';

export interface ProducerEntry {
  producer: types.Producer;
  source: MediaSource;
  /** The send transport it arrives on. */
  transportId: string;
}

export interface TransportOptions {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

/** What a client needs to receive one producer. */
export interface ConsumerOptions {
  consumerId: string;
  producerId: string;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  source: MediaSource;
}

/**
 * One member's media in a meeting, from one socket: it owns its transports, producers and
 * consumers, and decides what its role lets it send. Its room tells the others.
 */
export class MediaPeer {
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, ProducerEntry>();
  readonly consumers = new Map<string, types.Consumer>();
  /** Transports given their DTLS parameters (or being given them): a transport connects once. */
  private readonly connected = new Set<string>();
  private closed = false;

  constructor(
    readonly socketId: string,
    readonly userId: string,
    readonly role: BoardRole,
  ) {}

  /** A transport on the room's router, on its worker's shared ports; observers receive only. */
  async createTransport(
    router: types.Router,
    webRtcServer: types.WebRtcServer,
    direction: 'send' | 'recv',
  ): Promise<TransportOptions> {
    if (direction === 'send' && this.role === BoardRole.Observer)
      throw new Forbidden('observers receive only');
    const transport = await router.createWebRtcTransport({
      webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
      appData: { direction },
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(maxIncomingBitrate(this.role));
    this.transports.set(transport.id, transport);
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  /** Connects one of its transports with the client's DTLS parameters. */
  async connectTransport(
    transportId: string,
    dtlsParameters: types.DtlsParameters,
  ): Promise<types.WebRtcTransport> {
    const transport = this.transport(transportId);
    if (this.connected.has(transportId))
      throw new Refused('already_connected', 'this transport is already connected');
    this.connected.add(transportId);
    try {
      await clientInput(() => transport.connect({ dtlsParameters }));
    } catch (error) {
      this.connected.delete(transportId);
      throw error;
    }
    return transport;
  }

  /** Sends `source` on a send transport, if its role allows it and it does not send it yet. */
  async produce(
    transportId: string,
    kind: types.MediaKind,
    rtpParameters: types.RtpParameters,
    source: MediaSource,
  ): Promise<types.Producer> {
    const decision = mayProduce(this.role, source, kind);
    if (!decision.ok) {
      if (decision.code === 'forbidden') throw new Forbidden(decision.message);
      throw new Refused(decision.code, decision.message);
    }
    if ([...this.producers.values()].some((entry) => entry.source === source))
      throw new Refused('already_producing', `you already send ${source}`);
    const transport = this.transport(transportId);
    if (transport.appData.direction !== 'send')
      throw new Refused('invalid_input', 'produce on a send transport');
    const clash = rtpClash(
      [...this.producers.values()]
        .filter((entry) => entry.transportId === transportId)
        .map((entry) => entry.producer.rtpParameters),
      rtpParameters,
    );
    if (clash) throw new Refused('invalid_input', clash);
    const producer = await clientInput(() =>
      transport.produce({ kind, rtpParameters, appData: { source } }),
    );
    this.producers.set(producer.id, { producer, source, transportId });
    producer.observer.on('close', () => this.producers.delete(producer.id));
    return producer;
  }

  /** Receives `entry` on a receive transport; the consumer starts paused until the client confirms. */
  async consume(
    transportId: string,
    entry: ProducerEntry,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<ConsumerOptions> {
    const producerId = entry.producer.id;
    const transport = this.transport(transportId);
    if (transport.appData.direction !== 'recv')
      throw new Refused('invalid_input', 'consume on a receive transport');
    const consumer = await transport.consume({ producerId, rtpCapabilities, paused: true });
    await consumer.setPriority(consumerPriority(entry.source));
    this.consumers.set(consumer.id, consumer);
    consumer.observer.on('close', () => this.consumers.delete(consumer.id));
    return {
      consumerId: consumer.id,
      producerId,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters,
      source: entry.source,
    };
  }

  /** Mute (pause), unmute (resume) or stop (close) one of its own producers. */
  async controlProducer(producerId: string, action: 'pause' | 'resume' | 'close'): Promise<void> {
    const entry = this.producers.get(producerId);
    if (!entry) throw new NotFound('producer', producerId);
    if (action === 'close') entry.producer.close();
    else if (action === 'pause') await entry.producer.pause();
    else await entry.producer.resume();
  }

  transport(transportId: string): types.WebRtcTransport {
    const transport = this.transports.get(transportId);
    if (!transport) throw new NotFound('transport', transportId);
    return transport;
  }

  consumer(consumerId: string): types.Consumer {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw new NotFound('consumer', consumerId);
    return consumer;
  }

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
