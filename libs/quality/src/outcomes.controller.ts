import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { BoardOutcomeFollowUpsView, OutcomeScheduleView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import {
  BoardOutcomeFollowUpsQueryDto,
  OutcomeScheduleQueryDto,
  RecordOutcomeDto,
} from './dto/outcome.dto';
import { OutcomesService, RecordOutcomeInput } from './outcomes.service';

const uuid = new ParseUUIDPipe({ version: undefined });

function toInput(body: RecordOutcomeDto): RecordOutcomeInput {
  return {
    intervalDays: body.intervalDays,
    adherence: body.adherence,
    deviationReason: body.deviationReason,
    deviationDetail: body.deviationDetail,
    outcomeNotes: body.outcomeNotes,
  };
}

function asOf(query: OutcomeScheduleQueryDto): Date | undefined {
  return query.asOf === undefined ? undefined : new Date(query.asOf);
}

/**
 * Outcome follow-ups of published recommendations and delivered second opinions. Members of the
 * board read; coordinators, the chair and platform admins record. A refused outcome answers 400
 * with the rule's code as the message of its detail (e.g. `deviation_reason_required`).
 */
@ApiTags('outcome follow-ups')
@ApiBearerAuth()
@Controller()
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  /** Every follow-up on the board: overdue first (most overdue first), then due, upcoming, done. */
  @Get('boards/:boardId/outcome-follow-ups')
  @Returns('BoardOutcomeFollowUpsView')
  forBoard(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Query() query: BoardOutcomeFollowUpsQueryDto,
  ): Promise<BoardOutcomeFollowUpsView> {
    return this.outcomes.forBoard(user, boardId, { status: query.status, asOf: asOf(query) });
  }

  /** The schedule of the recommendation's chain; `id` may be any of its versions. */
  @Get('recommendations/:id/outcome-follow-ups')
  @Returns('OutcomeScheduleView')
  recommendation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Query() query: OutcomeScheduleQueryDto,
  ): Promise<OutcomeScheduleView> {
    return this.outcomes.recommendationSchedule(user, id, asOf(query));
  }

  @Post('recommendations/:id/outcome-follow-ups')
  @Returns('OutcomeScheduleView', { status: 201 })
  recordForRecommendation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: RecordOutcomeDto,
  ): Promise<OutcomeScheduleView> {
    return this.outcomes.record(user, 'recommendation', id, toInput(body));
  }

  @Get('second-opinions/:id/outcome-follow-ups')
  @Returns('OutcomeScheduleView')
  secondOpinion(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Query() query: OutcomeScheduleQueryDto,
  ): Promise<OutcomeScheduleView> {
    return this.outcomes.secondOpinionSchedule(user, id, asOf(query));
  }

  @Post('second-opinions/:id/outcome-follow-ups')
  @Returns('OutcomeScheduleView', { status: 201 })
  recordForSecondOpinion(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: RecordOutcomeDto,
  ): Promise<OutcomeScheduleView> {
    return this.outcomes.record(user, 'second_opinion', id, toInput(body));
  }
}
