import { Controller, Delete, Get, Header, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CalendarFeedView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser, Public } from '@app/auth';
import { NotFound } from '@app/core';
import { CalendarService } from './calendar.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @ApiBearerAuth()
  @Post('boards/:boardId/calendar-feeds')
  createBoardFeed(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<CalendarFeedView> {
    return this.calendar.createBoardFeed(user, boardId);
  }

  @ApiBearerAuth()
  @Post('users/me/calendar-feeds')
  createMyFeed(@CurrentUser() user: AuthenticatedUser): Promise<CalendarFeedView> {
    return this.calendar.createUserFeed(user);
  }

  @ApiBearerAuth()
  @Get('users/me/calendar-feeds')
  myFeeds(@CurrentUser() user: AuthenticatedUser): Promise<CalendarFeedView[]> {
    return this.calendar.listMine(user);
  }

  @ApiBearerAuth()
  @Delete('calendar-feeds/:feedId')
  revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('feedId', uuid) feedId: string,
  ): Promise<CalendarFeedView> {
    return this.calendar.revoke(user, feedId);
  }

  /** The subscription URL calendar apps poll; the token in the path is the credential. */
  @Public()
  @Get('calendar/:file')
  @ApiProduces('text/calendar')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  feed(@Param('file') file: string): Promise<string> {
    if (!file.endsWith('.ics') || file.length > 200) throw new NotFound('calendar feed');
    return this.calendar.render(file.slice(0, -'.ics'.length));
  }
}
