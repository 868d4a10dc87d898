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
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RecommendationView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { InvalidInput } from '@app/core';
import { Returns, ReturnsFile } from '@app/openapi';
import { signingProofOf } from './domain';
import {
  AmendRecommendationDto,
  RecommendationDto,
  SignRecommendationDto,
} from './dto/recommendation.dto';
import { RecommendationViewsService } from './recommendation-views.service';
import { RecommendationInput, RecommendationsService } from './recommendations.service';

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

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller()
export class RecommendationsController {
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly views: RecommendationViewsService,
  ) {}

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
    return this.views.forCase(user, caseId);
  }

  @Get('recommendations/:id')
  @Returns('RecommendationView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<RecommendationView> {
    return this.views.get(user, id);
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

  /**
   * Signed with the password or a confirmation at the identity provider. A wrong password is a
   * mistake in the form (400, on `password`), not a lapsed session (401).
   */
  @Post('recommendations/:id/sign')
  @HttpCode(200)
  @Returns('RecommendationView', { status: 200 })
  @ApiBadRequestResponse({
    description:
      'The password is not correct (`code` invalid_input, `details` on the field `password`), ' +
      'neither or both proofs were given, or the body is malformed',
    schema: { $ref: '#/components/schemas/ErrorBody' },
  })
  @ApiConflictResponse({
    description:
      'No confirmation at the identity provider for this recommendation in this session, or it ' +
      'expired or was used (`code` reauthentication_required): confirm again',
    schema: { $ref: '#/components/schemas/ErrorBody' },
  })
  sign(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: SignRecommendationDto,
  ): Promise<RecommendationView> {
    const proof = signingProofOf(body);
    if (!proof.ok) throw new InvalidInput('give one proof to sign', proof.problems);
    return this.recommendations.sign(user, id, proof.proof);
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
    const { pdf, version } = await this.views.pdf(user, id);
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
    return this.views.fhir(user, id);
  }
}
