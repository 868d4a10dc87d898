import { DynamicModule, Module } from '@nestjs/common';
import { BoardAccessService } from './board-access.service';
import { BoardLookup } from './board-lookup';
import { BoardRepository } from './board.repository';
import { BoardsController } from './boards.controller';
import { BoardsService } from './boards.service';
import { BOARDS_SETTINGS, BoardsSettings } from './boards-settings';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { MeetingsController } from './meetings.controller';
import { MeetingRepository } from './meeting.repository';
import { MeetingsService } from './meetings.service';

@Module({})
export class BoardsModule {
  static register(settings: BoardsSettings): DynamicModule {
    return {
      module: BoardsModule,
      // Global: the cases context builds on board access and meetings.
      global: true,
      controllers: [BoardsController, MeetingsController, CalendarController],
      providers: [
        { provide: BOARDS_SETTINGS, useValue: settings },
        BoardRepository,
        MeetingRepository,
        CalendarFeedRepository,
        BoardAccessService,
        BoardLookup,
        BoardsService,
        MeetingsService,
        CalendarService,
      ],
      exports: [BoardAccessService, BoardLookup, BoardsService, MeetingsService],
    };
  }
}
