import { DynamicModule, Module } from '@nestjs/common';
import { RecommendationsService } from './recommendations.service';
import { RecommendationsController, VotesController } from './voting.controller';
import { VOTING_SETTINGS, VotingSettings } from './voting-settings';
import { VotesService } from './votes.service';

@Module({})
export class VotingModule {
  /** Needs the boards, cases, notes and webhooks modules (global) in the application. */
  static register(settings: VotingSettings): DynamicModule {
    return {
      module: VotingModule,
      // Global: the live room exposes votes over its sockets.
      global: true,
      controllers: [VotesController, RecommendationsController],
      providers: [
        { provide: VOTING_SETTINGS, useValue: settings },
        VotesService,
        RecommendationsService,
      ],
      exports: [VotesService, RecommendationsService],
    };
  }
}
