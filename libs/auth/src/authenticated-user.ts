import { PlatformRole } from '@app/contracts';

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
