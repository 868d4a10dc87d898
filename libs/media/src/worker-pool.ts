import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { networkInterfaces } from 'node:os';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { DomainError } from '@app/core';
import { HostAddress, MediaAddressing, planMediaAddressing } from './domain';
import { MediaObjectCounts } from './media-counts';
import { MEDIA_SETTINGS, MediaSettings } from './media-settings';

/** No worker runs (MEDIA_WORKERS=0, or all being replaced): media is refused, the meeting goes on. */
export class MediaUnavailable extends DomainError {
  readonly status = 503;
  readonly code = 'media_unavailable';

  constructor(message = 'video is not available on this server right now') {
    super(message);
  }
}

export interface PooledWorker {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  /** Routers (meetings) placed on this worker. */
  routers: number;
}

export interface WorkerCpuUsage {
  index: number;
  userMs: number;
  systemMs: number;
}

/**
 * The mediasoup workers: one per core by default, each with one WebRtcServer
 * (one UDP and one TCP port) so every transport on it shares those ports. A
 * worker that dies is replaced on the same ports, and whoever placed rooms on
 * it is told, so those meetings' clients reconnect their media.
 */
@Injectable()
export class WorkerPool implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('media');
  private readonly slots: Array<PooledWorker | null> = [];
  private readonly diedListeners: Array<(index: number) => void> = [];
  private closing = false;
  /** Where the workers listen and which addresses clients are given, decided once at boot. */
  readonly addressing: MediaAddressing;
  /** Routers, transports, producers and consumers alive on the workers. */
  readonly counts = new MediaObjectCounts();

  constructor(@Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings) {
    this.addressing = planMediaAddressing({
      listenIp: settings.listenIp,
      announcedAddress: settings.announcedAddress,
      production: settings.production,
      hostAddresses: Object.values(networkInterfaces()).flatMap((entries) =>
        (entries ?? []).map((entry): HostAddress => ({
          address: entry.address,
          family: entry.family,
          internal: entry.internal,
        })),
      ),
    });
  }

  async onModuleInit(): Promise<void> {
    if (this.settings.workers === 0) return;
    const { mode, announced, level, message } = this.addressing;
    const details = { mode, announced, listenIp: this.settings.listenIp };
    if (level === 'info') this.logger.log(details, message);
    else if (level === 'warn') this.logger.warn(details, message);
    else this.logger.error(details, message);
    for (let index = 0; index < this.settings.workers; index++) await this.start(index);
  }

  /** Workers configured, and how many run now. */
  get capacity(): { configured: number; running: number } {
    return { configured: this.settings.workers, running: this.workers().length };
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    for (const slot of this.slots) slot?.worker.close();
  }

  onWorkerDied(listener: (index: number) => void): void {
    this.diedListeners.push(listener);
  }

  /** The live worker with the fewest rooms, counted as taken by the caller. */
  leastLoaded(): PooledWorker {
    const live = this.slots.filter((slot): slot is PooledWorker => slot !== null);
    if (live.length === 0) throw new MediaUnavailable();
    const chosen = live.reduce((best, slot) => (slot.routers < best.routers ? slot : best));
    chosen.routers += 1;
    return chosen;
  }

  release(index: number): void {
    const slot = this.slots[index];
    if (slot) slot.routers = Math.max(0, slot.routers - 1);
  }

  workers(): PooledWorker[] {
    return this.slots.filter((slot): slot is PooledWorker => slot !== null);
  }

  /** Each running worker's CPU time so far, in milliseconds (its process's getrusage); one dying meanwhile is left out. */
  async cpuUsage(): Promise<WorkerCpuUsage[]> {
    const usages = await Promise.all(
      this.workers().map(({ index, worker }) =>
        worker.getResourceUsage().then(
          (usage): WorkerCpuUsage => ({ index, userMs: usage.ru_utime, systemMs: usage.ru_stime }),
          () => null,
        ),
      ),
    );
    return usages.filter((usage): usage is WorkerCpuUsage => usage !== null);
  }

  private async start(index: number): Promise<void> {
    const worker = await mediasoup.createWorker({ logLevel: 'warn' });
    this.counts.track(worker);
    // One UDP and one TCP socket per address (on its own IP, so each may take the same port);
    // every transport of the worker announces all of them as ICE candidates, in this order.
    const port =
      this.settings.webRtcServerPort === null
        ? {}
        : { port: this.settings.webRtcServerPort + index };
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: this.addressing.listen.flatMap((listen) =>
        (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ...listen, ...port })),
      ),
    });
    this.slots[index] = { index, worker, webRtcServer, routers: 0 };
    worker.on('died', (error) => {
      this.logger.error({ err: error, pid: worker.pid, index }, 'mediasoup worker died');
      this.slots[index] = null;
      for (const listener of this.diedListeners) listener(index);
      if (!this.closing) void this.replace(index);
    });
  }

  private async replace(index: number): Promise<void> {
    try {
      await this.start(index);
      this.logger.warn({ index, pid: this.slots[index]?.worker.pid }, 'mediasoup worker replaced');
    } catch (error) {
      this.logger.error({ err: error, index }, 'could not replace a mediasoup worker');
    }
  }
}
