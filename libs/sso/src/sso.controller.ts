import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser, Public, setRefreshCookie } from '@app/auth';
import {
  ReauthenticationOptionsView,
  SignInOptionsView,
  SsoRefusal,
  StepUpStartView,
} from '@app/contracts';
import { InvalidInput } from '@app/core';
import { Returns } from '@app/openapi';
import { parseCallbackQuery } from './domain/callback';
import { StartReauthenticationDto, StartSignInDto } from './dto/sso.dto';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';
import { SsoService } from './sso.service';
import { StepUpService } from './step-up.service';

/**
 * The browser's state for one sign-in: HttpOnly, sent only to that provider's callback, and
 * SameSite=Lax because the callback is a top-level navigation coming from the provider's site.
 */
const STATE_COOKIE = 'tb_sso_state';
const STATE_COOKIE_MAX_AGE_MS = 10 * 60_000;

function callbackPath(providerId: string): string {
  return `/api/v1/auth/oidc/${providerId}/callback`;
}

/**
 * Single sign-on routes. `start` and `callback` are browser navigations, not API calls (left out
 * of the API document): each answers with a redirect — to the provider, to the app once signed
 * in (the session handed over in the web client's refresh cookie, never in a URL), or to the
 * sign-in page with the reason (`/login?sso=<reason>`). A malformed callback is answered 400.
 */
@ApiTags('auth')
@Controller('auth')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    private readonly stepUps: StepUpService,
    @Inject(SSO_SETTINGS) private readonly settings: SsoSettings,
  ) {}

  @Public()
  @Get('sign-in-options')
  @Returns('SignInOptionsView')
  signInOptions(): SignInOptionsView {
    return this.sso.options(this.settings.passwordLogin);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Get('oidc/:provider/start')
  @ApiExcludeEndpoint()
  async start(
    @Param('provider') providerId: string,
    @Query() query: StartSignInDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const provider = this.sso.provider(providerId);
    const outcome = await this.sso.start(provider, query.next);
    response.setHeader('Cache-Control', 'no-store');
    if (outcome.kind === 'refused') return toSignInPage(response, outcome.reason);
    setStateCookie(request, response, provider.id, outcome.state);
    response.redirect(303, outcome.url);
  }

  /** How the signed-in person confirms who they are before signing: password, provider, or both. */
  @ApiBearerAuth()
  @Get('reauthentication')
  @Returns('ReauthenticationOptionsView')
  reauthenticationOptions(
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ReauthenticationOptionsView> {
    return this.stepUps.options(user);
  }

  /**
   * Starts a confirmation at the session's identity provider (it asks for the credentials
   * again): the browser is to go to `url`, and comes back to `next` told how it went. The state
   * travels in a cookie set here, as a sign-in's.
   */
  @ApiBearerAuth()
  @UseGuards(ThrottlerGuard)
  @Post('reauthentication')
  @HttpCode(200)
  @Returns('StepUpStartView', { status: 200 })
  @ApiConflictResponse({
    description:
      'The account has no identity provider to confirm with (`code` no_identity_provider), or ' +
      'the provider cannot be reached (`code` provider_unavailable)',
    schema: { $ref: '#/components/schemas/ErrorBody' },
  })
  async startReauthentication(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: StartReauthenticationDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StepUpStartView> {
    const started = await this.stepUps.start(
      user,
      { act: body.act, recommendationId: body.recommendationId },
      body.next,
    );
    response.setHeader('Cache-Control', 'no-store');
    setStateCookie(request, response, started.providerId, started.state);
    return { url: started.url };
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Get('oidc/:provider/callback')
  @ApiExcludeEndpoint()
  async callback(
    @Param('provider') providerId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const provider = this.sso.provider(providerId);
    const parsed = parseCallbackQuery(request.query as Record<string, unknown>);
    if (!parsed.ok) throw new InvalidInput('malformed sign-in callback', parsed.problems);
    const cookies = (request as Request & { cookies?: Record<string, unknown> }).cookies;
    const browserState = cookies?.[STATE_COOKIE];
    const query = request.originalUrl.slice(request.originalUrl.indexOf('?'));
    const outcome = await this.sso.complete(
      provider,
      parsed.params,
      query,
      typeof browserState === 'string' ? browserState : undefined,
      { clientIp: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null },
    );
    response.setHeader('Cache-Control', 'no-store');
    response.clearCookie(STATE_COOKIE, {
      httpOnly: true,
      secure: request.secure,
      sameSite: 'lax',
      path: callbackPath(provider.id),
    });
    if (outcome.kind === 'refused') return toSignInPage(response, outcome.reason);
    if (outcome.kind === 'stepped-up') return response.redirect(303, outcome.returnTo);
    setRefreshCookie(request, response, outcome.tokens);
    response.redirect(303, outcome.returnTo);
  }
}

function setStateCookie(
  request: Request,
  response: Response,
  providerId: string,
  state: string,
): void {
  response.cookie(STATE_COOKIE, state, {
    httpOnly: true,
    secure: request.secure,
    sameSite: 'lax',
    path: callbackPath(providerId),
    maxAge: STATE_COOKIE_MAX_AGE_MS,
  });
}

function toSignInPage(response: Response, reason: SsoRefusal): void {
  response.redirect(303, `/login?sso=${reason}`);
}
