import { DomainError } from '@app/core';

/** A referrer's link that has expired, been used up or stopped: gone for good (410). */
export class LinkGone extends DomainError {
  readonly status = 410;
  readonly code = 'link_gone';
}
