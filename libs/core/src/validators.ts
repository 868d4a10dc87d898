import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDate, IsUUID, MaxDate, MinDate, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * A property that may be left out but, when given, is validated like a
 * required one: unlike `@IsOptional()`, which also lets null through, so a
 * null would reach a NOT NULL column or a rule that needs a value.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** The instants a request may name: the four-digit years of ISO 8601, all within PostgreSQL's range. */
export const EARLIEST_INSTANT = new Date('0001-01-01T00:00:00Z');
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z');

/**
 * A date and time (transformed to a Date) in the years 1 to 9999: JavaScript also reads years such
 * as -227361 or +275760, which PostgreSQL refuses as out of range.
 */
export function IsCalendarInstant(): PropertyDecorator {
  return applyDecorators(
    IsDate(),
    MinDate(EARLIEST_INSTANT, {
      message: ({ property }) => `${property} must be in the years 1 to 9999`,
    }),
    MaxDate(LATEST_INSTANT, {
      message: ({ property }) => `${property} must be in the years 1 to 9999`,
    }),
  );
}

/**
 * An id (a UUID in either case) taken in lower case: PostgreSQL reads both cases as one id, but
 * rooms, presence and every map of live objects compare ids as text, so `3F25…` and `3f25…` must
 * not name two meetings.
 */
export function IsCanonicalUuid(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.toLowerCase() : value,
    ),
    IsUUID(),
  );
}
