import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import {
  EMPTY_OUTCOME,
  OUTCOME_LIMITS,
  outcomeProblems,
  outcomeRefusal,
  toRecordBody,
  type OutcomeValues,
} from './outcomeForm';

const values = (changes: Partial<OutcomeValues>): OutcomeValues => ({
  ...EMPTY_OUTCOME,
  ...changes,
});

describe('outcomeProblems: the server’s rule, before anything is sent', () => {
  it.each<[string, Partial<OutcomeValues>, string[]]>([
    ['nothing chosen', {}, ['adherence']],
    ['implemented fully, nothing else', { adherence: 'implemented_fully' }, []],
    [
      'implemented partly without a reason',
      { adherence: 'implemented_partly' },
      ['deviationReason'],
    ],
    ['not implemented without a reason', { adherence: 'not_implemented' }, ['deviationReason']],
    [
      'not implemented, reason given',
      { adherence: 'not_implemented', deviationReason: 'comorbidity' },
      [],
    ],
    [
      'partly, reason "other" without a description',
      { adherence: 'implemented_partly', deviationReason: 'other', deviationDetail: '   ' },
      ['deviationDetail'],
    ],
    [
      'partly, reason "other" described',
      {
        adherence: 'implemented_partly',
        deviationReason: 'other',
        deviationDetail: 'Trial closed',
      },
      [],
    ],
    [
      // The form drops a reason left from an earlier choice rather than refusing it.
      'fully, with a reason left from an earlier choice',
      { adherence: 'implemented_fully', deviationReason: 'progression' },
      [],
    ],
    [
      'a description beyond the server’s length',
      {
        adherence: 'not_implemented',
        deviationReason: 'other',
        deviationDetail: 'x'.repeat(OUTCOME_LIMITS.deviationDetail + 1),
      },
      ['deviationDetail'],
    ],
    [
      'notes beyond the server’s length',
      { adherence: 'implemented_fully', outcomeNotes: 'x'.repeat(OUTCOME_LIMITS.outcomeNotes + 1) },
      ['outcomeNotes'],
    ],
  ])('%s', (_name, changes, fields) => {
    expect(Object.keys(outcomeProblems(values(changes))).sort()).toEqual([...fields].sort());
  });

  it('says why a reason is needed', () => {
    expect(outcomeProblems(values({ adherence: 'not_implemented' })).deviationReason).toMatch(
      /not implemented fully/,
    );
  });
});

describe('toRecordBody', () => {
  it('sends no deviation for an outcome implemented fully, and trims texts', () => {
    expect(
      toRecordBody(
        90,
        values({
          adherence: 'implemented_fully',
          deviationReason: 'other',
          deviationDetail: 'left over',
          outcomeNotes: '  Complete response.  ',
        }),
      ),
    ).toEqual({
      intervalDays: 90,
      adherence: 'implemented_fully',
      deviationReason: null,
      deviationDetail: null,
      outcomeNotes: 'Complete response.',
    });
  });

  it('sends the reason and its description, and blank notes as none', () => {
    expect(
      toRecordBody(
        30,
        values({
          adherence: 'not_implemented',
          deviationReason: 'patient_preference',
          deviationDetail: ' ',
          outcomeNotes: ' ',
        }),
      ),
    ).toEqual({
      intervalDays: 30,
      adherence: 'not_implemented',
      deviationReason: 'patient_preference',
      deviationDetail: null,
      outcomeNotes: null,
    });
  });
});

describe('outcomeRefusal', () => {
  const refused = (
    status: number,
    message: string,
    details: Array<{ field?: string; message: string }> = [],
  ) => new ApiError(status, { statusCode: status, message, details } as never);

  it('puts the rule’s codes on their fields, in words', () => {
    const refusal = outcomeRefusal(
      refused(400, 'a deviation reason is required', [
        { field: 'deviationReason', message: 'deviation_reason_required' },
      ]),
    );
    expect(refusal.form).toBeNull();
    expect(refusal.fields.deviationReason).toMatch(/Say why care departed/);
  });

  it('words a validator’s message under its field', () => {
    const refusal = outcomeRefusal(
      refused(400, 'request validation failed', [
        {
          field: 'outcomeNotes',
          message: 'outcomeNotes must be shorter than or equal to 10000 characters',
        },
      ]),
    );
    expect(refusal.fields.outcomeNotes).toBe('At most 10000 characters.');
  });

  it('shows a conflict, and a refused interval, above the buttons', () => {
    expect(outcomeRefusal(refused(409, 'the 90-day follow-up is already recorded')).form).toBe(
      'The 90-day follow-up is already recorded.',
    );
    expect(
      outcomeRefusal(
        refused(400, 'follow-ups are at 30, 90, 365 days, not 60', [
          { field: 'intervalDays', message: 'unknown_interval' },
        ]),
      ).form,
    ).toMatch(/not in the board’s schedule/);
  });
});
