import { ValidateBy, ValidationArguments, isISO8601 } from 'class-validator';
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

/** The earliest day a first treatment may be dated. */
export const EARLIEST_TREATMENT_DATE = '1900-01-01';

/** Hours the earliest time zone on Earth (UTC+14) is ahead of UTC. */
const EARLIEST_ZONE_OFFSET_HOURS = 14;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The latest day a first treatment may be dated at `now`: today where the day begins first
 * (UTC+14), so that a board in any time zone can record a treatment that began today.
 */
export function latestTreatmentDate(now: Date): string {
  return new Date(now.getTime() + EARLIEST_ZONE_OFFSET_HOURS * 3_600_000)
    .toISOString()
    .slice(0, 10);
}

/**
 * What is wrong with `startedOn` in a first-treatment record of `status`, or null if nothing is:
 * it is given exactly when the treatment has started, and is then a real calendar date written
 * YYYY-MM-DD, from `EARLIEST_TREATMENT_DATE` to `latestDate` (both included; no upper bound when
 * `latestDate` is not given).
 */
export function firstTreatmentDateProblem(
  status: unknown,
  startedOn: unknown,
  latestDate?: string,
): string | null {
  if (status !== 'started')
    return startedOn === undefined
      ? null
      : 'startedOn is only given when the treatment has started';
  if (startedOn === undefined || startedOn === null)
    return 'startedOn is required when the treatment has started';
  if (
    typeof startedOn !== 'string' ||
    !LOCAL_DATE.test(startedOn) ||
    !isISO8601(startedOn, { strict: true })
  )
    return 'startedOn must be a real date like 2026-10-20';
  if (startedOn < EARLIEST_TREATMENT_DATE)
    return `startedOn must be on or after ${EARLIEST_TREATMENT_DATE}`;
  if (latestDate !== undefined && startedOn > latestDate)
    return 'startedOn must not be in the future';
  return null;
}

interface FirstTreatmentFields {
  status?: unknown;
}

/**
 * On `startedOn` of a first-treatment record: see `firstTreatmentDateProblem`. Its form only: a
 * validator has no clock, so the cases service refuses a date in the future, at its clock's now.
 */
export const IsFirstTreatmentDate = (): PropertyDecorator => {
  const problem = (args: ValidationArguments): string | null =>
    firstTreatmentDateProblem((args.object as FirstTreatmentFields).status, args.value);
  return ValidateBy({
    name: 'isFirstTreatmentDate',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        args !== undefined && problem(args) === null,
      defaultMessage: (args?: ValidationArguments) =>
        (args && problem(args)) ?? 'startedOn is not valid',
    },
  });
};
