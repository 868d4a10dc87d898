import { Specialty } from '@app/contracts';
import { lungReport } from '@app/testing';
import {
  biomarkerWords,
  guidelineReferenceWords,
  humanWords,
  localDateTime,
  optionLabel,
  optionText,
  ordinal,
  sharePercent,
  specialtyVotesWords,
  tnmWords,
  trialReferralWords,
} from './report-words';

describe('report words', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [7, '7th'],
    [8, '8th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [112, '112th'],
  ])('writes %i as %s', (value, words) => {
    expect(ordinal(value)).toBe(words);
  });

  it('puts API words in clinic words', () => {
    expect(humanWords('radiation_oncology')).toBe('Radiation oncology');
    expect(humanWords('clinical')).toBe('Clinical');
  });

  it('writes TNM categories, then the stage group after a semicolon', () => {
    expect(tnmWords({ t: 'pT2a', n: 'pN2', m: 'cM0', stageGroup: 'IIIA' })).toBe(
      'pT2a pN2 cM0; stage group IIIA',
    );
    expect(tnmWords({ t: 'cT1', n: 'cN0' })).toBe('cT1 cN0');
    expect(tnmWords({ stageGroup: 'IV' })).toBe('stage group IV');
    expect(tnmWords({})).toBe('Not staged');
    expect(tnmWords(undefined)).toBe('Not staged');
  });

  it('writes biomarkers, guideline references and trial referrals', () => {
    expect(biomarkerWords({ name: 'PD-L1 TPS', result: '60%', method: '22C3 IHC' })).toBe(
      'PD-L1 TPS: 60% (22C3 IHC)',
    );
    expect(biomarkerWords({ name: 'EGFR', result: 'wild type' })).toBe('EGFR: wild type');
    expect(guidelineReferenceWords({ citation: 'NCCN NSCLC v3.2026', evidenceCategory: '1' })).toBe(
      'NCCN NSCLC v3.2026 (evidence category 1)',
    );
    expect(trialReferralWords({ nctId: 'NCT04385368', title: 'MERMAID-1' })).toBe(
      'NCT04385368 (MERMAID-1)',
    );
    expect(trialReferralWords({ nctId: 'NCT04385368', title: null })).toBe(
      'NCT04385368 (title not recorded)',
    );
  });

  it('names options by their place in the vote', () => {
    const report = lungReport();
    const [first, second] = report.options;
    expect(optionLabel(report, second.id)).toBe('Option 2');
    expect(optionText(report, first.id)).toBe(first.text);
    expect(optionLabel(report, 'gone')).toBe('Unlisted option');
    expect(optionText(report, 'gone')).toBe('no longer on record');
  });

  it('writes the votes of one specialty', () => {
    const report = lungReport();
    const [first, second] = report.options;
    const row = {
      specialty: Specialty.RadiationOncology,
      eligible: 2,
      votes: [
        { optionId: first.id, votes: 1 },
        { optionId: second.id, votes: 0 },
      ],
      abstentions: 1,
    };
    expect(specialtyVotesWords(report, row)).toBe(
      'Radiation oncology (2 eligible): Option 1: 1, Option 2: 0; abstentions 1',
    );
  });

  it('rounds a share to a percentage, 0 when nothing was counted', () => {
    expect(sharePercent({ votes: 5, of: 6 })).toBe(83);
    expect(sharePercent({ votes: 0, of: 0 })).toBe(0);
  });

  it('writes an instant in a zone, or the ISO text when it cannot be read', () => {
    expect(localDateTime('2026-03-03T16:30:00.000Z', 'Europe/Paris')).toBe(
      'Tuesday 3 March 2026, 17:30 (Europe/Paris)',
    );
    expect(localDateTime('not a date', 'UTC')).toBe('not a date');
  });
});
