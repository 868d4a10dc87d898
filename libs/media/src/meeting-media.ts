import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { types } from 'mediasoup';
import { BoardRole } from '@app/contracts';
import { InvalidInput, Refused } from '@app/core';
import { IceServer, MediaSource } from './domain';
import { MediaCall } from './media-call';
import { MediaCluster } from './media-cluster';
import { ProducerInfo } from './media-events';
import { ConsumerOptions, TransportOptions } from './media-peer';
import { MediaService } from './media.service';
import { PeerStats } from './media-stats';

export const MEDIA_CLUSTER = Symbol('MediaCluster');

/** Used as the owner's name when the instance runs alone. */
const ALONE = 'this instance';

export interface MediaJoined {
  routerRtpCapabilities: types.RtpCapabilities;
  iceServers: IceServer[];
  producers: ProducerInfo[];
}

/**
 * A meeting's video as the gateway sees it, wherever its media room lives.
 * Alone, every call runs on this instance's media service. With a cluster
 * (Redis), the meeting's room lives on the instance that owns its lease: a
 * member joins through whichever instance their socket reached, and each of
 * their signalling steps runs on the owner (forwarded when it is another),
 * so every member of a meeting meets in one router, and their WebRTC
 * transports connect to the owner's announced address. The owner's media
 * events reach the meeting's sockets on every instance through the shared
 * socket.io adapter.
 *
 * Ownership is watched both ways, every quarter lease: the owner renews its
 * leases (and closes a room whose lease another instance took, telling its
 * members to reconnect) and drops the peers of instances that died; every
 * other instance checks the owners its sockets joined through, and when one
 * is gone (killed, its lease lapsed) tells those sockets to reconnect their
 * video (`media:restart`): they join again, and the first of them makes its
 * instance the new owner.
 */
@Injectable()
export class MeetingMedia implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('media');
  /** This instance's sockets → the meetings whose video they joined → the owner they joined through. */
  private readonly joined = new Map<string, Map<string, string>>();
  /** On the owner: peers that joined through another instance → that instance. */
  private readonly visitors = new Map<string, { meetingId: string; instanceId: string }>();
  private timer: NodeJS.Timeout | null = null;
  private watching: Promise<void> = Promise.resolve();

  constructor(
    private readonly local: MediaService,
    @Inject(MEDIA_CLUSTER) private readonly cluster: MediaCluster | null,
  ) {}

  async onModuleInit(): Promise<void> {
    const cluster = this.cluster;
    if (!cluster) return;
    await cluster.start((call, from) => this.perform(call, from));
    this.timer = setInterval(
      () => {
        this.watching = this.watching.then(() => this.watch(cluster));
      },
      Math.max(100, Math.floor(cluster.leaseMs / 4)),
    );
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.watching;
    if (!this.cluster) return;
    for (const meetingId of this.local.meetingIds()) await this.cluster.release(meetingId);
    await this.cluster.stop();
  }

  get instanceId(): string {
    return this.cluster?.instanceId ?? ALONE;
  }

  async join(meetingId: string, socketId: string, userId: string, role: BoardRole) {
    const owner = this.cluster ? await this.cluster.claim(meetingId) : ALONE;
    const joined = (await this.at(owner, {
      op: 'join',
      meetingId,
      socketId,
      userId,
      role,
    })) as MediaJoined;
    const meetings = this.joined.get(socketId) ?? new Map<string, string>();
    meetings.set(meetingId, owner);
    this.joined.set(socketId, meetings);
    return joined;
  }

  async createTransport(
    meetingId: string,
    socketId: string,
    direction: 'send' | 'recv',
  ): Promise<TransportOptions> {
    return (await this.forward({
      op: 'transport',
      meetingId,
      socketId,
      direction,
    })) as TransportOptions;
  }

  async connectTransport(
    meetingId: string,
    socketId: string,
    transportId: string,
    dtlsParameters: types.DtlsParameters,
  ): Promise<void> {
    await this.forward({ op: 'connect', meetingId, socketId, transportId, dtlsParameters });
  }

  async produce(
    meetingId: string,
    socketId: string,
    transportId: string,
    kind: types.MediaKind,
    rtpParameters: types.RtpParameters,
    source: MediaSource,
  ): Promise<{ producerId: string }> {
    return (await this.forward({
      op: 'produce',
      meetingId,
      socketId,
      transportId,
      kind,
      rtpParameters,
      source,
    })) as { producerId: string };
  }

  async consume(
    meetingId: string,
    socketId: string,
    transportId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
  ): Promise<ConsumerOptions> {
    return (await this.forward({
      op: 'consume',
      meetingId,
      socketId,
      transportId,
      producerId,
      rtpCapabilities,
    })) as ConsumerOptions;
  }

  async controlConsumer(
    meetingId: string,
    socketId: string,
    consumerId: string,
    action: 'pause' | 'resume',
  ): Promise<void> {
    await this.forward({ op: 'consumer', meetingId, socketId, consumerId, action });
  }

  async setPreferredLayers(
    meetingId: string,
    socketId: string,
    consumerId: string,
    layers: { spatialLayer: number; temporalLayer?: number },
  ): Promise<void> {
    await this.forward({ op: 'layers', meetingId, socketId, consumerId, layers });
  }

  async controlProducer(
    meetingId: string,
    socketId: string,
    producerId: string,
    action: 'pause' | 'resume' | 'close',
  ): Promise<void> {
    await this.forward({ op: 'producer', meetingId, socketId, producerId, action });
  }

  /** The socket leaves the meeting's video: its peer, wherever it is, closes. */
  async leave(meetingId: string, socketId: string): Promise<void> {
    const meetings = this.joined.get(socketId);
    const owner = meetings?.get(meetingId);
    if (!meetings || owner === undefined) return;
    meetings.delete(meetingId);
    if (meetings.size === 0) this.joined.delete(socketId);
    await this.quietly({ op: 'leave', meetingId, socketId }, owner);
  }

  /** The socket is gone: it leaves the video of every meeting it had joined. */
  async disconnected(socketId: string): Promise<void> {
    const meetingIds = [...(this.joined.get(socketId)?.keys() ?? [])];
    await Promise.allSettled(meetingIds.map((meetingId) => this.leave(meetingId, socketId)));
  }

  /** The meeting ended: its room closes on its owner, and every peer in it with the room. */
  async closeRoom(meetingId: string): Promise<void> {
    for (const [socketId, meetings] of this.joined) {
      meetings.delete(meetingId);
      if (meetings.size === 0) this.joined.delete(socketId);
    }
    await this.quietly({ op: 'close', meetingId });
  }

  /** Per peer of the meeting's room, from its owner; none when no one is in the video. */
  async stats(meetingId: string): Promise<PeerStats[]> {
    const owner = this.cluster ? (await this.cluster.owners([meetingId]))[0] : ALONE;
    return owner ? ((await this.at(owner, { op: 'stats', meetingId })) as PeerStats[]) : [];
  }

  /**
   * Leaving and closing never fail for the member: an owner that cannot be reached is gone, and
   * its lapsed lease, or its peers dropped when this instance's heartbeat stops, end what was left.
   */
  private async quietly(call: MediaCall, knownOwner?: string): Promise<void> {
    try {
      const owner =
        knownOwner ?? (this.cluster ? (await this.cluster.owners([call.meetingId]))[0] : ALONE);
      if (owner) await this.at(owner, call);
    } catch (error) {
      this.logger.warn({ err: error, op: call.op, meetingId: call.meetingId }, 'media step failed');
    }
  }

  /** Runs a step of a socket that joined the meeting's video, on the owner it joined through. */
  private forward(call: MediaCall & { socketId: string }): Promise<unknown> {
    const owner = this.joined.get(call.socketId)?.get(call.meetingId);
    if (owner === undefined) throw new Refused('not_joined', 'join the meeting’s media first');
    return this.at(owner, call);
  }

  private at(owner: string, call: MediaCall): Promise<unknown> {
    if (owner === this.instanceId || !this.cluster) return this.perform(call, this.instanceId);
    return this.cluster.call(owner, call);
  }

  /** Runs a step on this instance's media service: the caller's own, or one another instance forwarded. */
  private async perform(call: MediaCall, from: string): Promise<unknown> {
    const media = this.local;
    switch (call.op) {
      case 'join': {
        // A local join has just claimed the room; a forwarded one is checked here, on the owner.
        if (
          this.cluster &&
          from !== this.instanceId &&
          (await this.cluster.claim(call.meetingId)) !== this.instanceId
        )
          throw new Refused(
            'media_moved',
            'the meeting’s video moved to another server; join again',
          );
        const joined = await media.join(call.meetingId, call.socketId, call.userId, call.role);
        if (from !== this.instanceId)
          this.visitors.set(call.socketId, { meetingId: call.meetingId, instanceId: from });
        return joined;
      }
      case 'transport':
        return media.createTransport(call.meetingId, call.socketId, call.direction);
      case 'connect':
        await media.connectTransport(
          call.meetingId,
          call.socketId,
          call.transportId,
          call.dtlsParameters,
        );
        return {};
      case 'produce':
        return media.produce(
          call.meetingId,
          call.socketId,
          call.transportId,
          call.kind,
          call.rtpParameters,
          call.source,
        );
      case 'consume':
        return media.consume(
          call.meetingId,
          call.socketId,
          call.transportId,
          call.producerId,
          call.rtpCapabilities,
        );
      case 'consumer':
        if (call.action === 'pause')
          await media.pauseConsumer(call.meetingId, call.socketId, call.consumerId);
        else await media.resumeConsumer(call.meetingId, call.socketId, call.consumerId);
        return {};
      case 'layers':
        await media.setPreferredLayers(call.meetingId, call.socketId, call.consumerId, call.layers);
        return {};
      case 'producer':
        await media.controlProducer(call.meetingId, call.socketId, call.producerId, call.action);
        return {};
      case 'leave':
        this.visitors.delete(call.socketId);
        media.leave(call.meetingId, call.socketId);
        await this.releaseIfEmpty(call.meetingId);
        return {};
      case 'close':
        for (const [socketId, visit] of this.visitors)
          if (visit.meetingId === call.meetingId) this.visitors.delete(socketId);
        media.closeRoom(call.meetingId);
        await this.releaseIfEmpty(call.meetingId);
        return {};
      case 'stats':
        return media.stats(call.meetingId);
      default:
        throw new InvalidInput('unknown media step');
    }
  }

  private async releaseIfEmpty(meetingId: string): Promise<void> {
    if (this.cluster && !this.local.meetingIds().includes(meetingId))
      await this.cluster.release(meetingId);
  }

  /** One round of watching: this instance's leases and visitors, and the owners its sockets use. */
  private async watch(cluster: MediaCluster): Promise<void> {
    try {
      await cluster.heartbeat();
      await this.keepOwnership(cluster);
      await this.dropVisitorsOfDeadInstances(cluster);
      await this.followOwners(cluster);
    } catch (error) {
      this.logger.warn({ err: error }, 'watching media ownership failed; trying again');
    }
  }

  private async keepOwnership(cluster: MediaCluster): Promise<void> {
    const lost = await cluster.renew(this.local.meetingIds());
    for (const meetingId of lost) {
      this.logger.warn({ meetingId }, 'another instance took over a meeting’s video');
      const ownSockets: string[] = [];
      for (const socketId of this.local.socketsIn(meetingId)) {
        this.visitors.delete(socketId);
        const meetings = this.joined.get(socketId);
        if (!meetings?.delete(meetingId)) continue;
        if (meetings.size === 0) this.joined.delete(socketId);
        ownSockets.push(socketId);
      }
      this.local.closeRoom(meetingId);
      // Members who joined through other instances hear it from theirs, which follow the owner.
      this.local.restart(meetingId, 'the video moved to another server', ownSockets);
    }
  }

  private async dropVisitorsOfDeadInstances(cluster: MediaCluster): Promise<void> {
    const instances = [...new Set([...this.visitors.values()].map((visit) => visit.instanceId))];
    const dead = new Set(await cluster.deadAmong(instances));
    for (const [socketId, visit] of this.visitors) {
      if (!dead.has(visit.instanceId)) continue;
      this.visitors.delete(socketId);
      this.local.leave(visit.meetingId, socketId);
      await this.releaseIfEmpty(visit.meetingId);
    }
  }

  private async followOwners(cluster: MediaCluster): Promise<void> {
    const followed = new Map<string, string>();
    for (const meetings of this.joined.values())
      for (const [meetingId, owner] of meetings)
        if (owner !== this.instanceId) followed.set(meetingId, owner);
    const meetingIds = [...followed.keys()];
    const owners = await cluster.owners(meetingIds);
    meetingIds.forEach((meetingId, index) => {
      const before = followed.get(meetingId);
      if (owners[index] === before) return;
      const socketIds: string[] = [];
      for (const [socketId, meetings] of this.joined) {
        if (meetings.get(meetingId) !== before) continue;
        meetings.delete(meetingId);
        if (meetings.size === 0) this.joined.delete(socketId);
        socketIds.push(socketId);
      }
      this.logger.warn({ meetingId }, 'the instance carrying a meeting’s video is gone');
      this.local.restart(meetingId, 'the video server changed', socketIds);
    });
  }
}
