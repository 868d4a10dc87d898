import { DynamicModule, Module } from '@nestjs/common';
import { AUDIT_SETTINGS, AuditCheckpoints, AuditSettings } from './audit-checkpoints';
import { AuditController } from './audit.controller';
import { AuditEventRepository } from './audit-event.repository';
import { AuditSealer } from './audit-sealer';
import { AuditService } from './audit.service';

@Module({})
export class AuditModule {
  static register(settings: AuditSettings): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [
        { provide: AUDIT_SETTINGS, useValue: settings },
        AuditEventRepository,
        AuditCheckpoints,
        AuditSealer,
        AuditService,
      ],
    };
  }
}
