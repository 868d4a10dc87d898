import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AttendanceView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { AttendanceService } from './attendance.service';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings/:meetingId/attendance')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  /** Attendance per meeting and per case (specialties present while each case was focused). */
  @Get()
  @Returns('AttendanceView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', new ParseUUIDPipe({ version: undefined })) meetingId: string,
  ): Promise<AttendanceView> {
    return this.attendance.view(user, meetingId);
  }
}
