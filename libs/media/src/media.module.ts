import { DynamicModule, Module } from '@nestjs/common';
import { MediaController } from './media.controller';
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
      controllers: [MediaController],
      providers: [{ provide: MEDIA_SETTINGS, useValue: settings }, WorkerPool, MediaService],
      exports: [MediaService, WorkerPool],
    };
  }
}
