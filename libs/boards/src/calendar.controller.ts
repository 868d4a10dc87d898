import { Controller, Delete, Get, Header, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CalendarFeedView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser, Public } from '@app/auth';
import { NotFound } from '@app/core';
import { Returns, ReturnsFile } from '@app/openapi';
import { CalendarService } from './calendar.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @ApiBearerAuth()
  @Post('boards/:boardId/calendar-feeds')
  @Returns('CalendarFeedView', {
    status: 201,
    description: 'The feed, with its subscription URL (shown this once)',
  })
  createBoardFeed(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<CalendarFeedView> {
    return this.calendar.createBoardFeed(user, boardId);
  }

  @ApiBearerAuth()
  @Post('users/me/calendar-feeds')
  @Returns('CalendarFeedView', {
    status: 201,
    description: 'The feed, with its subscription URL (shown this once)',
  })
  createMyFeed(@CurrentUser() user: AuthenticatedUser): Promise<CalendarFeedView> {
    return this.calendar.createUserFeed(user);
  }

  @ApiBearerAuth()
  @Get('users/me/calendar-feeds')
  @Returns('CalendarFeedView', { array: true })
  myFeeds(@CurrentUser() user: AuthenticatedUser): Promise<CalendarFeedView[]> {
    return this.calendar.listMine(user);
  }

  @ApiBearerAuth()
  @Delete('calendar-feeds/:feedId')
  @Returns('CalendarFeedView')
  revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('feedId', uuid) feedId: string,
  ): Promise<CalendarFeedView> {
    return this.calendar.revoke(user, feedId);
  }

  /** The subscription URL calendar apps poll; the token in the path is the credential. */
  @Public()
  @Get('calendar/:file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ReturnsFile('text/calendar', { description: 'An iCalendar feed' })
  feed(@Param('file') file: string): Promise<string> {
    if (!file.endsWith('.ics') || file.length > 200) throw new NotFound('calendar feed');
    return this.calendar.render(file.slice(0, -'.ics'.length));
  }
}
