import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MyReviewView, ReviewView, ReviewerProgressView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns, ReturnsNothing } from '@app/openapi';
import {
  AssessmentDto,
  AssignReviewersDto,
  AttestationDto,
  ConcordanceDto,
} from './dto/review.dto';
import { ReviewerWorklistService } from './reviewer-worklist.service';
import { ReviewsService } from './reviews.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('second opinions')
@ApiBearerAuth()
@Controller('second-opinions/:id')
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  /** Coordinators: one specialist or a panel; reviewers from the first opinion's institution are refused. */
  @Post('reviewers')
  @HttpCode(204)
  @ReturnsNothing()
  assign(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: AssignReviewersDto,
  ): Promise<void> {
    return this.reviews.assign(user, id, body.userIds);
  }

  /** Coordinators: each reviewer's progress (attestation, assessment, concordance), never their content. */
  @Get('reviewers')
  @Returns('ReviewerProgressView', { array: true })
  reviewers(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<ReviewerProgressView[]> {
    return this.reviews.progress(user, id);
  }

  /** The caller's own review (the first opinion only once their assessment is submitted). */
  @Get('review')
  @Returns('ReviewView')
  review(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<ReviewView> {
    return this.reviews.review(user, id);
  }

  @Post('review/attestation')
  @HttpCode(200)
  @Returns('ReviewView', { status: 200 })
  attest(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: AttestationDto,
  ): Promise<ReviewView> {
    return this.reviews.attest(user, id, body.noConflict);
  }

  @Post('review/assessment')
  @HttpCode(200)
  @Returns('ReviewView', { status: 200 })
  assess(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: AssessmentDto,
  ): Promise<ReviewView> {
    return this.reviews.submitAssessment(user, id, {
      diagnosis: body.diagnosis,
      stage: body.stage ?? null,
      recommendation: body.recommendation,
      alternatives: body.alternatives,
      risks: body.risks,
      pros: body.pros,
      cons: body.cons,
    });
  }

  @Post('review/concordance')
  @HttpCode(200)
  @Returns('ReviewView', { status: 200 })
  classify(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: ConcordanceDto,
  ): Promise<ReviewView> {
    return this.reviews.classify(user, id, body);
  }
}

@ApiTags('second opinions')
@ApiBearerAuth()
@Controller('me')
export class MyReviewsController {
  constructor(private readonly worklist: ReviewerWorklistService) {}

  /**
   * The caller's requests as reviewer or arbiter: open work first (most at risk first), then the
   * latest completed ones. Never with the first opinion.
   */
  @Get('second-opinion-reviews')
  @Returns('MyReviewView', { array: true })
  mine(@CurrentUser() user: AuthenticatedUser): Promise<MyReviewView[]> {
    return this.worklist.mine(user);
  }
}
