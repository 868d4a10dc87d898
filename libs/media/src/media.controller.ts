import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MediaStatsView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { BoardAction, MeetingsService } from '@app/boards';
import { Returns } from '@app/openapi';
import { MeetingMedia } from './meeting-media';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('media')
@ApiBearerAuth()
@Controller()
export class MediaController {
  constructor(
    private readonly media: MeetingMedia,
    private readonly meetings: MeetingsService,
  ) {}

  /** Per peer: bitrates, packet loss and round-trip time (coordinators, to help a struggling member). */
  @Get('meetings/:meetingId/media/stats')
  @Returns('MediaStatsView')
  async stats(
    @CurrentUser() user: AuthenticatedUser,
    @Param('meetingId', uuid) meetingId: string,
  ): Promise<MediaStatsView> {
    await this.meetings.load(user, meetingId, BoardAction.ManageMeetings);
    return { meetingId, peers: await this.media.stats(meetingId) };
  }
}
