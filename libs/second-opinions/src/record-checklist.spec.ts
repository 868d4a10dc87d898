import { recordChecklist, withheldWhileBlinded } from './record-checklist';

describe('recordChecklist', () => {
  it.each([
    ['diagnosis_review', ['pathology_report', 'radiology_report', 'clinical_note']],
    ['treatment_plan', ['pathology_report', 'radiology_report', 'clinical_note']],
    ['pathology_review', ['pathology_report', 'clinical_note']],
    ['imaging_review', ['radiology_report', 'clinical_note']],
  ] as const)('%s needs %j', (type, kinds) => {
    expect(recordChecklist(type).map((item) => item.kind)).toEqual(kinds);
  });

  it('always asks for the referring team’s letter, with every label readable', () => {
    for (const type of [
      'diagnosis_review',
      'treatment_plan',
      'pathology_review',
      'imaging_review',
    ] as const) {
      const list = recordChecklist(type);
      expect(list.some((item) => item.kind === 'clinical_note')).toBe(true);
      expect(list.every((item) => item.label.length > 5)).toBe(true);
      expect(new Set(list.map((item) => item.kind)).size).toBe(list.length);
    }
  });
});

describe('withheldWhileBlinded', () => {
  it.each([
    ['clinical_note', true, true],
    ['other', true, true],
    ['pathology_report', true, false],
    ['radiology_report', true, false],
    ['lab', true, false],
    ['clinical_note', false, false],
    ['other', false, false],
    ['pathology_report', false, false],
  ] as const)('a %s record for a reader blinded=%s is withheld: %s', (kind, blinded, withheld) => {
    expect(withheldWhileBlinded(kind, blinded)).toBe(withheld);
  });
});
