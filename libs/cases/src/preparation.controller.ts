import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PreparationRequestView, PreparationWorklistItemView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import {
  CancelPreparationRequestDto,
  CompletePreparationRequestDto,
  CreatePreparationRequestDto,
  PreparationWorklistQuery,
} from './dto/preparation.dto';
import { PreparationService } from './preparation.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('preparation-requests')
@ApiBearerAuth()
@Controller()
export class PreparationController {
  constructor(private readonly preparation: PreparationService) {}

  /** Asks a specialty to prepare the case: a coordinator, or the case's presenter or chair. */
  @Post('cases/:caseId/preparation-requests')
  @Returns('PreparationRequestView', { status: 201 })
  request(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
    @Body() body: CreatePreparationRequestDto,
  ): Promise<PreparationRequestView> {
    return this.preparation.request(user, caseId, body);
  }

  /** Every preparation request on the case, oldest first. */
  @Get('cases/:caseId/preparation-requests')
  @Returns('PreparationRequestView', { array: true })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('caseId', uuid) caseId: string,
  ): Promise<PreparationRequestView[]> {
    return this.preparation.list(user, caseId);
  }

  /** The caller's worklist: what is asked of their specialty or of them by name, oldest due first. */
  @Get('users/me/preparation-requests')
  @Returns('PreparationWorklistItemView', { array: true })
  worklist(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PreparationWorklistQuery,
  ): Promise<PreparationWorklistItemView[]> {
    return this.preparation.worklist(user, query.status ?? 'open');
  }

  @Post('preparation-requests/:requestId/complete')
  @HttpCode(200)
  @Returns('PreparationRequestView', { status: 200 })
  complete(
    @CurrentUser() user: AuthenticatedUser,
    @Param('requestId', uuid) requestId: string,
    @Body() body: CompletePreparationRequestDto,
  ): Promise<PreparationRequestView> {
    return this.preparation.complete(user, requestId, body.finding);
  }

  @Post('preparation-requests/:requestId/cancel')
  @HttpCode(200)
  @Returns('PreparationRequestView', { status: 200 })
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('requestId', uuid) requestId: string,
    @Body() body: CancelPreparationRequestDto,
  ): Promise<PreparationRequestView> {
    return this.preparation.cancel(user, requestId, body.reason);
  }
}
