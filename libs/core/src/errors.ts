/**
 * Domain errors carry the status they map to, so controllers, gateways and the
 * global exception filter never guess. `code` is a stable machine-readable
 * identifier that socket acknowledgements reuse.
 */
export interface ErrorDetail {
  field?: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;

  constructor(
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInput extends DomainError {
  readonly status = 400;
  readonly code = 'invalid_input';
}

export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';

  constructor(what: string, id?: string) {
    super(id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
}

/**
 * A request the rules refuse in the current state, with a code the client can
 * act on (e.g. `not_live`, `no_next`, `already_producing`).
 */
export class Refused extends DomainError {
  readonly status = 409;

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Locked extends DomainError {
  readonly status = 423;
  readonly code = 'locked';
}
