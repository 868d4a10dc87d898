import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SecondOpinionView } from '@app/contracts';
import { AuthenticatedUser, CurrentUser } from '@app/auth';
import { ReferralIntakeDto, WithdrawConsentDto } from './dto/referral.dto';
import { ReferralsService } from './referrals.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('second opinions')
@ApiBearerAuth()
@Controller()
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post('boards/:boardId/second-opinions')
  intake(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
    @Body() body: ReferralIntakeDto,
  ): Promise<SecondOpinionView> {
    return this.referrals.intake(user, boardId, body);
  }

  @Get('boards/:boardId/second-opinions')
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<SecondOpinionView[]> {
    return this.referrals.list(user, boardId);
  }

  /** At-risk and breached turnarounds, most overdue first. */
  @Get('boards/:boardId/second-opinions/turnaround-watch')
  turnaroundWatch(
    @CurrentUser() user: AuthenticatedUser,
    @Param('boardId', uuid) boardId: string,
  ): Promise<SecondOpinionView[]> {
    return this.referrals.turnaroundWatch(user, boardId);
  }

  @Get('second-opinions/:id')
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
  ): Promise<SecondOpinionView> {
    return this.referrals.get(user, id);
  }

  @Post('second-opinions/:id/consent/withdraw')
  @HttpCode(200)
  withdrawConsent(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: WithdrawConsentDto,
  ): Promise<SecondOpinionView> {
    return this.referrals.withdrawConsent(user, id, body.reason);
  }
}
