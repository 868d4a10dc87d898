import { Page } from './audit';
import { PlatformRole, Specialty, UserStatus } from './enums';

export interface MedicalLicence {
  number: string;
  jurisdiction: string;
  expiresOn?: string;
}

export interface BoardCertification {
  board: string;
  specialty: string;
  certifiedOn?: string;
}

export interface ProfessionalCredentials {
  licences: MedicalLicence[];
  boardCertifications: BoardCertification[];
}

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  specialty: Specialty;
  institution: string;
  credentials: ProfessionalCredentials;
  role: PlatformRole;
  status: UserStatus;
  createdAt: string;
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** What the web client receives: the pair without its refresh half, which travels in an HttpOnly cookie. */
export type SessionTokens = Omit<TokenPair, 'refreshToken'>;

/**
 * What login and refresh answer: the whole pair for API clients, or the pair without its
 * refresh half when the client asked for cookie delivery (the web client).
 */
export type IssuedTokens = TokenPair | SessionTokens;

export interface InvitationView {
  user: UserView;
  /** One-time token the invitee exchanges for a password; shown only once. */
  invitationToken: string;
  invitationExpiresAt: string;
}

/** What signing out answers. */
export interface SignOutView {
  /**
   * For a session opened through an identity provider that supports RP-initiated logout: its
   * logout page, for the client to navigate to so the provider's session ends too; else null.
   */
  providerLogoutUrl: string | null;
}

/** An identity provider clinicians may sign in with (single sign-on over OpenID Connect). */
export interface SsoProviderView {
  id: string;
  /** What the sign-in button names: "Sign in with <displayName>". */
  displayName: string;
  /** Where the browser goes to sign in with it (a navigation, not an API call). */
  startUrl: string;
}

/** How one may sign in here: what the sign-in page offers. */
export interface SignInOptionsView {
  /** False when password sign-in is switched off (`PASSWORD_LOGIN=false`). */
  passwordLogin: boolean;
  providers: SsoProviderView[];
}

/**
 * Why a single sign-on did not sign the user in, as the callback tells the sign-in page
 * (`/login?sso=<reason>`) and records in the audit log.
 */
export type SsoRefusal =
  | 'account_disabled'
  | 'account_not_active'
  | 'email_not_verified'
  | 'invitation_expired'
  | 'linked_to_another_identity'
  | 'no_account'
  | 'provider_unavailable'
  | 'provider_error'
  | 'cancelled'
  | 'state_mismatch'
  | 'state_unknown'
  | 'state_replayed'
  | 'state_expired'
  | 'nonce_mismatch'
  | 'code_rejected'
  | 'id_token_invalid';

/**
 * How the signed-in person confirms who they are again before an act that carries their name
 * (signing a recommendation): their password, their identity provider, or both.
 */
export interface ReauthenticationOptionsView {
  /** Whether the account has a password of this site (an account made by single sign-on has none). */
  password: boolean;
  /**
   * The identity provider to confirm with: the one this session signed in through, else one the
   * account is linked to; null when there is none.
   */
  provider: { id: string; displayName: string } | null;
}

/** Where the browser goes to confirm at the identity provider (a navigation, not an API call). */
export interface StepUpStartView {
  url: string;
}

/**
 * Why a confirmation at the identity provider gave no proof, as its callback tells the page it
 * came from (`?stepUp=<reason>`) and records in the audit log. `granted` is its success.
 */
export type StepUpRefusal =
  | Extract<
      SsoRefusal,
      | 'provider_unavailable'
      | 'provider_error'
      | 'cancelled'
      | 'state_mismatch'
      | 'state_replayed'
      | 'state_expired'
      | 'nonce_mismatch'
      | 'code_rejected'
      | 'id_token_invalid'
    >
  /** The provider confirmed someone other than the person signed in here. */
  | 'different_person'
  /** The provider did not say when the person signed in (no `auth_time`). */
  | 'authentication_time_missing'
  /** The provider's sign-in was not just now (`auth_time` older than five minutes). */
  | 'authentication_not_recent';

/** One page of the user directory. */
export type UserPage = Page<UserView>;

/**
 * Why a session ended. Its live connections are closed with it: the /meetings
 * socket gets `session:ended` with this reason, then is disconnected; a /collab
 * connection is closed with code 4401 and the reason `session ended: <reason>`.
 * The client signs in again (no silent reconnect: its tokens are dead).
 */
export type SessionEndReason =
  | 'logout'
  | 'password_changed'
  | 'account_disabled'
  | 'refresh_token_reuse'
  | 'expired'
  | 'revoked';

export const SESSION_END_REASONS: readonly SessionEndReason[] = [
  'logout',
  'password_changed',
  'account_disabled',
  'refresh_token_reuse',
  'expired',
  'revoked',
];
