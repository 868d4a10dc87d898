import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { OidcProviderConfig } from './domain/oidc-providers';
import { SSO_SETTINGS, SsoSettings } from './sso-settings';

/** Longest wait for a provider's answer (discovery, token, userinfo), in seconds. */
const REQUEST_TIMEOUT_SECONDS = 10;

/** What the browser is sent to, and the secrets its callback is checked against. */
export interface AuthorizationRequest {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A callback openid-client has verified: the identity's claims and the ID token itself. */
export interface VerifiedSignIn {
  claims: Record<string, unknown>;
  idToken: string;
}

/**
 * The configured OpenID Connect providers, through openid-client: discovery (at boot, and again
 * on the next sign-in while a provider cannot be reached, so the server boots without it and
 * says so), the authorization request with state, nonce and PKCE, the verified code exchange
 * (state, issuer, audience, signature, nonce, PKCE, all checked by openid-client), userinfo, and
 * the provider's logout URL.
 */
@Injectable()
export class IdentityProviders implements OnApplicationBootstrap {
  private readonly logger = new Logger('sso');
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(@Inject(SSO_SETTINGS) private readonly settings: SsoSettings) {}

  get all(): readonly OidcProviderConfig[] {
    return this.settings.providers;
  }

  find(id: string): OidcProviderConfig | undefined {
    return this.settings.providers.find((provider) => provider.id === id);
  }

  /** The redirect URI registered at the provider. */
  callbackUrl(provider: OidcProviderConfig): string {
    return `${this.settings.publicUrl}/api/v1/auth/oidc/${provider.id}/callback`;
  }

  onApplicationBootstrap(): void {
    for (const provider of this.settings.providers) {
      this.configuration(provider).then(
        () => this.logger.log(`identity provider ${provider.id} discovered at ${provider.issuer}`),
        (error: unknown) =>
          this.logger.warn(
            `identity provider ${provider.id} is unavailable (${describe(error)}): ` +
              'its sign-in button answers "unavailable" until discovery succeeds, retried at each sign-in',
          ),
      );
    }
  }

  /**
   * Throws when the provider cannot be reached (its discovery fails). A re-authentication asks
   * the provider for the person's credentials again, whatever session it holds (`prompt=login`,
   * `max_age=0`).
   */
  async authorizationRequest(
    provider: OidcProviderConfig,
    options: { reauthenticate: boolean } = { reauthenticate: false },
  ): Promise<AuthorizationRequest> {
    const config = await this.configuration(provider);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl(provider),
      scope: provider.scopes.join(' '),
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      ...(options.reauthenticate ? { prompt: 'login', max_age: '0' } : {}),
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Exchanges the callback's code and verifies everything openid-client checks; the claims are
   * the ID token's, completed by userinfo when the provider has that endpoint. Throws
   * openid-client's errors (see `exchangeFailure`).
   */
  async verify(
    provider: OidcProviderConfig,
    callbackQuery: string,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedSignIn> {
    const config = await this.configuration(provider);
    const currentUrl = new URL(this.callbackUrl(provider));
    currentUrl.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims || !tokens.id_token) throw new Error('no ID token in the token response');
    const userinfo = config.serverMetadata().userinfo_endpoint
      ? await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)
      : {};
    return { claims: { ...idClaims, ...userinfo }, idToken: tokens.id_token };
  }

  /**
   * The provider's RP-initiated logout URL for a session signed in with `idToken`, coming back to
   * the sign-in page; null when the provider has no end_session_endpoint or cannot be reached.
   */
  async logoutUrl(providerId: string, idToken: string): Promise<string | null> {
    const provider = this.find(providerId);
    if (!provider) return null;
    let config: oidc.Configuration;
    try {
      config = await this.configuration(provider);
    } catch {
      return null;
    }
    if (!config.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(config, {
      id_token_hint: idToken,
      post_logout_redirect_uri: `${this.settings.publicUrl}/login`,
    }).href;
  }

  /** The discovered configuration; a failed discovery is forgotten, so the next call tries again. */
  private configuration(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    const known = this.configurations.get(provider.id);
    if (known) return known;
    const pending = this.discover(provider);
    this.configurations.set(provider.id, pending);
    pending.catch(() => {
      if (this.configurations.get(provider.id) === pending) this.configurations.delete(provider.id);
    });
    return pending;
  }

  private async discover(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    // Plain http only outside production (the configuration refuses it there).
    const insecure = new URL(provider.issuer).protocol === 'http:';
    const discovered = await oidc.discovery(
      new URL(provider.issuer),
      provider.clientId,
      undefined,
      oidc.None(),
      {
        timeout: REQUEST_TIMEOUT_SECONDS,
        execute: insecure ? [oidc.allowInsecureRequests] : [],
      },
    );
    const metadata = discovered.serverMetadata();
    const config = new oidc.Configuration(
      metadata,
      provider.clientId,
      provider.clientSecret ?? undefined,
      clientAuthentication(provider.clientSecret, metadata.token_endpoint_auth_methods_supported),
    );
    if (insecure) oidc.allowInsecureRequests(config);
    config.timeout = REQUEST_TIMEOUT_SECONDS;
    return config;
  }
}

/**
 * How the client authenticates at the token endpoint: none for a public client (PKCE alone),
 * else client_secret_basic (the default of OpenID Connect) unless the provider offers only
 * client_secret_post.
 */
function clientAuthentication(
  secret: string | null,
  supported: readonly string[] | undefined,
): oidc.ClientAuth {
  if (secret === null) return oidc.None();
  if (
    supported &&
    !supported.includes('client_secret_basic') &&
    supported.includes('client_secret_post')
  )
    return oidc.ClientSecretPost(secret);
  return oidc.ClientSecretBasic(secret);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
