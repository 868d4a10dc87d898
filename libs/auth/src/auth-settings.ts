/** Everything the auth context needs from configuration; the app supplies it. */
export interface AuthSettings {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  /** A refresh token not used within this time expires (idle logoff). */
  sessionIdleTimeoutSeconds: number;
  /** No session outlives this, however active. */
  sessionMaxAgeSeconds: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  /** Login and refresh attempts per client IP per minute. */
  loginRateLimitPerMinute: number;
  invitationTtlHours: number;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');
