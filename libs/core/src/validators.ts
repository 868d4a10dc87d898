import { applyDecorators } from '@nestjs/common';
import { IsDate, MaxDate, MinDate, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * A property that may be left out but, when given, is validated like a
 * required one: unlike `@IsOptional()`, which also lets null through, so a
 * null would reach a NOT NULL column or a rule that needs a value.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** The instants a request may name: PostgreSQL and every calendar in use handle these years. */
export const EARLIEST_INSTANT = new Date('1900-01-01T00:00:00Z');
export const LATEST_INSTANT = new Date('2200-01-01T00:00:00Z');

/**
 * A date and time (transformed to a Date) between 1900 and 2200: JavaScript also reads years such
 * as -227361 or +275760, which PostgreSQL refuses as out of range.
 */
export function IsCalendarInstant(): PropertyDecorator {
  return applyDecorators(
    IsDate(),
    MinDate(EARLIEST_INSTANT, {
      message: ({ property }) => `${property} must be in 1900 or later`,
    }),
    MaxDate(LATEST_INSTANT, { message: ({ property }) => `${property} must be before 2200` }),
  );
}
