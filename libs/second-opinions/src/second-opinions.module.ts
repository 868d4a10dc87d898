import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { ArbitrationController } from './arbitration.controller';
import { ArbitrationService } from './arbitration.service';
import {
  RecordsCollectionController,
  ReferrerUploadsController,
} from './records-collection.controller';
import { ConsultationRepository } from './consultation.repository';
import { ConsultationsService } from './consultations.service';
import { FollowUpQuestionsService } from './follow-up-questions.service';
import { OpinionsController, ReferrerOpinionsController } from './opinions.controller';
import { PanelVoteService } from './panel-vote.service';
import { OutcomeTimelineRecorder } from './outcome-timeline-recorder';
import { RecordsCollectionService } from './records-collection.service';
import { ReferrerAccessService } from './referrer-access.service';
import { ReferrerLinkRepository } from './referrer-link.repository';
import { ReferrerLinksService } from './referrer-links.service';
import { ReferralsController } from './referrals.controller';
import { MyReviewsController, ReviewsController } from './reviews.controller';
import { ReviewerWorklistService } from './reviewer-worklist.service';
import { ReviewsService } from './reviews.service';
import { SecondOpinionArbitrationRepository } from './second-opinion-arbitration.repository';
import { SecondOpinionLookup } from './second-opinion-lookup';
import { SecondOpinionRecordRepository } from './second-opinion-record.repository';
import { SecondOpinionRequestRepository } from './second-opinion-request.repository';
import { SecondOpinionRequestsService } from './second-opinion-requests.service';
import { SecondOpinionReviewRepository } from './second-opinion-review.repository';
import { SecondOpinionTimelineRepository } from './second-opinion-timeline.repository';
import { SECOND_OPINIONS_SETTINGS, SecondOpinionsSettings } from './second-opinions-settings';
import { UploadLinksService } from './upload-links.service';
import { WrittenOpinionRepository } from './written-opinion.repository';
import { WrittenOpinionsService } from './written-opinions.service';

@Module({})
export class SecondOpinionsModule {
  /** Needs the boards, cases and voting modules (global) in the application. */
  static register(settings: SecondOpinionsSettings): DynamicModule {
    return {
      module: SecondOpinionsModule,
      // Global: the quality context reads delivered second opinions through SecondOpinionLookup.
      global: true,
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
        MyReviewsController,
        ArbitrationController,
        OpinionsController,
        ReferrerOpinionsController,
      ],
      providers: [
        { provide: SECOND_OPINIONS_SETTINGS, useValue: settings },
        SecondOpinionRequestRepository,
        SecondOpinionTimelineRepository,
        SecondOpinionRecordRepository,
        SecondOpinionReviewRepository,
        SecondOpinionArbitrationRepository,
        WrittenOpinionRepository,
        ReferrerLinkRepository,
        ConsultationRepository,
        SecondOpinionRequestsService,
        RecordsCollectionService,
        UploadLinksService,
        ReviewsService,
        ReviewerWorklistService,
        PanelVoteService,
        WrittenOpinionsService,
        ArbitrationService,
        FollowUpQuestionsService,
        ReferrerLinksService,
        ConsultationsService,
        ReferrerAccessService,
        SecondOpinionLookup,
        OutcomeTimelineRecorder,
      ],
      exports: [SecondOpinionLookup],
    };
  }
}
