import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MediaController } from './media.controller';
import { MediaHealthIndicator } from './media.health';
import { MediaCluster } from './media-cluster';
import { MEDIA_SETTINGS, MediaSettings } from './media-settings';
import { MEDIA_CLUSTER, MeetingMedia } from './meeting-media';
import { MediaService } from './media.service';
import { WorkerPool } from './worker-pool';

@Module({})
export class MediaModule {
  /** With `cluster` (Redis), a meeting's media room lives on the one instance that owns it. */
  static register(
    settings: MediaSettings,
    cluster: { redisUrl: string; ownerLeaseMs: number } | null = null,
  ): DynamicModule {
    return {
      module: MediaModule,
      // Global: the live room carries the media signalling.
      global: true,
      imports: [TerminusModule],
      controllers: [MediaController],
      providers: [
        { provide: MEDIA_SETTINGS, useValue: settings },
        {
          provide: MEDIA_CLUSTER,
          useFactory: () =>
            cluster ? new MediaCluster(cluster.redisUrl, cluster.ownerLeaseMs) : null,
        },
        WorkerPool,
        MediaService,
        MeetingMedia,
        MediaHealthIndicator,
      ],
      exports: [MediaService, MeetingMedia, WorkerPool, MediaHealthIndicator],
    };
  }
}
