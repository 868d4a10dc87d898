import { PlatformRole, Specialty } from '@app/contracts';

/** Who a verified request belongs to, as the guards attach it. */
export interface AuthenticatedUser {
  id: string;
  sessionId: string;
  role: PlatformRole;
  /** When the presented access token stops being valid (long-lived connections close then). */
  tokenExpiresAt?: Date;
  /**
   * Long-lived connections only (`authenticateConnection`): until when the
   * session lives unless refreshed (`endsAt`), and its hard end (`expiresAt`).
   */
  session?: { endsAt: Date; expiresAt: Date };
}

/**
 * The user of a long-lived connection (`authenticateConnection`): with their session's ends and
 * who they are to the people they meet, read with the session when the connection was
 * authenticated (a live room's presence shows it).
 */
export interface ConnectedUser extends AuthenticatedUser {
  session: { endsAt: Date; expiresAt: Date };
  profile: { displayName: string; specialty: Specialty };
}
