import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MediaController } from './media.controller';
import { MediaHealthIndicator } from './media.health';
import { MEDIA_SETTINGS, MediaSettings } from './media-settings';
import { MediaService } from './media.service';
import { WorkerPool } from './worker-pool';

@Module({})
export class MediaModule {
  static register(settings: MediaSettings): DynamicModule {
    return {
      module: MediaModule,
      // Global: the live room carries the media signalling.
      global: true,
      imports: [TerminusModule],
      controllers: [MediaController],
      providers: [
        { provide: MEDIA_SETTINGS, useValue: settings },
        WorkerPool,
        MediaService,
        MediaHealthIndicator,
      ],
      exports: [MediaService, WorkerPool, MediaHealthIndicator],
    };
  }
}
