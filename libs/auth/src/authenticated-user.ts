import { PlatformRole } from '@app/contracts';

/** Who a verified request belongs to, as the guards attach it. */
export interface AuthenticatedUser {
  id: string;
  sessionId: string;
  role: PlatformRole;
}
