import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  StreamableFile,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RecommendationView, VoteView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns, ReturnsFile } from '@app/openapi';
import {
  AmendRecommendationDto,
  CastBallotDto,
  ExternalOpinionDto,
  MinorityOpinionDto,
  OpenPanelVoteDto,
  RecommendationDto,
  SignRecommendationDto,
} from './dto/voting.dto';
import { RecommendationInput, RecommendationsService } from './recommendations.service';
import { BallotReceipt, VotesService } from './votes.service';

const uuid = new ParseUUIDPipe({ version: undefined });

function toRecommendationInput(body: RecommendationDto): RecommendationInput {
  return {
    rationale: body.rationale,
    guidelineReferences: body.guidelineReferences.map((g) => ({
      citation: g.citation,
      evidenceCategory: g.evidenceCategory,
    })),
    trialReferrals: body.trialReferrals.map((t) => ({ nctId: t.nctId, title: t.title ?? null })),
  };
}

@ApiTags('votes')
@ApiBearerAuth()
@Controller()
export class VotesController {
  constructor(private readonly votes: VotesService) {}

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
    return this.votes.forCase(user, caseId);
  }

  @Get('votes/:voteId')
  @Returns('VoteView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('voteId', uuid) voteId: string,
  ): Promise<VoteView> {
    return this.votes.view(user, voteId);
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

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller()
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Post('votes/:voteId/recommendation')
  @Returns('RecommendationView', { status: 201 })
  draft(
    @CurrentUser() user: AuthenticatedUser,
    @Param('voteId', uuid) voteId: string,
    @Body() body: RecommendationDto,
  ): Promise<RecommendationView> {
    return this.recommendations.draft(user, voteId, toRecommendationInput(body));
  }

  @Get('cases/:caseId/recommendations')
  @Returns('RecommendationView', { array: true })
  forCase(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<RecommendationView[]> {
    return this.recommendations.forCase(user, caseId);
  }

  @Get('recommendations/:id')
  @Returns('RecommendationView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<RecommendationView> {
    return this.recommendations.get(user, id);
  }

  @Patch('recommendations/:id')
  @Returns('RecommendationView')
  edit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: RecommendationDto,
  ): Promise<RecommendationView> {
    return this.recommendations.edit(user, id, toRecommendationInput(body));
  }

  /** A wrong password is a mistake in the form (400, on `password`), not a lapsed session (401). */
  @Post('recommendations/:id/sign')
  @HttpCode(200)
  @Returns('RecommendationView', { status: 200 })
  @ApiBadRequestResponse({
    description:
      'The password is not correct (`code` invalid_input, `details` on the field `password`), ' +
      'or the body is malformed',
    schema: { $ref: '#/components/schemas/ErrorBody' },
  })
  sign(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: SignRecommendationDto,
  ): Promise<RecommendationView> {
    return this.recommendations.sign(user, id, body.password);
  }

  @Post('recommendations/:id/publish')
  @HttpCode(200)
  @Returns('RecommendationView', { status: 200 })
  publish(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<RecommendationView> {
    return this.recommendations.publish(user, id);
  }

  @Post('recommendations/:id/amend')
  @Returns('RecommendationView', { status: 201 })
  amend(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: AmendRecommendationDto,
  ): Promise<RecommendationView> {
    return this.recommendations.amend(user, id, body.reason);
  }

  @Get('recommendations/:id/pdf')
  @Header('content-type', 'application/pdf')
  @ReturnsFile('application/pdf')
  async pdf(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<StreamableFile> {
    const { pdf, version } = await this.recommendations.pdf(user, id);
    return new StreamableFile(pdf, {
      disposition: `inline; filename="recommendation-${id}-v${version}.pdf"`,
    });
  }

  @Get('recommendations/:id/fhir')
  @Header('content-type', 'application/fhir+json')
  @ReturnsFile('application/fhir+json', {
    description: 'The published recommendation as a FHIR R4 document Bundle',
    schema: { type: 'object', additionalProperties: true },
  })
  fhir(@CurrentUser() user: AuthenticatedUser, @Param('id', uuid) id: string): Promise<object> {
    return this.recommendations.fhir(user, id);
  }
}
