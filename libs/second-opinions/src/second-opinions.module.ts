import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import {
  RecordsCollectionController,
  ReferrerUploadsController,
} from './records-collection.controller';
import { ConsultationsService } from './consultations.service';
import { OpinionsController, ReferrerOpinionsController } from './opinions.controller';
import { OpinionsService } from './opinions.service';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';
import { QualityMetricsController } from './quality-metrics.controller';
import { QualityMetricsService } from './quality-metrics.service';
import { RecordsCollectionService } from './records-collection.service';
import { ReferrerAccessService } from './referrer-access.service';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';

@Module({})
export class SecondOpinionsModule {
  /** Needs the boards, cases and voting modules (global) in the application. */
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
        OpinionsController,
        ReferrerOpinionsController,
        OutcomesController,
        QualityMetricsController,
      ],
      providers: [
        { provide: SECOND_OPINIONS_SETTINGS, useValue: settings },
        ReferralsService,
        RecordsCollectionService,
        ReviewsService,
        OpinionsService,
        ConsultationsService,
        ReferrerAccessService,
        OutcomesService,
        QualityMetricsService,
      ],
    };
  }
}
