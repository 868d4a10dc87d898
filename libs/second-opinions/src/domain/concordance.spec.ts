import { CONCORDANCE_CLASSES_BY_SEVERITY, ConcordanceClassName } from '@app/contracts';
import {
  ConcordanceInput,
  ConcordanceValidation,
  isConcordanceClass,
  validateConcordance,
} from './concordance';

const accepted = (
  classification: ConcordanceClassName,
  rationale: string | null,
): ConcordanceValidation => ({ ok: true, value: { classification, rationale } });

describe('validateConcordance', () => {
  it.each<[string, ConcordanceInput, ConcordanceValidation]>([
    ['confirmed without rationale', { classification: 'confirmed' }, accepted('confirmed', null)],
    [
      'confirmed with null rationale',
      { classification: 'confirmed', rationale: null },
      accepted('confirmed', null),
    ],
    [
      'confirmed with a blank rationale',
      { classification: 'confirmed', rationale: ' \n\t' },
      accepted('confirmed', null),
    ],
    [
      'confirmed with a comment, trimmed',
      { classification: 'confirmed', rationale: '  agrees with NCCN  ' },
      accepted('confirmed', 'agrees with NCCN'),
    ],
    ...(['clarified', 'treatment_changed', 'diagnosis_changed'] as const).flatMap(
      (classification): Array<[string, ConcordanceInput, ConcordanceValidation]> => [
        [
          `${classification} with rationale`,
          { classification, rationale: ' Ki-67 reread at 40 % ' },
          accepted(classification, 'Ki-67 reread at 40 %'),
        ],
        ...([undefined, null, '', '   '] as const).map(
          (rationale): [string, ConcordanceInput, ConcordanceValidation] => [
            `${classification} with rationale ${JSON.stringify(rationale)}`,
            { classification, rationale },
            {
              ok: false,
              code: 'rationale_required',
              message: `a rationale is required when the second opinion is ${classification.replace(/_/g, ' ')}`,
            },
          ],
        ),
      ],
    ),
    ...['', 'Confirmed', 'changed', 'diagnosis changed', ' confirmed'].map(
      (classification): [string, ConcordanceInput, ConcordanceValidation] => [
        `unknown class ${JSON.stringify(classification)}`,
        { classification, rationale: 'because' },
        {
          ok: false,
          code: 'unknown_classification',
          message: `unknown concordance class "${classification}": expected one of diagnosis_changed, treatment_changed, clarified, confirmed`,
        },
      ],
    ),
  ])('%s', (_name, input, expected) => {
    expect(validateConcordance(input)).toEqual(expected);
  });
});

describe('isConcordanceClass', () => {
  it.each<[string, boolean]>([
    ['confirmed', true],
    ['clarified', true],
    ['treatment_changed', true],
    ['diagnosis_changed', true],
    ['CONFIRMED', false],
    ['other', false],
    ['', false],
  ])('%p → %p', (value, expected) => {
    expect(isConcordanceClass(value)).toBe(expected);
  });
});

describe('severity', () => {
  it('lists the classes most severe first', () => {
    expect(CONCORDANCE_CLASSES_BY_SEVERITY).toEqual([
      'diagnosis_changed',
      'treatment_changed',
      'clarified',
      'confirmed',
    ]);
  });
});
