import { ArgumentMetadata, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import {
  ErrorDetail,
  InvalidInput,
  MAX_INPUT_DEPTH,
  nestedDeeperThan,
  nulCharacterPath,
} from '@app/core';

/** Flattens nested class-validator errors into `field: message` details. */
export function validationDetails(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith('property ')
        ? message.replace(/^property \S+ /, `${field} `)
        : message,
    }));
    return [...own, ...validationDetails(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new InvalidInput('request validation failed', validationDetails(errors)),
  });
}

/**
 * PostgreSQL text cannot hold a NUL character, and no clinical text needs one: a request that
 * carries one anywhere (body, query or path) is refused with the field named, before it reaches
 * validation or the database (where it would fail as an internal error).
 */
export class RefuseNulCharacters implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Custom parameters (the signed-in user, an uploaded file's bytes) are not request text.
    if (metadata.type === 'custom') return value;
    const found = nulCharacterPath(value);
    if (found === null) return value;
    const field = [metadata.type === 'body' ? '' : metadata.data, found].filter(Boolean).join('.');
    throw new InvalidInput('text must not contain NUL characters', [
      {
        field: field || metadata.type,
        message: `${field || metadata.type} must not contain a NUL character`,
      },
    ]);
  }
}

/**
 * A request value nested deeper than any request needs is refused before validation, which
 * transforms it recursively and would run out of stack (an internal error).
 */
export class RefuseDeepNesting implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom' || !nestedDeeperThan(value, MAX_INPUT_DEPTH)) return value;
    const field = metadata.type === 'body' ? 'body' : (metadata.data ?? metadata.type);
    throw new InvalidInput('request nested too deeply', [
      { field, message: `${field} nests deeper than ${MAX_INPUT_DEPTH} levels` },
    ]);
  }
}
