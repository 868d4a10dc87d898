import { Specialty } from '@app/contracts';
import {
  CaseFacts,
  criterionLabel,
  DEFAULT_READINESS_TEMPLATE,
  evaluateReadiness,
  RECORD_KINDS,
  ReadinessCriterion,
  RecordKind,
  validateReadinessTemplate,
} from './readiness';

const NOW = new Date('2026-03-10T10:00:00Z');

/** A case file that meets every criterion. */
const FULL: CaseFacts = {
  question: 'Adjuvant chemotherapy after lobectomy?',
  diagnosis: { primarySite: 'Right upper lobe', histology: 'Adenocarcinoma', icd10: 'C34.1' },
  staging: { edition: 8, clinical: { t: 'T2a', n: 'N1', m: 'M0', stageGroup: 'IIB' } },
  ecog: 1,
  records: [
    { kind: 'pathology_report', date: '2026-02-20' },
    { kind: 'radiology_report', date: '2026-02-01' },
  ],
};

const facts = (overrides: Partial<CaseFacts>): CaseFacts => ({ ...FULL, ...overrides });

const evaluateOne = (criterion: ReadinessCriterion, caseFacts: CaseFacts, now = NOW) => {
  const result = evaluateReadiness({ criteria: [criterion] }, caseFacts, now);
  expect(result.items).toHaveLength(1);
  return result.items[0];
};

describe('default labels', () => {
  it.each<[ReadinessCriterion, string]>([
    [{ kind: 'record_present', recordKind: 'pathology_report' }, 'Pathology report present'],
    [{ kind: 'record_present', recordKind: 'radiology_report' }, 'Radiology report present'],
    [{ kind: 'record_present', recordKind: 'imaging_study' }, 'Imaging study present'],
    [{ kind: 'record_present', recordKind: 'lab' }, 'Lab result present'],
    [{ kind: 'record_present', recordKind: 'genomics' }, 'Genomic test result present'],
    [{ kind: 'record_present', recordKind: 'clinical_note' }, 'Clinical note present'],
    [{ kind: 'record_present', recordKind: 'other' }, 'Other record present'],
    [
      { kind: 'recent_record', recordKind: 'radiology_report', withinDays: 60 },
      'Radiology report within 60 days',
    ],
    [{ kind: 'recent_record', recordKind: 'lab', withinDays: 1 }, 'Lab result within 1 day'],
    [{ kind: 'staging_complete' }, 'Staging complete'],
    [{ kind: 'question_stated' }, 'Question for the board stated'],
    [{ kind: 'diagnosis_coded' }, 'Diagnosis coded (site, histology, ICD-10)'],
    [{ kind: 'ecog_recorded' }, 'ECOG performance status recorded'],
    [{ kind: 'staging_complete', label: 'TNM (AJCC 8) recorded' }, 'TNM (AJCC 8) recorded'],
    [
      { kind: 'recent_record', recordKind: 'lab', withinDays: 14, label: ' Labs < 14 d ' },
      'Labs < 14 d',
    ],
    [{ kind: 'ecog_recorded', label: '   ' }, 'ECOG performance status recorded'],
  ])('%j → %j', (criterion, label) => {
    expect(criterionLabel(criterion)).toBe(label);
  });

  it('has a record name for every record kind', () => {
    for (const recordKind of RECORD_KINDS) {
      expect(criterionLabel({ kind: 'record_present', recordKind })).toMatch(
        /^[A-Z][a-z ]+ present$/,
      );
    }
  });
});

describe('record_present', () => {
  const criterion: ReadinessCriterion = { kind: 'record_present', recordKind: 'pathology_report' };

  it.each<[string, CaseFacts['records'], boolean, string | undefined]>([
    ['dated report', [{ kind: 'pathology_report', date: '2020-01-01' }], true, undefined],
    ['undated report', [{ kind: 'pathology_report', date: null }], true, undefined],
    [
      'report dated in the future',
      [{ kind: 'pathology_report', date: '2027-01-01' }],
      true,
      undefined,
    ],
    [
      'other kinds only',
      [{ kind: 'radiology_report', date: '2026-03-01' }],
      false,
      'no pathology report on file',
    ],
    ['no records', [], false, 'no pathology report on file'],
  ])('%s → met: %s', (_name, records, met, detail) => {
    expect(evaluateOne(criterion, facts({ records }))).toEqual({
      criterion,
      label: 'Pathology report present',
      met,
      ...(detail ? { detail } : {}),
    });
  });
});

describe('recent_record (60 days, now = 2026-03-10T10:00Z)', () => {
  const criterion: ReadinessCriterion = {
    kind: 'recent_record',
    recordKind: 'radiology_report',
    withinDays: 60,
  };
  const radiology = (...dates: Array<string | null>): CaseFacts['records'] =>
    dates.map((date) => ({ kind: 'radiology_report' as RecordKind, date }));

  it.each<[string, CaseFacts['records'], boolean, string, Date?]>([
    ['dated today', radiology('2026-03-10'), true, 'radiology report dated 2026-03-10'],
    ['exactly 60 days ago', radiology('2026-01-09'), true, 'radiology report dated 2026-01-09'],
    [
      '61 days ago',
      radiology('2026-01-08'),
      false,
      'latest radiology report is dated 2026-01-08, 61 days ago',
    ],
    [
      'a year old',
      radiology('2025-03-10'),
      false,
      'latest radiology report is dated 2025-03-10, 365 days ago',
    ],
    [
      'the newest of several counts',
      radiology('2025-01-01', '2026-03-01', '2026-01-01'),
      true,
      'radiology report dated 2026-03-01',
    ],
    [
      'tomorrow does not count',
      radiology('2026-03-11'),
      false,
      'radiology report dated 2026-03-11 is in the future and does not count',
    ],
    [
      'a future one does not hide an old one',
      radiology('2026-04-01', '2025-12-01'),
      false,
      'latest radiology report is dated 2025-12-01, 99 days ago',
    ],
    [
      'a future one does not hide a recent one',
      radiology('2026-04-01', '2026-03-01'),
      true,
      'radiology report dated 2026-03-01',
    ],
    ['undated', radiology(null), false, 'no radiology report on file has a valid date'],
    [
      'impossible date',
      radiology('2026-02-30'),
      false,
      'no radiology report on file has a valid date',
    ],
    ['not ISO', radiology('10/03/2026'), false, 'no radiology report on file has a valid date'],
    [
      'undated and recent',
      radiology(null, '2026-03-09'),
      true,
      'radiology report dated 2026-03-09',
    ],
    [
      'another kind, dated today',
      [{ kind: 'imaging_study', date: '2026-03-10' }],
      false,
      'no radiology report on file',
    ],
    ['no records', [], false, 'no radiology report on file'],
    // Calendar days in UTC: the hour of `now` does not matter.
    [
      '60 days at the last millisecond of the day',
      radiology('2026-01-09'),
      true,
      'radiology report dated 2026-01-09',
      new Date('2026-03-10T23:59:59.999Z'),
    ],
    [
      '61 days at the first millisecond of the next day',
      radiology('2026-01-09'),
      false,
      'latest radiology report is dated 2026-01-09, 61 days ago',
      new Date('2026-03-11T00:00:00Z'),
    ],
    [
      'today at midnight UTC',
      radiology('2026-03-10'),
      true,
      'radiology report dated 2026-03-10',
      new Date('2026-03-10T00:00:00Z'),
    ],
    [
      'one millisecond before that day',
      radiology('2026-03-10'),
      false,
      'radiology report dated 2026-03-10 is in the future and does not count',
      new Date('2026-03-09T23:59:59.999Z'),
    ],
  ])('%s → met: %s', (_name, records, met, detail, now = NOW) => {
    expect(evaluateOne(criterion, facts({ records }), now)).toEqual({
      criterion,
      label: 'Radiology report within 60 days',
      met,
      detail,
    });
  });

  it.each<[number, string, boolean]>([
    [1, '2026-03-09', true],
    [1, '2026-03-08', false],
    [3650, '2016-03-12', true],
    [3650, '2016-03-11', false],
  ])('window of %i days, record dated %s → met: %s', (withinDays, date, met) => {
    const item = evaluateOne(
      { kind: 'recent_record', recordKind: 'lab', withinDays },
      facts({ records: [{ kind: 'lab', date }] }),
    );
    expect(item.met).toBe(met);
  });
});

describe('staging_complete', () => {
  const criterion: ReadinessCriterion = { kind: 'staging_complete' };

  it.each<[string, CaseFacts['staging'], boolean, string | undefined]>([
    ['complete clinical stage', FULL.staging, true, undefined],
    ['no staging', null, false, 'no staging recorded'],
    [
      'edition only',
      { edition: 8 },
      false,
      'neither the clinical nor the pathological stage has T, N, M and stage group',
    ],
    [
      'missing stage group',
      { edition: 8, clinical: { t: 'T2a', n: 'N1', m: 'M0' } },
      false,
      'neither the clinical nor the pathological stage has T, N, M and stage group',
    ],
    [
      'invalid value',
      { edition: 8, clinical: { t: 'T2a', n: 'N1', m: 'M0', stageGroup: 'V' } },
      false,
      "clinical.stageGroup: 'V' is not a valid stage group",
    ],
  ])('%s → met: %s', (_name, staging, met, detail) => {
    const item = evaluateOne(criterion, facts({ staging }));
    expect(item.met).toBe(met);
    expect(item.detail).toBe(detail);
  });
});

describe('question_stated', () => {
  it.each<[string | null, boolean]>([
    ['Adjuvant chemotherapy?', true],
    ['  Surgery first?  ', true],
    ['?', true],
    ['', false],
    ['   ', false],
    ['\n\t ', false],
    [null, false],
  ])('%j → met: %s', (question, met) => {
    const item = evaluateOne({ kind: 'question_stated' }, facts({ question }));
    expect(item.met).toBe(met);
    expect(item.detail).toBe(met ? undefined : 'no question for the board');
  });
});

describe('diagnosis_coded', () => {
  const full = FULL.diagnosis!;

  it.each<[string, CaseFacts['diagnosis'], boolean, string | undefined]>([
    ['site, histology and code', full, true, undefined],
    ['code with surrounding spaces', { ...full, icd10: ' C34.1 ' }, true, undefined],
    ['no diagnosis', null, false, 'missing: primary site, histology, ICD-10 code'],
    ['empty diagnosis', {}, false, 'missing: primary site, histology, ICD-10 code'],
    ['no primary site', { ...full, primarySite: null }, false, 'missing: primary site'],
    ['blank primary site', { ...full, primarySite: '  ' }, false, 'missing: primary site'],
    ['no histology', { ...full, histology: undefined }, false, 'missing: histology'],
    ['no code', { ...full, icd10: null }, false, 'missing: ICD-10 code'],
    ['blank code', { ...full, icd10: ' ' }, false, 'missing: ICD-10 code'],
    [
      'malformed code',
      { ...full, icd10: 'c34.1' },
      false,
      "'c34.1' is not a well-formed ICD-10 code",
    ],
    ['dotless code', { ...full, icd10: 'C341' }, false, "'C341' is not a well-formed ICD-10 code"],
  ])('%s → met: %s', (_name, diagnosis, met, detail) => {
    const item = evaluateOne({ kind: 'diagnosis_coded' }, facts({ diagnosis }));
    expect(item.met).toBe(met);
    expect(item.detail).toBe(detail);
  });
});

describe('ecog_recorded', () => {
  it.each<[number | null, boolean, string]>([
    [0, true, 'ECOG 0'],
    [1, true, 'ECOG 1'],
    [4, true, 'ECOG 4'],
    [5, true, 'ECOG 5'],
    [null, false, 'no ECOG recorded'],
    [6, false, 'ECOG 6 is not a score from 0 to 5'],
    [-1, false, 'ECOG -1 is not a score from 0 to 5'],
    [1.5, false, 'ECOG 1.5 is not a score from 0 to 5'],
    [Number.NaN, false, 'ECOG NaN is not a score from 0 to 5'],
  ])('%j → met: %s', (ecog, met, detail) => {
    const item = evaluateOne({ kind: 'ecog_recorded' }, facts({ ecog }));
    expect(item.met).toBe(met);
    expect(item.detail).toBe(detail);
  });
});

describe('evaluateReadiness — whole templates', () => {
  const EMPTY: CaseFacts = {
    question: null,
    diagnosis: null,
    staging: null,
    ecog: null,
    records: [],
  };

  it.each<[string, ReadinessCriterion[], CaseFacts, boolean, string[]]>([
    ['default template, full case', DEFAULT_READINESS_TEMPLATE.criteria, FULL, true, []],
    [
      'default template, empty case',
      DEFAULT_READINESS_TEMPLATE.criteria,
      EMPTY,
      false,
      [
        'Pathology report present',
        'Staging complete',
        'Radiology report within 60 days',
        'Question for the board stated',
      ],
    ],
    [
      'default template, stale imaging and no question',
      DEFAULT_READINESS_TEMPLATE.criteria,
      facts({
        question: ' ',
        records: [
          { kind: 'pathology_report', date: null },
          { kind: 'radiology_report', date: '2025-06-01' },
        ],
      }),
      false,
      ['Radiology report within 60 days', 'Question for the board stated'],
    ],
    ['empty template, empty case', [], EMPTY, true, []],
    [
      'custom labels are reported as missing',
      [
        { kind: 'ecog_recorded', label: 'PS' },
        { kind: 'diagnosis_coded', label: 'Coded dx' },
      ],
      EMPTY,
      false,
      ['PS', 'Coded dx'],
    ],
    [
      'every kind of criterion met',
      [
        { kind: 'record_present', recordKind: 'pathology_report' },
        { kind: 'recent_record', recordKind: 'radiology_report', withinDays: 60 },
        { kind: 'staging_complete' },
        { kind: 'question_stated' },
        { kind: 'diagnosis_coded' },
        { kind: 'ecog_recorded' },
      ],
      FULL,
      true,
      [],
    ],
  ])('%s → ready: %s', (_name, criteria, caseFacts, ready, missing) => {
    const result = evaluateReadiness({ criteria }, caseFacts, NOW);
    expect(result.ready).toBe(ready);
    expect(result.missing).toEqual(missing);
    expect(result.items.map((item) => item.criterion)).toEqual(criteria);
  });

  it('the default template is itself valid', () => {
    expect(validateReadinessTemplate(DEFAULT_READINESS_TEMPLATE)).toEqual([]);
  });
});

describe('validateReadinessTemplate', () => {
  const recent = (withinDays: number): ReadinessCriterion => ({
    kind: 'recent_record',
    recordKind: 'lab',
    withinDays,
  });
  const distinct: ReadinessCriterion[] = [
    ...RECORD_KINDS.map((recordKind): ReadinessCriterion => ({
      kind: 'record_present',
      recordKind,
    })),
    ...RECORD_KINDS.map((recordKind): ReadinessCriterion => ({
      kind: 'recent_record',
      recordKind,
      withinDays: 30,
    })),
    { kind: 'staging_complete' },
    { kind: 'question_stated' },
    { kind: 'diagnosis_coded' },
    { kind: 'ecog_recorded' },
  ];

  it.each<[string, ReadinessCriterion[], string[]]>([
    ['empty', [], []],
    ['every distinct criterion', distinct, []],
    ['withinDays 1', [recent(1)], []],
    ['withinDays 3650', [recent(3650)], []],
    [
      'withinDays 0',
      [recent(0)],
      ['criterion 1: withinDays must be a whole number from 1 to 3650 (got 0)'],
    ],
    [
      'withinDays 3651',
      [recent(3651)],
      ['criterion 1: withinDays must be a whole number from 1 to 3650 (got 3651)'],
    ],
    [
      'withinDays 1.5',
      [recent(1.5)],
      ['criterion 1: withinDays must be a whole number from 1 to 3650 (got 1.5)'],
    ],
    [
      'withinDays -7',
      [recent(-7)],
      ['criterion 1: withinDays must be a whole number from 1 to 3650 (got -7)'],
    ],
    [
      'same criterion twice',
      [{ kind: 'staging_complete' }, { kind: 'question_stated' }, { kind: 'staging_complete' }],
      ['criterion 3 repeats criterion 1'],
    ],
    [
      'same criterion with another label',
      [{ kind: 'ecog_recorded' }, { kind: 'ecog_recorded', label: 'PS' }],
      ['criterion 2 repeats criterion 1'],
    ],
    [
      'same record kind, another window',
      [recent(30), recent(90)],
      ['criterion 2 repeats criterion 1'],
    ],
    [
      'present and recent of the same kind',
      [{ kind: 'record_present', recordKind: 'lab' }, recent(30)],
      [],
    ],
    [
      'recent records of different kinds',
      [recent(30), { kind: 'recent_record', recordKind: 'genomics', withinDays: 30 }],
      [],
    ],
    [
      'three of a kind',
      [recent(1), recent(2), recent(3)],
      ['criterion 2 repeats criterion 1', 'criterion 3 repeats criterion 1'],
    ],
    [
      'unknown kind',
      [{ kind: 'tumor_markers' } as unknown as ReadinessCriterion],
      ["criterion 1: unknown kind 'tumor_markers'"],
    ],
    [
      'unknown record kind',
      [{ kind: 'record_present', recordKind: 'x_ray' as RecordKind }],
      ["criterion 1: unknown record kind 'x_ray'"],
    ],
    [
      'blank label',
      [{ kind: 'question_stated', label: ' ' }],
      ['criterion 1: label must not be blank'],
    ],
  ])('%s → %j', (_name, criteria, problems) => {
    expect(validateReadinessTemplate({ criteria })).toEqual(problems);
  });

  it.each<[number, boolean]>([
    [30, false],
    [31, true],
  ])('%i criteria → too many: %s', (count, tooMany) => {
    const criteria = Array.from({ length: count }, () => recent(30));
    const problems = validateReadinessTemplate({ criteria });
    expect(problems.includes(`at most 30 criteria (got ${count})`)).toBe(tooMany);
  });
});

describe('evaluateReadiness — preparation requests', () => {
  const request = (
    id: string,
    status: 'open' | 'done' | 'cancelled',
    finding: string | null = null,
  ): NonNullable<CaseFacts['preparations']>[number] => ({
    id,
    specialty: Specialty.Radiology,
    kind: 'specialty_review',
    status,
    requestedAt: new Date('2026-03-02T09:00:00Z'),
    finding,
  });

  it.each<[string, CaseFacts['preparations'], boolean, string[], number]>([
    ['no requests', [], true, [], 4],
    ['no requests given', undefined, true, [], 4],
    ['an open request', [request('r1', 'open')], false, ['Radiology review'], 5],
    ['a done request', [request('r1', 'done', 'No nodal disease.')], true, [], 5],
    ['a cancelled request', [request('r1', 'cancelled')], true, [], 4],
  ])('a full case with %s → ready: %s', (_name, preparations, ready, missing, itemCount) => {
    const result = evaluateReadiness(DEFAULT_READINESS_TEMPLATE, facts({ preparations }), NOW);
    expect(result.ready).toBe(ready);
    expect(result.missing).toEqual(missing);
    expect(result.items).toHaveLength(itemCount);
  });

  it('adds the requests after the checklist, with their detail', () => {
    const result = evaluateReadiness(
      { criteria: [{ kind: 'question_stated' }] },
      facts({
        question: '',
        preparations: [request('r1', 'open'), request('r2', 'done', 'Stable disease.')],
      }),
      NOW,
    );
    expect(result.items).toEqual([
      {
        criterion: { kind: 'question_stated' },
        label: 'Question for the board stated',
        met: false,
        detail: 'no question for the board',
      },
      {
        criterion: null,
        preparationRequestId: 'r1',
        label: 'Radiology review',
        met: false,
        detail: 'requested 2026-03-02',
      },
      {
        criterion: null,
        preparationRequestId: 'r2',
        label: 'Radiology review',
        met: true,
        detail: 'Stable disease.',
      },
    ]);
    expect(result.missing).toEqual(['Question for the board stated', 'Radiology review']);
  });
});
