import { DomainError } from '@app/core';

/** The PACS could not be reached, refused the server, or answered with an error: 502. */
export class PacsUnavailable extends DomainError {
  readonly status = 502;
  readonly code = 'pacs_unavailable';
}

/** The PACS did not connect or answer in time: 504. */
export class PacsTimeout extends DomainError {
  readonly status = 504;
  readonly code = 'pacs_timeout';
}

/** The user (or everyone together) has too many imaging requests waiting: 429. */
export class TooManyImagingRequests extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_imaging_requests';
}

/** What an unexpected status from the PACS becomes (a 404 is the caller's "not found"). */
export function pacsRefusal(sourceName: string, status: number): PacsUnavailable {
  if (status === 401 || status === 403)
    return new PacsUnavailable(
      `the PACS "${sourceName}" refused this server's credentials (${status}); check the source's AUTH settings`,
    );
  return new PacsUnavailable(`the PACS "${sourceName}" answered with an error (${status})`);
}
