import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { VoteView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import {
  CastBallotDto,
  ExternalOpinionDto,
  MinorityOpinionDto,
  OpenPanelVoteDto,
} from './dto/vote.dto';
import { VoteViewsService } from './vote-views.service';
import { BallotReceipt, VotesService } from './votes.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('votes')
@ApiBearerAuth()
@Controller()
export class VotesController {
  constructor(
    private readonly votes: VotesService,
    private readonly views: VoteViewsService,
  ) {}

  /** An asynchronous panel vote (live votes open from the meeting room). */
  @Post('cases/:caseId/votes')
  @Returns('VoteView', { status: 201 })
  open(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Body() body: OpenPanelVoteDto,
  ): Promise<VoteView> {
    return this.votes.openAsync(user, {
      caseId,
      question: body.question,
      options: body.options.map((o) => ({ ...o, sequence: o.sequence ?? null })),
      deadline: new Date(body.deadline),
      panelUserIds: body.panelUserIds,
    });
  }

  @Get('cases/:caseId/votes')
  @Returns('VoteView', { array: true })
  forCase(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<VoteView[]> {
    return this.views.forCase(user, caseId);
  }

  @Get('votes/:voteId')
  @Returns('VoteView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('voteId', uuid) voteId: string,
  ): Promise<VoteView> {
    return this.views.view(user, voteId);
  }

  @Post('votes/:voteId/ballots')
  @HttpCode(200)
  @Returns('BallotReceiptView', { status: 200 })
  cast(
    @CurrentUser() user: AuthenticatedUser,
    @Param('voteId', uuid) voteId: string,
    @Body() body: CastBallotDto,
  ): Promise<BallotReceipt> {
    return this.votes.cast(user, voteId, {
      optionId: body.choice === 'abstain' ? null : body.choice.toLowerCase(),
      comment: body.comment ?? null,
      submissionId: body.submissionId,
    });
  }

  @Post('votes/:voteId/close')
  @HttpCode(200)
  @Returns('VoteView', { status: 200 })
  close(
    @CurrentUser() user: AuthenticatedUser,
    @Param('voteId', uuid) voteId: string,
  ): Promise<VoteView> {
    return this.votes.closeByChair(user, voteId);
  }

  /** No consensus: the chair refers the case for an external (third) opinion. */
  @Post('votes/:voteId/external-opinion')
  @HttpCode(200)
  @Returns('VoteView', { status: 200 })
  referForExternalOpinion(
    @CurrentUser() user: AuthenticatedUser,
    @Param('voteId', uuid) voteId: string,
    @Body() body: ExternalOpinionDto,
  ): Promise<VoteView> {
    return this.votes.referForExternalOpinion(user, voteId, {
      institution: body.institution,
      reason: body.reason,
    });
  }

  @Post('votes/:voteId/minority-opinions')
  @Returns('VoteView', { status: 201 })
  minority(
    @CurrentUser() user: AuthenticatedUser,
    @Param('voteId', uuid) voteId: string,
    @Body() body: MinorityOpinionDto,
  ): Promise<VoteView> {
    return this.votes.recordMinorityOpinion(user, voteId, body.text);
  }
}
