import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditEventRepository } from './audit-event.repository';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditEventRepository, AuditService],
})
export class AuditModule {}
