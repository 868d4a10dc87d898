import { DynamicModule, Module } from '@nestjs/common';
import { BallotRecorder } from './ballot-recorder';
import { RecommendationReportService } from './recommendation-report.service';
import { RecommendationSigner } from './recommendation-signer';
import { RecommendationViewsService } from './recommendation-views.service';
import { RecommendationRepository } from './recommendation.repository';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';
import { VOTING_SETTINGS, VotingSettings } from './voting-settings';
import { VoteCloser } from './vote-closer';
import { VoteDeadlineSweeper } from './vote-deadline-sweeper';
import { VoteLookup } from './vote-lookup';
import { VoteOpener } from './vote-opener';
import { VoteRepository } from './vote.repository';
import { VoteViewsService } from './vote-views.service';
import { VotesController } from './votes.controller';
import { VotesService } from './votes.service';

@Module({})
export class VotingModule {
  /**
   * Needs the boards, cases, notes and live modules (global) in the application; live provides
   * the agenda attendance the recommendation report names.
   */
  static register(settings: VotingSettings): DynamicModule {
    return {
      module: VotingModule,
      // Global: the live room exposes votes over its sockets.
      global: true,
      controllers: [VotesController, RecommendationsController],
      providers: [
        { provide: VOTING_SETTINGS, useValue: settings },
        VoteRepository,
        VoteOpener,
        VoteCloser,
        BallotRecorder,
        VoteDeadlineSweeper,
        VoteViewsService,
        VotesService,
        RecommendationRepository,
        RecommendationSigner,
        RecommendationReportService,
        RecommendationViewsService,
        RecommendationsService,
        VoteLookup,
      ],
      exports: [VotesService, VoteViewsService, RecommendationsService, VoteLookup],
    };
  }
}
