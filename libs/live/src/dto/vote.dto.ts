import { IsUUID } from 'class-validator';
import { CastBallotDto, OpenVoteDto } from '@app/voting';

export class OpenLiveVoteDto extends OpenVoteDto {
  @IsUUID()
  meetingId!: string;
}

export class CastVoteDto extends CastBallotDto {
  @IsUUID()
  voteId!: string;
}

export class CloseVoteDto {
  @IsUUID()
  voteId!: string;
}
