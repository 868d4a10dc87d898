import { BoardMember } from './board-member.entity';
import { Board } from './board.entity';
import { CalendarFeed } from './calendar-feed.entity';
import { Meeting, MeetingSeries } from './meeting.entity';

export * from './boards.module';
export * from './boards.service';
export * from './meetings.service';
export { BoardAction, mayOnBoard, mayEditCase, mayViewMrn } from '@app/contracts';
export * from './board-access.service';
export type { BoardMembership } from './board.repository';
export * from './board-lookup';
export * from './boards-settings';
export * from './board.entity';
export * from './board-member.entity';
export * from './meeting.entity';
export * from './calendar-feed.entity';
export * from './domain';

export const BOARDS_ENTITIES = [Board, BoardMember, MeetingSeries, Meeting, CalendarFeed];
