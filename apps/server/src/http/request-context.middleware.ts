import type { NextFunction, Request, Response } from 'express';
import { newId, runWithRequestContext } from '@app/core';

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * First middleware of every request: assigns the request id (reusing a
 * well-formed X-Request-Id from a trusted proxy or client), echoes it back,
 * and opens the request context that the logger and the audit log read.
 */
export function requestContextMiddleware(
  request: Request & { id?: string },
  response: Response,
  next: NextFunction,
): void {
  const incoming = request.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : newId();
  request.id = requestId;
  response.setHeader('X-Request-Id', requestId);
  runWithRequestContext({ requestId, clientIp: request.ip ?? null, actorId: null }, next);
}
