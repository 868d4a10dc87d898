import { describe, expect, it } from 'vitest';
import { ApiError, asSentence, fieldProblem, fieldWords, namesAField } from './errors';

describe('fieldWords: a refusal as it reads under the field’s label', () => {
  it.each([
    // The field's name (its path, or the path's last segment) is dropped; the rest is a sentence.
    [
      'diagnosis.icd10',
      'icd10 must be an ICD-10 code such as C34.1',
      'Must be an ICD-10 code such as C34.1.',
    ],
    [
      'firstTreatment.startedOn',
      'startedOn must not be in the future',
      'Must not be in the future.',
    ],
    ['startLocal', 'startLocal must be in the future', 'Must be in the future.'],
    [
      'diagnosis.histology',
      'diagnosis.histology must not contain a NUL character',
      'Must not contain a NUL character.',
    ],
    [
      'dicom.modality',
      'modality must be a DICOM modality code such as CT, MR, PT',
      'Must be a DICOM modality code such as CT, MR, PT.',
    ],
    [
      'mrn',
      'mrn must be 1-32 letters, digits or dashes.',
      'Must be 1-32 letters, digits or dashes.',
    ],
    // Class-validator's stock phrasings, in plain words.
    ['biomarkers.0.result', 'result must be longer than or equal to 1 characters', 'Required.'],
    ['title', 'title must be longer than or equal to 2 characters', 'At least 2 characters.'],
    [
      'question',
      'question must be shorter than or equal to 2000 characters',
      'At most 2000 characters.',
    ],
    ['dueDate', 'dueDate must be a valid ISO 8601 date string', 'Enter a valid date.'],
    ['birthYear', 'birthYear must not be greater than 2100', 'At most 2100.'],
    ['birthYear', 'birthYear must not be less than 1900', 'At least 1900.'],
    ['minutesAllotted', 'minutesAllotted must not be less than 1', 'At least 1.'],
    ['biomarkers.1.name', 'name should not be empty', 'Required.'],
    ['file', 'file is required', 'Required.'],
    [
      'dicom',
      'dicom is required when kind is imaging_study',
      'Required when kind is imaging_study.',
    ],
    // Anything that does not start with the field's name is the server's own sentence: kept.
    ['readiness', 'Pathology report present', 'Pathology report present'],
    ['staging.clinical.t', "'T9' is not a valid T category", "'T9' is not a valid T category"],
    [
      'tumourSites',
      'each value in tumourSites must be a string',
      'each value in tumourSites must be a string',
    ],
    ['reason', 'must be in the future', 'must be in the future'],
    // The name must be the whole first word, not a prefix of it.
    ['result', 'results must be listed', 'results must be listed'],
    [
      undefined,
      'icd10 must be an ICD-10 code such as C34.1',
      'icd10 must be an ICD-10 code such as C34.1',
    ],
  ] as Array<[string | undefined, string, string]>)('%s: “%s” → “%s”', (field, message, said) => {
    expect(fieldWords(field, message)).toBe(said);
  });
});

describe('asSentence', () => {
  it.each([
    ['the start must be in the future', 'The start must be in the future.'],
    ['Already a sentence.', 'Already a sentence.'],
    ['Is it?', 'Is it?'],
    ['', ''],
  ])('“%s” → “%s”', (text, said) => {
    expect(asSentence(text)).toBe(said);
  });
});

describe('ApiError.fieldMessages, fieldProblem and namesAField', () => {
  const error = new ApiError(400, {
    message: 'request validation failed',
    details: [
      { field: 'diagnosis.icd10', message: 'icd10 must be an ICD-10 code such as C34.1' },
      {
        field: 'biomarkers.0.result',
        message: 'result must be longer than or equal to 1 characters',
      },
      { field: 'readiness', message: 'Radiology report within 60 days' },
    ],
  });

  it('words every message for a field, or for everything under it', () => {
    expect(error.fieldMessages('diagnosis.icd10')).toEqual([
      'Must be an ICD-10 code such as C34.1.',
    ]);
    expect(error.fieldMessages('biomarkers')).toEqual(['Required.']);
    expect(error.fieldMessages('readiness')).toEqual(['Radiology report within 60 days']);
    expect(error.fieldMessages('diagnosis.histology')).toEqual([]);
    // The details themselves stay as the server sent them.
    expect(error.details[0]?.message).toBe('icd10 must be an ICD-10 code such as C34.1');
  });

  it('says a field’s problem as sentences, and only for an ApiError that names it', () => {
    expect(fieldProblem(error, 'readiness')).toBe('Radiology report within 60 days.');
    expect(fieldProblem(error, 'question')).toBeUndefined();
    expect(fieldProblem(new Error('boom'), 'readiness')).toBeUndefined();
    expect(namesAField(error, ['question', 'diagnosis.icd10'])).toBe(true);
    expect(namesAField(error, ['question'])).toBe(false);
  });
});
