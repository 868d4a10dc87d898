import { ValidateBy, ValidationArguments } from 'class-validator';
import { isDicomUid, isIcd10Code, isIcdO3Morphology, isIcdO3Topography } from '../domain';

function satisfies(
  name: string,
  check: (value: string) => boolean,
  expectation: string,
): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && check(value),
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'value'} must be ${expectation}`,
    },
  });
}

export const IsIcd10 = () => satisfies('isIcd10', isIcd10Code, 'an ICD-10 code such as C34.1');
export const IsIcdO3Topography = () =>
  satisfies('isIcdO3Topography', isIcdO3Topography, 'an ICD-O-3 topography code such as C34.1');
export const IsIcdO3Morphology = () =>
  satisfies('isIcdO3Morphology', isIcdO3Morphology, 'an ICD-O-3 morphology code such as 8140/3');
export const IsDicomUid = () =>
  satisfies('isDicomUid', isDicomUid, 'a DICOM UID (digits and dots, at most 64 characters)');
