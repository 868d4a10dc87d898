import type { LinkGoneCode } from '@app/contracts';
import { ApiError } from '../../api/errors';
import type { MessageId } from './locale';

/** Why a link no longer works, from the `code` of the server's 410 answer. */
export type GoneReason = 'expired' | 'used' | 'withdrawn' | 'replaced' | 'delivered' | 'gone';

/** What a page shows instead of its content: the link is missing, unknown or gone. */
export type LinkState = 'missing' | 'not_found' | GoneReason;

const GONE_CODES: Readonly<Record<LinkGoneCode, GoneReason>> = {
  link_expired: 'expired',
  link_used: 'used',
  link_replaced: 'replaced',
  consent_withdrawn: 'withdrawn',
  opinion_delivered: 'delivered',
};

export function goneReason(error: unknown): GoneReason | null {
  if (!(error instanceof ApiError) || error.status !== 410) return null;
  const code = error.code;
  return code !== undefined && Object.hasOwn(GONE_CODES, code)
    ? GONE_CODES[code as LinkGoneCode]
    : 'gone';
}

/** Opening a link: gone (410) or unknown (404) says so; anything else is a problem to retry. */
export function openingState(error: unknown): LinkState | null {
  if (error instanceof ApiError && error.status === 404) return 'not_found';
  return goneReason(error);
}

export const LINK_STATE_MESSAGES: Readonly<
  Record<LinkState, { title: MessageId; body: MessageId }>
> = {
  missing: { title: 'link.missing.title', body: 'link.missing.body' },
  not_found: { title: 'link.notFound.title', body: 'link.notFound.body' },
  expired: { title: 'link.expired.title', body: 'link.expired.body' },
  used: { title: 'link.used.title', body: 'link.used.body' },
  withdrawn: { title: 'link.withdrawn.title', body: 'link.withdrawn.body' },
  replaced: { title: 'link.replaced.title', body: 'link.replaced.body' },
  delivered: { title: 'link.delivered.title', body: 'link.delivered.body' },
  gone: { title: 'link.gone.title', body: 'link.gone.body' },
};

export interface Message {
  id: MessageId;
  values?: Record<string, number>;
}

/** A failure that is not about the link (the network, the server, too many attempts), in words. */
export function problemMessage(error: unknown): Message {
  if (error instanceof ApiError) {
    if (error.status === 429)
      return error.retryAfterSeconds
        ? { id: 'problem.rateLimited', values: { seconds: error.retryAfterSeconds } }
        : { id: 'problem.rateLimitedShort' };
    if (error.status >= 500) return { id: 'problem.server' };
    return { id: 'problem.unexpected' };
  }
  // fetch and the upload both report a lost connection as a TypeError.
  if (error instanceof TypeError) return { id: 'problem.network' };
  return { id: 'problem.unexpected' };
}

/** Whether asking again may help: the connection or the server failed, or the limit will lift. */
export function worthRetrying(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 429 || error.status >= 500;
  return error instanceof TypeError;
}
