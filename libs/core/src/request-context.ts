import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is acting and on behalf of which request. The HTTP layer opens a context
 * per request; the auth guard fills in the actor. Anything that records
 * provenance (the audit log) reads it from here instead of threading it
 * through every call.
 */
export interface RequestContext {
  requestId: string;
  clientIp: string | null;
  actorId: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn`, and whatever it starts, outside any request's context: for work done for several requests at once. */
export function runWithoutRequestContext<T>(fn: () => T): T {
  return storage.exit(fn);
}
