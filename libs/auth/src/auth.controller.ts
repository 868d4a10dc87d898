import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { SessionTokens, SignOutView, TokenPair, UserView } from '@app/contracts';
import { InvalidInput } from '@app/core';
import { Returns, ReturnsNothing } from '@app/openapi';
import { CurrentUser, Public } from './access.guard';
import { AuthService } from './auth.service';
import { AuthenticatedUser } from './authenticated-user';
import { AcceptInvitationDto, ChangePasswordDto, LoginDto, RefreshDto } from './dto/auth.dto';
import { clearRefreshCookie, deliverTokens, refreshTokenFromCookie } from './refresh-cookie';
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
  @Returns('IssuedTokens', { status: 200 })
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenPair | SessionTokens> {
    const pair = await this.auth.login(body.email, body.password, {
      clientIp: request.ip ?? null,
      userAgent: request.headers['user-agent'] ?? null,
    });
    return deliverTokens(pair, request, response);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('refresh')
  @HttpCode(200)
  @Returns('IssuedTokens', { status: 200 })
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenPair | SessionTokens> {
    const presented = body.refreshToken ?? refreshTokenFromCookie(request);
    if (presented === undefined) {
      throw new InvalidInput('no refresh token', [
        { field: 'refreshToken', message: 'refreshToken is required' },
      ]);
    }
    try {
      return deliverTokens(await this.auth.refresh(presented), request, response);
    } catch (error) {
      if (body.refreshToken === undefined) clearRefreshCookie(request, response);
      throw error;
    }
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(200)
  @Returns('SignOutView', { status: 200 })
  async logout(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SignOutView> {
    const signedOut = await this.auth.logout(user);
    clearRefreshCookie(request, response);
    return signedOut;
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('accept-invitation')
  @HttpCode(200)
  @Returns('UserView', { status: 200 })
  acceptInvitation(@Body() body: AcceptInvitationDto): Promise<UserView> {
    return this.users.acceptInvitation(body.invitationToken, body.password);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  @ReturnsNothing()
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    return this.users.changePassword(user, body.currentPassword, body.newPassword);
  }
}
