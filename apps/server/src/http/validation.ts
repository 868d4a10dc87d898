import { ValidationError, ValidationPipe } from '@nestjs/common';
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
