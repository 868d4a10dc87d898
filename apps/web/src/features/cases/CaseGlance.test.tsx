import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaseDetailView } from '../../api/types';
import { CaseGlance, tnmWords } from './CaseGlance';
import { caseDetail } from './testing';

afterEach(cleanup);

/** The glance's facts, term by term, as read. */
function facts(): Record<string, string> {
  const entries = [...document.querySelectorAll('.glance > div')].map((group) => [
    group.querySelector('dt')?.textContent ?? '',
    group.querySelector('dd')?.textContent ?? '',
  ]);
  return Object.fromEntries(entries) as Record<string, string>;
}

describe('the case at a glance', () => {
  it('says what the case is, its stage with the edition, ECOG, the question and the records', () => {
    render(
      <CaseGlance
        detail={caseDetail({
          diagnosis: {
            primarySite: 'Left upper lobe, lung',
            histology: 'Adenocarcinoma, acinar predominant',
            icd10: 'C34.1',
            laterality: 'left',
          },
          staging: {
            edition: 8,
            clinical: { t: 'T2a', n: 'N1', m: 'M0', stageGroup: 'IIB' },
          } as CaseDetailView['staging'],
          ecog: 1,
          question: 'Lobectomy first?',
          records: [{}, {}] as CaseDetailView['records'],
        })}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Case at a glance' })).toBeTruthy();
    expect(facts()).toEqual({
      Diagnosis: 'Adenocarcinoma, acinar predominantLeft upper lobe, lung',
      'ICD-10': 'C34.1',
      Stage: 'cT2a cN1 cM0, stage IIBAJCC 8th edition',
      ECOG: '1 — Restricted in strenuous activity, ambulatory',
      Records: '2 attached',
      'Question to the board': 'Lobectomy first?',
    });
  });

  it('says plainly what is not recorded yet', () => {
    render(
      <CaseGlance
        detail={caseDetail({ diagnosis: {}, staging: null, ecog: null, question: '' })}
      />,
    );
    expect(facts()).toEqual({
      Diagnosis: 'Not recorded',
      'ICD-10': 'Not recorded',
      Stage: 'Not staged',
      ECOG: 'Not recorded',
      Records: 'None yet',
      'Question to the board': 'Not stated yet',
    });
  });

  it.each([
    [{ t: 'T1c', n: 'N0', m: 'M0', stageGroup: 'IA3' }, 'p', 'pT1c pN0 pM0, stage IA3'],
    [{ t: 'T2a' }, 'c', 'cT2a'],
    [{ stageGroup: 'IV' }, 'c', 'stage IV'],
    [{}, 'c', null],
    [undefined, 'p', null],
  ] as const)('tnmWords(%j, %s) → %s', (stage, prefix, said) => {
    expect(tnmWords(prefix, stage as Parameters<typeof tnmWords>[1])).toBe(said);
  });
});
