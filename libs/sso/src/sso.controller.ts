import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { Public, setRefreshCookie } from '@app/auth';
import { SignInOptionsView, SsoRefusal } from '@app/contracts';
import { InvalidInput } from '@app/core';
import { Returns } from '@app/openapi';
import { parseCallbackQuery } from './domain/callback';
import { StartSignInDto } from './dto/sso.dto';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';
import { SsoService } from './sso.service';

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
    response.cookie(STATE_COOKIE, outcome.state, {
      httpOnly: true,
      secure: request.secure,
      sameSite: 'lax',
      path: callbackPath(provider.id),
      maxAge: STATE_COOKIE_MAX_AGE_MS,
    });
    response.redirect(303, outcome.url);
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
    setRefreshCookie(request, response, outcome.tokens);
    response.redirect(303, outcome.returnTo);
  }
}

function toSignInPage(response: Response, reason: SsoRefusal): void {
  response.redirect(303, `/login?sso=${reason}`);
}
