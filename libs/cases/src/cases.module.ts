import { DynamicModule, Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AgendaController } from './agenda.controller';
import { AgendaDeferrals } from './agenda-deferrals';
import { AgendaItemRepository } from './agenda-item.repository';
import { AgendaLookup } from './agenda-lookup';
import { AgendaService } from './agenda.service';
import { CaseAccessService } from './case-access.service';
import { CaseImaging } from './case-imaging';
import { CaseConflictRepository } from './case-conflict.repository';
import { CaseConflictsService } from './case-conflicts.service';
import { CaseLookup } from './case-lookup';
import { CaseRecordRepository } from './case-record.repository';
import { CASES_SETTINGS, CasesSettings } from './cases-settings';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { ClinicalCaseRepository } from './clinical-case.repository';
import { HomeController } from './home.controller';
import { HomeService } from './home.service';
import { MrnCipher } from './mrn-cipher';
import { PreparationRequestRepository } from './preparation-request.repository';
import { PreparationController } from './preparation.controller';
import { PreparationService } from './preparation.service';
import { ReadinessTemplateRepository } from './readiness-template.repository';
import { ReadinessService } from './readiness.service';
import { RecordStore } from './record-store';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';

@Module({})
export class CasesModule {
  /** Needs the boards context (BoardsModule.register, global) in the application. */
  static register(settings: CasesSettings): DynamicModule {
    return {
      module: CasesModule,
      // Global: the notes context builds on case access.
      global: true,
      imports: [
        // No `dest`: multer keeps the upload in memory (bounded by fileSize) until it is checked and stored.
        MulterModule.register({
          limits: {
            fileSize: settings.uploadLimitBytes,
            files: 1,
            fields: 10,
            parts: 12,
            fieldSize: 4096,
          },
        }),
      ],
      controllers: [
        CasesController,
        RecordsController,
        AgendaController,
        PreparationController,
        HomeController,
      ],
      providers: [
        { provide: CASES_SETTINGS, useValue: settings },
        { provide: MrnCipher, useValue: new MrnCipher(settings.mrnEncryptionKey) },
        { provide: RecordStore, useValue: new RecordStore(settings.recordsDir) },
        ClinicalCaseRepository,
        CaseConflictRepository,
        CaseRecordRepository,
        AgendaItemRepository,
        ReadinessTemplateRepository,
        PreparationRequestRepository,
        CaseAccessService,
        CaseImaging,
        ReadinessService,
        CasesService,
        CaseConflictsService,
        RecordsService,
        AgendaService,
        AgendaDeferrals,
        AgendaLookup,
        CaseLookup,
        PreparationService,
        HomeService,
      ],
      exports: [
        CasesService,
        RecordsService,
        AgendaService,
        AgendaLookup,
        CaseLookup,
        CaseImaging,
        RecordStore,
      ],
    };
  }
}
