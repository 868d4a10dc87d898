import { IsCanonicalUuid } from '@app/core';
import { CastBallotDto, OpenVoteDto } from '@app/voting';

export class OpenLiveVoteDto extends OpenVoteDto {
  @IsCanonicalUuid()
  meetingId!: string;
}

export class CastVoteDto extends CastBallotDto {
  @IsCanonicalUuid()
  voteId!: string;
}

export class CloseVoteDto {
  @IsCanonicalUuid()
  voteId!: string;
}
