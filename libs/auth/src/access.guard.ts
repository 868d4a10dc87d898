import {
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PlatformRole } from '@app/contracts';
import { Forbidden, Unauthenticated, currentRequestContext } from '@app/core';
import { AuthService } from './auth.service';
import { AuthenticatedUser } from './authenticated-user';

const PUBLIC = 'auth:public';
const ROLES = 'auth:roles';

/** The route needs no signed-in user (login, health, calendar feeds). */
export const Public = () => SetMetadata(PUBLIC, true);

const RECENT_SESSION = 'auth:recent-session';

/**
 * A route a viewer calls many times a second (a study's frames): a check of the caller's session
 * made within `ms` is enough, rather than one in PostgreSQL per request. An ended session is
 * still refused at once on this instance, on the others as soon as its end is relayed.
 */
export const SessionCheckedWithin = (ms: number) => SetMetadata(RECENT_SESSION, ms);

/** The route needs one of these platform roles. */
export const RequireRole = (...roles: PlatformRole[]) => SetMetadata(ROLES, roles);

type AuthenticatedRequest = Request & { user?: AuthenticatedUser };

export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (!user) throw new Unauthenticated('authentication required');
    return user;
  },
);

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  return match ? match[1] : null;
}

/**
 * Global HTTP guard: every route requires a valid access token whose session
 * is live, unless marked @Public(); @RequireRole narrows further.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token)
      throw new Unauthenticated(
        'authentication required: send an Authorization: Bearer <access token> header',
      );
    const recentWithinMs = this.reflector.getAllAndOverride<number | undefined>(
      RECENT_SESSION,
      targets,
    );
    const user = await this.auth.authenticate(token, { recentWithinMs });
    request.user = user;
    const requestContext = currentRequestContext();
    if (requestContext) requestContext.actorId = user.id;

    const roles = this.reflector.getAllAndOverride<PlatformRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role))
      throw new Forbidden('this action needs the administrator role');
    return true;
  }
}
