import { ValidateIf, ValidationOptions } from 'class-validator';

/**
 * A property that may be left out but, when given, is validated like a
 * required one: unlike `@IsOptional()`, which also lets null through, so a
 * null would reach a NOT NULL column or a rule that needs a value.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}
