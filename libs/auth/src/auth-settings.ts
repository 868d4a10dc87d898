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
  /** False: password sign-in (and setting a password by invitation) is refused; accounts sign in through an identity provider. */
  passwordLogin: boolean;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** The refusal of a password sign-in (or invitation acceptance) when `passwordLogin` is off. */
export const PASSWORD_LOGIN_OFF =
  "password sign-in is switched off: sign in with your organisation's account";
