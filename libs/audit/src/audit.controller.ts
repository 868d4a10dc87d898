import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditEventView, AuditVerification, Page, PlatformRole } from '@app/contracts';
import { RequireRole } from '@app/auth';
import { Returns } from '@app/openapi';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

@ApiTags('audit')
@ApiBearerAuth()
@RequireRole(PlatformRole.Admin)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Returns('AuditEventPage')
  list(@Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.list(query);
  }

  @Get('verify')
  @Returns('AuditVerification')
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
