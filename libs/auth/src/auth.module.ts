import { createSecretKey } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessGuard } from './access.guard';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthSessionRepository } from './auth-session.repository';
import { AuthService } from './auth.service';
import { AUTH_SETTINGS, AuthSettings } from './auth-settings';
import { ExternalAccounts } from './external-accounts';
import { PasswordHasher } from './password-hasher';
import { RecentSessions } from './recent-sessions';
import { SessionTracker } from './session-tracker';
import { SignOutRedirects } from './sign-out-redirects';
import { StepUpGrants } from './step-up-grants';
import { UsersController } from './users.controller';
import { UserLookup } from './user-lookup';
import { UserRepository } from './user.repository';
import { UsersService } from './users.service';

@Module({})
export class AuthModule {
  static register(settings: AuthSettings): DynamicModule {
    return {
      module: AuthModule,
      // Global: every context authenticates (HTTP guard, socket handshakes, WebSocket upgrades).
      global: true,
      imports: [
        // A key object made once: given the secret as a string, jsonwebtoken first tries to read
        // it as a public key on every verification (a failed parse, about 0.5 ms each request).
        JwtModule.register({ secret: createSecretKey(Buffer.from(settings.jwtSecret, 'utf8')) }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: settings.loginRateLimitPerMinute }],
        }),
      ],
      controllers: [AuthController, UsersController],
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        PasswordHasher,
        UserRepository,
        AuthSessionRepository,
        AccessTokenService,
        AuthService,
        UsersService,
        ExternalAccounts,
        SessionTracker,
        RecentSessions,
        SignOutRedirects,
        StepUpGrants,
        UserLookup,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [
        AuthService,
        UsersService,
        ExternalAccounts,
        AccessTokenService,
        SessionTracker,
        SignOutRedirects,
        StepUpGrants,
        UserLookup,
      ],
    };
  }
}
