import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import {
  RecordsCollectionController,
  ReferrerUploadsController,
} from './records-collection.controller';
import { RecordsCollectionService } from './records-collection.service';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';

@Module({})
export class SecondOpinionsModule {
  /** Needs the boards and cases modules (global) in the application. */
  static register(settings: SecondOpinionsSettings): DynamicModule {
    return {
      module: SecondOpinionsModule,
      imports: [
        MulterModule.register({
          limits: { fileSize: settings.uploadLimitBytes, files: 1, fields: 4, parts: 6 },
        }),
      ],
      controllers: [
        ReferralsController,
        RecordsCollectionController,
        ReferrerUploadsController,
        ReviewsController,
      ],
      providers: [
        { provide: SECOND_OPINIONS_SETTINGS, useValue: settings },
        ReferralsService,
        RecordsCollectionService,
        ReviewsService,
      ],
    };
  }
}
