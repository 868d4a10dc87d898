import { LinkGoneCode } from '@app/contracts';
import { DomainError } from '@app/core';

/**
 * A referrer's link that has expired, been used up, been replaced or whose request stopped: gone
 * for good (410), with a code saying which so that the referrer's page can say it in their language.
 */
export class LinkGone extends DomainError {
  readonly status = 410;

  constructor(
    readonly code: LinkGoneCode,
    message: string,
  ) {
    super(message);
  }
}
