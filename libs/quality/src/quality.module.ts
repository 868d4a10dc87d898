import { DynamicModule, Module } from '@nestjs/common';
import { CaseConferenceRecords } from './case-conference-records';
import { OutcomeFollowUpRepository } from './outcome-follow-up.repository';
import { OutcomeSubjects } from './outcome-subjects';
import { OutcomesController } from './outcomes.controller';
import { OutcomesService } from './outcomes.service';
import { QualityMetricsController } from './quality-metrics.controller';
import { QualityMetricsService } from './quality-metrics.service';
import { QUALITY_SETTINGS, QualitySettings } from './quality-settings';

@Module({})
export class QualityModule {
  /**
   * Needs the auth, boards, cases, voting, live and second-opinions modules (global) in the
   * application: it reads through their lookups.
   */
  static register(settings: QualitySettings): DynamicModule {
    return {
      module: QualityModule,
      controllers: [OutcomesController, QualityMetricsController],
      providers: [
        { provide: QUALITY_SETTINGS, useValue: settings },
        OutcomeFollowUpRepository,
        OutcomeSubjects,
        CaseConferenceRecords,
        OutcomesService,
        QualityMetricsService,
      ],
    };
  }
}
