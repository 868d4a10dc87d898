import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ArbitrationView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { ArbitrationService } from './arbitration.service';
import { ArbitrationDecisionDto, RequestArbitrationDto } from './dto/arbitration.dto';
import { AssessmentDto, AttestationDto } from './dto/review.dto';

const uuid = new ParseUUIDPipe({ version: undefined });

/**
 * A third reviewer's arbitration of a delivered opinion that changed the diagnosis or the
 * treatment: asked for by a coordinator, done by the arbiter, blind to both earlier opinions
 * until their own assessment is in.
 */
@ApiTags('second opinions')
@ApiBearerAuth()
@Controller('second-opinions/:id/arbitration')
export class ArbitrationController {
  constructor(private readonly arbitration: ArbitrationService) {}

  /** Coordinators: the arbiter must be independent of the first opinion and not a reviewer of the request. */
  @Post()
  @Returns('ArbitrationView', { status: 201 })
  request(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: RequestArbitrationDto,
  ): Promise<ArbitrationView> {
    return this.arbitration.request(user, id, body);
  }

  /** Coordinators see everything; the arbiter sees the earlier opinions once their assessment is in. */
  @Get()
  @Returns('ArbitrationView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<ArbitrationView> {
    return this.arbitration.get(user, id);
  }

  @Post('attestation')
  @HttpCode(200)
  @Returns('ArbitrationView', { status: 200 })
  attest(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: AttestationDto,
  ): Promise<ArbitrationView> {
    return this.arbitration.attest(user, id, body.noConflict);
  }

  @Post('assessment')
  @HttpCode(200)
  @Returns('ArbitrationView', { status: 200 })
  assess(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: AssessmentDto,
  ): Promise<ArbitrationView> {
    return this.arbitration.submitAssessment(user, id, {
      diagnosis: body.diagnosis,
      stage: body.stage ?? null,
      recommendation: body.recommendation,
      alternatives: body.alternatives,
      risks: body.risks,
      pros: body.pros,
      cons: body.cons,
    });
  }

  /** The arbiter, once their assessment is in: the written opinion's next version records it. */
  @Post('decision')
  @HttpCode(200)
  @Returns('ArbitrationView', { status: 200 })
  decide(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: ArbitrationDecisionDto,
  ): Promise<ArbitrationView> {
    return this.arbitration.decide(user, id, body);
  }
}
