import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request } from 'express';
import { TokenPair, UserView } from '@app/contracts';
import { CurrentUser, Public } from './access.guard';
import { AuthService } from './auth.service';
import { AuthenticatedUser } from './authenticated-user';
import { AcceptInvitationDto, ChangePasswordDto, LoginDto, RefreshDto } from './dto/auth.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  login(@Body() body: LoginDto, @Req() request: Request): Promise<TokenPair> {
    return this.auth.login(body.email, body.password, {
      clientIp: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
    });
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshDto): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.auth.logout(user);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('accept-invitation')
  @HttpCode(200)
  acceptInvitation(@Body() body: AcceptInvitationDto): Promise<UserView> {
    return this.users.acceptInvitation(body.invitationToken, body.password);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    return this.users.changePassword(user, body.currentPassword, body.newPassword);
  }
}
