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
