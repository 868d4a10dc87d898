import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validate } from 'class-validator';
import { CreateCaseDto, UpdateCaseDto } from './case.dto';
import { firstTreatmentDateProblem, latestTreatmentDate } from './clinical-validators';

const LATEST = '2026-11-22';
const REQUIRED = 'startedOn is required when the treatment has started';
const NOT_A_DATE = 'startedOn must be a real date like 2026-10-20';
const TOO_EARLY = 'startedOn must be on or after 1900-01-01';
const FUTURE = 'startedOn must not be in the future';
const ONLY_WHEN_STARTED = 'startedOn is only given when the treatment has started';

describe('firstTreatmentDateProblem', () => {
  it.each<[unknown, unknown, string | null]>([
    ['not_started', undefined, null],
    ['not_started', '2026-01-05', ONLY_WHEN_STARTED],
    ['not_started', null, ONLY_WHEN_STARTED],
    ['not_started', '', ONLY_WHEN_STARTED],
    ['started', '2026-01-05', null],
    ['started', LATEST, null],
    ['started', '1900-01-01', null],
    ['started', '2024-02-29', null],
    ['started', undefined, REQUIRED],
    ['started', null, REQUIRED],
    ['started', '2026-11-23', FUTURE],
    ['started', '2039-03-15', FUTURE],
    ['started', '1899-12-31', TOO_EARLY],
    ['started', '1000-06-15', TOO_EARLY],
    ['started', '2023-02-29', NOT_A_DATE],
    ['started', '2026-13-01', NOT_A_DATE],
    ['started', '2026-04-31', NOT_A_DATE],
    ['started', '2026-00-10', NOT_A_DATE],
    ['started', '2026-1-5', NOT_A_DATE],
    ['started', '05/01/2026', NOT_A_DATE],
    ['started', '2026-01-05T10:00', NOT_A_DATE],
    ['started', '2026-01-05T10:00:00Z', NOT_A_DATE],
    ['started', '20260105', NOT_A_DATE],
    ['started', ' 2026-01-05', NOT_A_DATE],
    ['started', '', NOT_A_DATE],
    ['started', 20260105, NOT_A_DATE],
    ['started', { year: 2026 }, NOT_A_DATE],
    // An unknown status is refused by its own rule; a date is then only given when started.
    ['planned', undefined, null],
    ['planned', '2026-01-05', ONLY_WHEN_STARTED],
    [undefined, undefined, null],
    [undefined, '2026-01-05', ONLY_WHEN_STARTED],
  ])('status %p, startedOn %p → %p', (status, startedOn, expected) => {
    expect(firstTreatmentDateProblem(status, startedOn, LATEST)).toBe(expected);
  });

  it('has no upper bound without a latest date (the form alone)', () => {
    expect(firstTreatmentDateProblem('started', '2039-03-15')).toBeNull();
    expect(firstTreatmentDateProblem('started', '2039-02-30')).toBe(NOT_A_DATE);
  });
});

describe('latestTreatmentDate', () => {
  it.each<[string, string]>([
    ['2026-11-22T00:00:00.000Z', '2026-11-22'],
    ['2026-11-22T09:59:59.999Z', '2026-11-22'],
    ['2026-11-22T10:00:00.000Z', '2026-11-23'],
    ['2026-11-21T23:00:00.000Z', '2026-11-22'],
    ['2026-12-31T10:00:00.000Z', '2027-01-01'],
    ['2024-02-28T12:00:00.000Z', '2024-02-29'],
  ])('at %s → %s, today at UTC+14', (now, expected) => {
    expect(latestTreatmentDate(new Date(now))).toBe(expected);
  });
});

/** `field: message` for every problem, nested ones under their parent's name. */
function problems(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    return [
      ...Object.values(error.constraints ?? {}).map((message) => `${field}: ${message}`),
      ...problems(error.children ?? [], field),
    ];
  });
}

/** Validated as the application's pipe does it. */
async function problemsOf<T extends object>(
  dto: new () => T,
  body: Record<string, unknown>,
): Promise<string[]> {
  return problems(
    await validate(plainToInstance(dto, body), {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    }),
  );
}

const dayFromNow = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('the first treatment on a case update', () => {
  it.each<[string, unknown, string[]]>([
    ['left out (kept as is)', undefined, []],
    ['null (not recorded)', null, []],
    ['not started', { status: 'not_started' }, []],
    ['started today (UTC)', { status: 'started', startedOn: dayFromNow(0) }, []],
    ['started long ago', { status: 'started', startedOn: '1961-06-30' }, []],
    // Its form only: the cases service refuses a date in the future, at its clock's now.
    ['started the day after tomorrow', { status: 'started', startedOn: dayFromNow(2) }, []],
    ['started, no date', { status: 'started' }, [`firstTreatment.startedOn: ${REQUIRED}`]],
    [
      'started, a date that does not exist',
      { status: 'started', startedOn: '2025-02-29' },
      [`firstTreatment.startedOn: ${NOT_A_DATE}`],
    ],
    [
      'started before 1900',
      { status: 'started', startedOn: '1899-12-31' },
      [`firstTreatment.startedOn: ${TOO_EARLY}`],
    ],
    [
      'not started, with a date',
      { status: 'not_started', startedOn: '2026-01-05' },
      [`firstTreatment.startedOn: ${ONLY_WHEN_STARTED}`],
    ],
    [
      'an unknown status',
      { status: 'planned' },
      ['firstTreatment.status: status must be one of the following values: not_started, started'],
    ],
    [
      'no status',
      { startedOn: '2026-01-05' },
      [
        'firstTreatment.status: status must be one of the following values: not_started, started',
        `firstTreatment.startedOn: ${ONLY_WHEN_STARTED}`,
      ],
    ],
    [
      'an unknown property',
      { status: 'not_started', reason: 'declined' },
      ['firstTreatment.reason: property reason should not exist'],
    ],
  ])('%s', async (_name, firstTreatment, expected) => {
    expect(await problemsOf(UpdateCaseDto, { version: 3, firstTreatment })).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['a bare status', 'started'],
    ['a date alone', '2026-01-05'],
    ['a number', 20260105],
    ['a list', [{ status: 'not_started' }]],
  ])('refuses %s: not an object', async (_name, firstTreatment) => {
    expect(await problemsOf(UpdateCaseDto, { version: 3, firstTreatment })).toContain(
      'firstTreatment: firstTreatment must be an object',
    );
  });
});

describe('the first treatment on a new case', () => {
  const NEW_CASE = {
    patientRef: 'THX-2026-014',
    birthYear: 1961,
    sex: 'female',
    referral: { type: 'internal' },
  };

  it.each<[string, unknown, string[]]>([
    ['left out', undefined, []],
    ['null', null, []],
    ['started', { status: 'started', startedOn: '2026-10-20' }, []],
    ['started, no date', { status: 'started' }, [`firstTreatment.startedOn: ${REQUIRED}`]],
  ])('%s', async (_name, firstTreatment, expected) => {
    expect(await problemsOf(CreateCaseDto, { ...NEW_CASE, firstTreatment })).toEqual(expected);
  });
});
