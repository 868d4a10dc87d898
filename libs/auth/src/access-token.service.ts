import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PlatformRole } from '@app/contracts';
import { Unauthenticated } from '@app/core';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Session (refresh-token family) id: revoking the session kills the token. */
  sid: string;
  role: PlatformRole;
  /** Expiry, seconds since the epoch (set on verified tokens). */
  exp?: number;
}

const ISSUER = 'tumor-board';
const AUDIENCE = 'tumor-board-api';

@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  get ttlSeconds(): number {
    return this.settings.accessTokenTtlSeconds;
  }

  issue(claims: AccessClaims): Promise<string> {
    return this.jwt.signAsync(
      { sid: claims.sid, role: claims.role },
      {
        subject: claims.sub,
        expiresIn: this.settings.accessTokenTtlSeconds,
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithm: 'HS256',
      },
    );
  }

  async verify(token: string): Promise<AccessClaims> {
    try {
      const payload = await this.jwt.verifyAsync<Partial<AccessClaims>>(token, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string')
        throw new Error('claims');
      return {
        sub: payload.sub,
        sid: payload.sid,
        role: payload.role as PlatformRole,
        exp: payload.exp,
      };
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new Unauthenticated(expired ? 'access token expired' : 'invalid access token');
    }
  }
}
