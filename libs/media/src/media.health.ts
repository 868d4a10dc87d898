import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { WorkerPool } from './worker-pool';

/**
 * How video is set up on this instance: workers configured and running, and
 * the addresses clients are given (`addressing`: announced, listen_ip,
 * local_defaults or unreachable, with `announced` and a `message`). Down only
 * when clients are given an address they can never reach; no worker running
 * (MEDIASOUP_WORKERS=0, or one being replaced) is reported but stays up: the
 * meeting goes on without video.
 */
@Injectable()
export class MediaHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly pool: WorkerPool,
  ) {}

  check(key = 'media'): HealthIndicatorResult {
    const { configured, running } = this.pool.capacity;
    const { mode, announced, level, message } = this.pool.addressing;
    const details = {
      workers: configured,
      runningWorkers: running,
      ...(configured === 0
        ? { addressing: 'disabled' }
        : { addressing: mode, announced, ...(level === 'info' ? {} : { warning: message }) }),
    };
    const check = this.indicator.check(key);
    return configured > 0 && mode === 'unreachable' ? check.down(details) : check.up(details);
  }
}
