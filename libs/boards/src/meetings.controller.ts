import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MeetingSeriesView, MeetingView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { MeetingStatus } from './domain';
import {
  CancelMeetingDto,
  MeetingQueryDto,
  MeetingStatusDto,
  MoveMeetingDto,
  ScheduleMeetingDto,
} from './dto/meeting.dto';
import { MeetingsService } from './meetings.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('meetings')
@ApiBearerAuth()
@Controller()
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post('boards/:boardId/meetings')
  @Returns('MeetingSeriesView', { status: 201 })
  schedule(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: ScheduleMeetingDto,
  ): Promise<MeetingSeriesView> {
    return this.meetings.schedule(user, boardId, body);
  }

  @Get('boards/:boardId/meetings')
  @Returns('MeetingView', { array: true })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Query() query: MeetingQueryDto,
  ): Promise<MeetingView[]> {
    return this.meetings.list(user, boardId, query);
  }

  @Get('meetings/:meetingId')
  @Returns('MeetingView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
  ): Promise<MeetingView> {
    return this.meetings.get(user, meetingId);
  }

  @Patch('meetings/:meetingId')
  @Returns('MeetingView')
  move(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
    @Body() body: MoveMeetingDto,
  ): Promise<MeetingView> {
    return this.meetings.move(user, meetingId, body);
  }

  @Post('meetings/:meetingId/cancel')
  @HttpCode(200)
  @Returns('MeetingView', { status: 200 })
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
    @Body() body: CancelMeetingDto,
  ): Promise<MeetingView> {
    return this.meetings.cancel(user, meetingId, body.reason);
  }

  @Post('meetings/:meetingId/status')
  @HttpCode(200)
  @Returns('MeetingView', { status: 200 })
  status(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
    @Body() body: MeetingStatusDto,
  ): Promise<MeetingView> {
    return this.meetings.changeStatus(user, meetingId, body.status as MeetingStatus);
  }
}
