import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SecondOpinionView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { Returns } from '@app/openapi';
import { ReferralIntakeDto, WithdrawConsentDto } from './dto/referral.dto';
import { SecondOpinionRequestsService } from './second-opinion-requests.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('second opinions')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly requests: SecondOpinionRequestsService) {}

  @Post('boards/:boardId/second-opinions')
  @Returns('SecondOpinionView', { status: 201 })
  intake(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: ReferralIntakeDto,
  ): Promise<SecondOpinionView> {
    return this.requests.intake(user, boardId, body);
  }

  @Get('boards/:boardId/second-opinions')
  @Returns('SecondOpinionView', { array: true })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<SecondOpinionView[]> {
    return this.requests.list(user, boardId);
  }

  /** At-risk and breached turnarounds, most overdue first. */
  @Get('boards/:boardId/second-opinions/turnaround-watch')
  @Returns('SecondOpinionView', { array: true })
  turnaroundWatch(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<SecondOpinionView[]> {
    return this.requests.turnaroundWatch(user, boardId);
  }

  @Get('second-opinions/:id')
  @Returns('SecondOpinionView')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<SecondOpinionView> {
    return this.requests.get(user, id);
  }

  @Post('second-opinions/:id/consent/withdraw')
  @HttpCode(200)
  @Returns('SecondOpinionView', { status: 200 })
  withdrawConsent(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: WithdrawConsentDto,
  ): Promise<SecondOpinionView> {
    return this.requests.withdrawConsent(user, id, body.reason);
  }
}
