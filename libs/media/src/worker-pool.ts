import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { DomainError } from '@app/core';
import { MEDIA_SETTINGS, MediaSettings } from './media-settings';

/** No worker runs (MEDIA_WORKERS=0, or all being replaced): media is refused, the meeting goes on. */
export class MediaUnavailable extends DomainError {
  readonly status = 503;
  readonly code = 'media_unavailable';

  constructor() {
    super('video is not available on this server right now');
  }
}

export interface PooledWorker {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  /** Routers (meetings) placed on this worker. */
  routers: number;
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

  constructor(@Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings) {}

  async onModuleInit(): Promise<void> {
    for (let index = 0; index < this.settings.workers; index++) await this.start(index);
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

  private async start(index: number): Promise<void> {
    const worker = await mediasoup.createWorker({ logLevel: 'warn' });
    const listen = {
      ip: this.settings.listenIp,
      ...(this.settings.announcedAddress
        ? { announcedAddress: this.settings.announcedAddress }
        : {}),
      ...(this.settings.webRtcServerPort === null
        ? {}
        : { port: this.settings.webRtcServerPort + index }),
    };
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: [
        { protocol: 'udp', ...listen },
        { protocol: 'tcp', ...listen },
      ],
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
