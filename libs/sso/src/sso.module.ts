import { DynamicModule, Module } from '@nestjs/common';
import { IdentityProviders } from './identity-providers';
import { SsoController } from './sso.controller';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';
import { SsoRepository } from './sso.repository';
import { SsoService } from './sso.service';
import { StepUpService } from './step-up.service';

@Module({})
export class SsoModule {
  /** Needs the auth context (global) in the application. */
  static register(settings: SsoSettings): DynamicModule {
    return {
      module: SsoModule,
      controllers: [SsoController],
      providers: [
        { provide: SSO_SETTINGS, useValue: settings },
        IdentityProviders,
        SsoRepository,
        SsoService,
        StepUpService,
      ],
    };
  }
}
