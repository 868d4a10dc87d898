import type { Request, Response } from 'express';
import { SessionTokens, TokenPair } from '@app/contracts';

/**
 * The web client keeps its refresh token out of JavaScript's reach: it asks for cookie delivery
 * with this header, and the token travels only in an HttpOnly, SameSite=Strict cookie scoped to
 * the auth routes. The custom header also means a cross-site form can never trigger a refresh:
 * a browser sends it only from same-origin script (anything else needs a CORS preflight).
 */
export const REFRESH_TRANSPORT_HEADER = 'x-refresh-token-transport';
export const REFRESH_COOKIE = 'tb_refresh';
const COOKIE_PATH = '/api/v1/auth';

export function wantsCookie(request: Request): boolean {
  return request.headers[REFRESH_TRANSPORT_HEADER] === 'cookie';
}

/** The refresh token presented in the cookie, when the client asked for cookie transport. */
export function refreshTokenFromCookie(request: Request): string | undefined {
  if (!wantsCookie(request)) return undefined;
  const cookies = (request as Request & { cookies?: Record<string, unknown> }).cookies;
  const value = cookies?.[REFRESH_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Hands the pair to the caller: in the body for API clients, the refresh half in a cookie for the web client. */
export function deliverTokens(
  pair: TokenPair,
  request: Request,
  response: Response,
): TokenPair | SessionTokens {
  if (!wantsCookie(request)) return pair;
  const { refreshToken, ...rest } = pair;
  setRefreshCookie(request, response, pair);
  return rest;
}

/**
 * Puts the pair's refresh token in the web client's cookie, where its next refresh finds it: how
 * a single sign-on callback hands the session over without any token in a URL.
 */
export function setRefreshCookie(request: Request, response: Response, pair: TokenPair): void {
  response.cookie(REFRESH_COOKIE, pair.refreshToken, {
    httpOnly: true,
    secure: request.secure,
    sameSite: 'strict',
    path: COOKIE_PATH,
    maxAge: pair.refreshExpiresIn * 1000,
  });
  response.setHeader('Cache-Control', 'no-store');
}

export function clearRefreshCookie(request: Request, response: Response): void {
  response.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    secure: request.secure,
    sameSite: 'strict',
    path: COOKIE_PATH,
  });
}
