import { ArgumentMetadata, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, InvalidInput } from '@app/core';

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

/** The first place in a request value holding a NUL character, as a dotted path ('' for the value itself). */
export function nulCharacterPath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nulCharacterPath(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
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
