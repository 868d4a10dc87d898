import type { OidcProviderConfig } from './domain/oidc-providers';

/** Everything the single sign-on context needs from configuration; the app supplies it. */
export interface SsoSettings {
  providers: OidcProviderConfig[];
  /** Base URL users reach the server at: the callback and post-logout URLs are built on it. */
  publicUrl: string;
  /** Whether password sign-in is offered beside the providers (the sign-in page's options). */
  passwordLogin: boolean;
}

export const SSO_SETTINGS = Symbol('SSO_SETTINGS');
