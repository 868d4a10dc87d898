import {
  CandidateReviewer,
  ConflictAttestation,
  independenceExclusion,
  IndependenceScreen,
  INSTITUTION_ABBREVIATIONS,
  mayRevealFirstOpinion,
  normaliseInstitutionName,
  sameInstitution,
} from './blinding';

const SUBMITTED = new Date('2024-05-02T14:30:00Z');

describe('mayRevealFirstOpinion', () => {
  it.each<[string, Date | null, boolean]>([
    ['assessment not submitted', null, false],
    ['assessment submitted', SUBMITTED, true],
    ['submitted at the epoch', new Date(0), true],
  ])('%s → %p', (_name, submittedAt, expected) => {
    expect(mayRevealFirstOpinion(submittedAt)).toBe(expected);
  });

  it('refuses an Invalid Date rather than guess', () => {
    expect(() => mayRevealFirstOpinion(new Date('later'))).toThrow(
      'assessmentSubmittedAt is not a valid date',
    );
  });
});

describe('normaliseInstitutionName', () => {
  it.each<[string, string]>([
    ['Massachusetts General Hospital', 'massachusetts general hospital'],
    ['  MASSACHUSETTS   general\thospital ', 'massachusetts general hospital'],
    ['Massachusetts Gen. Hosp.', 'massachusetts general hospital'],
    ['Univ. of Texas M.D. Anderson Cancer Ctr.', 'university of texas m d anderson cancer center'],
    [
      'University of Texas MD Anderson Cancer Center',
      'university of texas md anderson cancer center',
    ],
    ['Institut Gustave-Roussy', 'institut gustave roussy'],
    ['Hôpital Européen Georges-Pompidou', 'hopital europeen georges pompidou'],
    ["St. Mary's Hosp.", 'saint marys hospital'],
    ['Saint Mary’s Hospital', 'saint marys hospital'],
    ['The Christie NHS Foundation Trust', 'christie nhs foundation trust'],
    ['Brigham & Women’s Hospital', 'brigham and womens hospital'],
    ['Brigham and Women’s Hospital', 'brigham and womens hospital'],
    ['Mt. Sinai Med. Ctr', 'mount sinai medical center'],
    ['Princess Margaret Cancer Centre', 'princess margaret cancer center'],
    ['Natl. Cancer Inst., Dept. of Oncology', 'national cancer institute department of oncology'],
    ['Univ.Hosp.Zürich', 'university hospital zurich'],
    ['Intl Hosp (Bangkok)', 'international hospital bangkok'],
    ['Université de Montréal', 'universite de montreal'],
    ['Hospital for the Constructor Guild', 'hospital for constructor guild'],
    ['', ''],
    [' ... ', ''],
  ])('%p → %p', (name, normalised) => {
    expect(normaliseInstitutionName(name)).toBe(normalised);
  });

  it('writes out every listed abbreviation, with or without a full stop', () => {
    for (const [abbreviation, word] of INSTITUTION_ABBREVIATIONS) {
      expect(normaliseInstitutionName(`${abbreviation.toUpperCase()}.`)).toBe(word);
      expect(normaliseInstitutionName(abbreviation)).toBe(word);
    }
  });

  it('never maps a word onto an inherited property name', () => {
    expect(normaliseInstitutionName('toString valueOf constructor')).toBe(
      'tostring valueof constructor',
    );
  });
});

describe('sameInstitution', () => {
  it.each<[string, string, boolean]>([
    ['Univ. Hosp. Basel', 'University Hospital Basel', true],
    ['university hospital basel', 'UNIVERSITY-HOSPITAL, BASEL', true],
    ['University of Chicago', 'Chicago University', false],
    ['MSKCC', 'Memorial Sloan Kettering Cancer Center', false],
    ['Mayo Clinic', 'Mayo Clinic Arizona', false],
    ['', '', false],
    ['---', '  ', false],
  ])('%p and %p → %p', (a, b, expected) => {
    expect(sameInstitution(a, b)).toBe(expected);
    expect(sameInstitution(b, a)).toBe(expected);
  });
});

describe('independenceExclusion', () => {
  const reviewer = (
    reviewerId: string,
    institutions: string[],
    attestation: ConflictAttestation | null = 'no_conflict',
  ): CandidateReviewer => ({ reviewerId, institutions, attestation });

  it.each<[string, CandidateReviewer[], string | null, IndependenceScreen]>([
    ['nobody to screen', [], 'Univ. Hosp. Basel', { eligible: [], excluded: [] }],
    [
      'outside reviewer who attested',
      [reviewer('r1', ['Karolinska Univ. Hosp.'])],
      'University Hospital Basel',
      { eligible: ['r1'], excluded: [] },
    ],
    [
      'same institution written differently',
      [reviewer('r1', ['Univ. Hosp. Basel']), reviewer('r2', ['Karolinska'])],
      '  UNIVERSITY HOSPITAL BASEL ',
      { eligible: ['r2'], excluded: [{ reviewerId: 'r1', reasons: ['same_institution'] }] },
    ],
    [
      'one of several affiliations matches',
      [reviewer('r1', ['Karolinska', "St. Olav's Hosp."])],
      'Saint Olavs Hospital',
      { eligible: [], excluded: [{ reviewerId: 'r1', reasons: ['same_institution'] }] },
    ],
    [
      'no attestation yet',
      [reviewer('r1', ['Karolinska'], null)],
      'University Hospital Basel',
      { eligible: [], excluded: [{ reviewerId: 'r1', reasons: ['no_attestation'] }] },
    ],
    [
      'conflict declared',
      [reviewer('r1', ['Karolinska'], 'conflict_declared')],
      'University Hospital Basel',
      { eligible: [], excluded: [{ reviewerId: 'r1', reasons: ['conflict_declared'] }] },
    ],
    [
      'same institution and no attestation: both reasons',
      [reviewer('r1', ['University Hospital Basel'], null)],
      'Univ Hosp Basel',
      {
        eligible: [],
        excluded: [{ reviewerId: 'r1', reasons: ['same_institution', 'no_attestation'] }],
      },
    ],
    [
      'same institution and a declared conflict: both reasons',
      [reviewer('r1', ['University Hospital Basel'], 'conflict_declared')],
      'University Hospital Basel',
      {
        eligible: [],
        excluded: [{ reviewerId: 'r1', reasons: ['same_institution', 'conflict_declared'] }],
      },
    ],
    [
      'first institution unknown: only attestation counts',
      [reviewer('r1', ['University Hospital Basel']), reviewer('r2', [], null)],
      null,
      { eligible: ['r1'], excluded: [{ reviewerId: 'r2', reasons: ['no_attestation'] }] },
    ],
    [
      'first institution blank: nobody matches it, not even a blank affiliation',
      [reviewer('r1', ['']), reviewer('r2', ['  '])],
      ' ',
      { eligible: ['r1', 'r2'], excluded: [] },
    ],
    [
      'reviewer without an affiliation',
      [reviewer('r1', [])],
      'University Hospital Basel',
      { eligible: ['r1'], excluded: [] },
    ],
    [
      'order of the input kept',
      [
        reviewer('r3', ['Basel Univ Hosp']),
        reviewer('r1', ['Karolinska']),
        reviewer('r4', ['University Hospital Basel']),
        reviewer('r2', ['Oslo'], null),
        reviewer('r0', ['Oslo']),
      ],
      'University Hospital Basel',
      {
        eligible: ['r3', 'r1', 'r0'],
        excluded: [
          { reviewerId: 'r4', reasons: ['same_institution'] },
          { reviewerId: 'r2', reasons: ['no_attestation'] },
        ],
      },
    ],
  ])('%s', (_name, reviewers, institution, expected) => {
    expect(independenceExclusion(reviewers, institution)).toEqual(expected);
  });

  describe('screening a third reviewer to arbitrate', () => {
    it.each<[string, CandidateReviewer[], string[], IndependenceScreen]>([
      [
        'someone who is not reviewing the request',
        [reviewer('a1', ['Oslo'])],
        ['r1', 'r2'],
        { eligible: ['a1'], excluded: [] },
      ],
      [
        'one of the request’s reviewers',
        [reviewer('r2', ['Oslo'])],
        ['r1', 'r2'],
        { eligible: [], excluded: [{ reviewerId: 'r2', reasons: ['already_reviewing'] }] },
      ],
      [
        'a reviewer from the first opinion’s institution: both reasons, in order',
        [reviewer('r1', ['Univ. Hosp. Basel'])],
        ['r1'],
        {
          eligible: [],
          excluded: [{ reviewerId: 'r1', reasons: ['same_institution', 'already_reviewing'] }],
        },
      ],
      [
        'every reason at once, in the order of ExclusionReason',
        [reviewer('r1', ['University Hospital Basel'], 'conflict_declared')],
        ['r1'],
        {
          eligible: [],
          excluded: [
            {
              reviewerId: 'r1',
              reasons: ['same_institution', 'already_reviewing', 'conflict_declared'],
            },
          ],
        },
      ],
      [
        'a reviewer without attestation and reviewing',
        [reviewer('r1', ['Oslo'], null)],
        ['r1'],
        {
          eligible: [],
          excluded: [{ reviewerId: 'r1', reasons: ['already_reviewing', 'no_attestation'] }],
        },
      ],
      ['nobody reviewing yet', [reviewer('r1', ['Oslo'])], [], { eligible: ['r1'], excluded: [] }],
    ])('%s', (_name, candidates, reviewing, expected) => {
      expect(independenceExclusion(candidates, 'University Hospital Basel', reviewing)).toEqual(
        expected,
      );
    });
  });

  it('refuses a reviewer listed twice', () => {
    expect(() =>
      independenceExclusion([reviewer('r1', ['A']), reviewer('r1', ['B'])], 'C'),
    ).toThrow('reviewer r1 is listed twice');
  });
});
