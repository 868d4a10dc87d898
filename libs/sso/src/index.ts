export * from './sso.module';
export * from './sso-settings';
export { readSsoConfig, providerVariablePrefix } from './domain';
export type { OidcProviderConfig, SsoConfig } from './domain';
import { ExternalIdentity } from './external-identity.entity';
import { SsoSignIn } from './sso-sign-in.entity';
import { SsoStepUpGrant } from './sso-step-up-grant.entity';

export const SSO_ENTITIES = [ExternalIdentity, SsoSignIn, SsoStepUpGrant];
