import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { RoomCommandName } from '@app/contracts';

export class JoinMeetingDto {
  @IsUUID()
  meetingId!: string;
}

const COMMANDS: RoomCommandName[] = [
  'start',
  'end',
  'focus',
  'next',
  'previous',
  'raise_hand',
  'lower_hand',
  'give_floor',
  'release_floor',
];

export class MeetingCommandDto {
  @IsUUID()
  meetingId!: string;

  @IsIn(COMMANDS)
  command!: RoomCommandName;

  @IsOptional()
  @IsUUID()
  itemId?: string;

  @IsOptional()
  @IsUUID()
  userId?: string;
}
