import {
  AJCC_EDITIONS,
  AjccEdition,
  isStagingComplete,
  M_CATEGORIES,
  N_CATEGORIES,
  Staging,
  STAGE_GROUPS,
  T_CATEGORIES,
  TnmStaging,
  validateStaging,
} from './staging';

type Field = keyof TnmStaging;

const COMPLETE: Required<TnmStaging> = { t: 'T2', n: 'N1', m: 'M0', stageGroup: 'IIB' };

describe('category lists', () => {
  it.each<[string, readonly string[], number]>([
    ['T', T_CATEGORIES, 32],
    ['N', N_CATEGORIES, 17],
    ['M', M_CATEGORIES, 7],
    ['stage group', STAGE_GROUPS, 29],
  ])('%s has %i distinct values', (_name, list, size) => {
    expect(list).toHaveLength(size);
    expect(new Set(list).size).toBe(size);
  });

  it('lists the supported editions', () => {
    expect(AJCC_EDITIONS).toEqual([7, 8, 9]);
  });
});

describe('validateStaging — one field at a time', () => {
  const valid: Array<[Field, string]> = [
    ...T_CATEGORIES.map((v): [Field, string] => ['t', v]),
    ...N_CATEGORIES.map((v): [Field, string] => ['n', v]),
    ...M_CATEGORIES.map((v): [Field, string] => ['m', v]),
    ...STAGE_GROUPS.map((v): [Field, string] => ['stageGroup', v]),
  ];

  it.each(valid)('clinical %s = %j is valid', (field, value) => {
    expect(validateStaging({ edition: 8, clinical: { [field]: value } })).toEqual([]);
  });

  it.each<[Field, string, string]>([
    ['t', 't2', 'T category'],
    ['t', 'cT2', 'T category'],
    ['t', 'pT2', 'T category'],
    ['t', 'ypT2', 'T category'],
    ['t', 'T5', 'T category'],
    ['t', 'T1e', 'T category'],
    ['t', 'Tis (DCIS)', 'T category'],
    ['t', 'TIS', 'T category'],
    ['t', ' T2', 'T category'],
    ['t', 'N1', 'T category'],
    ['t', '', 'T category'],
    ['n', 'N4', 'N category'],
    ['n', 'n1', 'N category'],
    ['n', 'cN1', 'N category'],
    ['n', 'N0(i-)', 'N category'],
    ['n', 'N3d', 'N category'],
    ['n', 'T1', 'N category'],
    ['n', '', 'N category'],
    ['m', 'MX', 'M category'],
    ['m', 'M2', 'M category'],
    ['m', 'M1e', 'M category'],
    ['m', 'm1', 'M category'],
    ['m', 'cM0', 'M category'],
    ['m', '', 'M category'],
    ['stageGroup', 'V', 'stage group'],
    ['stageGroup', 'iv', 'stage group'],
    ['stageGroup', 'Stage IV', 'stage group'],
    ['stageGroup', '4', 'stage group'],
    ['stageGroup', 'IIIE', 'stage group'],
    ['stageGroup', 'IVD', 'stage group'],
    ['stageGroup', 'Occult', 'stage group'],
    ['stageGroup', '', 'stage group'],
  ])('%s = %j is not a valid %s', (field, value, name) => {
    for (const classification of ['clinical', 'pathological'] as const) {
      expect(validateStaging({ edition: 8, [classification]: { [field]: value } })).toEqual([
        { field: `${classification}.${field}`, message: `'${value}' is not a valid ${name}` },
      ]);
    }
  });
});

describe('validateStaging — edition and pathological M0', () => {
  it.each<[unknown, boolean]>([
    [7, true],
    [8, true],
    [9, true],
    [6, false],
    [10, false],
    [0, false],
    ['8', false],
    [8.5, false],
    [undefined, false],
  ])('edition %j valid: %s', (edition, valid) => {
    const problems = validateStaging({ edition: edition as AjccEdition, clinical: COMPLETE });
    expect(problems).toEqual(
      valid
        ? []
        : [
            {
              field: 'edition',
              message: `AJCC edition must be one of 7, 8, 9 (got ${String(edition)})`,
            },
          ],
    );
  });

  it.each<[AjccEdition, string, boolean]>([
    [7, 'M0', true],
    [7, 'M0(i+)', true],
    [8, 'M0', false],
    [8, 'M0(i+)', false],
    [9, 'M0', false],
    [9, 'M0(i+)', false],
    [8, 'M1', true],
    [8, 'M1c', true],
    [9, 'M1a', true],
  ])('AJCC %i pathological %s valid: %s', (edition, m, valid) => {
    const problems = validateStaging({ edition, pathological: { m } });
    expect(problems).toEqual(
      valid
        ? []
        : [
            {
              field: 'pathological.m',
              message: `p${m} is not a valid category in AJCC ${edition}: M0 is clinical only, record cM0 in the clinical stage`,
            },
          ],
    );
  });

  it.each<AjccEdition>([7, 8, 9])('clinical M0 is fine in AJCC %i', (edition) => {
    expect(validateStaging({ edition, clinical: { m: 'M0' } })).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const staging: Staging = {
      edition: 8,
      clinical: { t: 'T9', n: 'N1', m: 'M0', stageGroup: 'V' },
      pathological: { t: 'T2', n: 'Nx', m: 'M0' },
    };
    expect(validateStaging(staging).map((p) => p.field)).toEqual([
      'clinical.t',
      'clinical.stageGroup',
      'pathological.n',
      'pathological.m',
    ]);
  });

  it.each<[string, Staging]>([
    ['edition only', { edition: 8 }],
    ['empty stages', { edition: 8, clinical: {}, pathological: {} }],
    ['null values are absent values', { edition: 8, clinical: { t: null as unknown as string } }],
  ])('%s is valid', (_name, staging) => {
    expect(validateStaging(staging)).toEqual([]);
  });
});

describe('isStagingComplete', () => {
  it.each<[string, Staging | null | undefined, boolean]>([
    ['null', null, false],
    ['undefined', undefined, false],
    ['no stage', { edition: 8 }, false],
    ['complete clinical stage', { edition: 8, clinical: COMPLETE }, true],
    ['complete clinical stage, AJCC 7', { edition: 7, clinical: COMPLETE }, true],
    ['clinical without T', { edition: 8, clinical: { ...COMPLETE, t: undefined } }, false],
    ['clinical without N', { edition: 8, clinical: { ...COMPLETE, n: undefined } }, false],
    ['clinical without M', { edition: 8, clinical: { ...COMPLETE, m: undefined } }, false],
    [
      'clinical without stage group',
      { edition: 8, clinical: { ...COMPLETE, stageGroup: undefined } },
      false,
    ],
    ['clinical with an invalid T', { edition: 8, clinical: { ...COMPLETE, t: 'T9' } }, false],
    [
      'complete pathological stage with pM1',
      { edition: 8, pathological: { t: 'T3', n: 'N2', m: 'M1a', stageGroup: 'IVA' } },
      true,
    ],
    ['pathological stage with pM0, AJCC 8', { edition: 8, pathological: COMPLETE }, false],
    ['pathological stage with pM0, AJCC 7', { edition: 7, pathological: COMPLETE }, true],
    [
      'complete clinical, partial pathological',
      { edition: 8, clinical: COMPLETE, pathological: { t: 'T2' } },
      true,
    ],
    [
      'partial clinical and partial pathological making a whole',
      { edition: 8, clinical: { t: 'T2', n: 'N1' }, pathological: { m: 'M1', stageGroup: 'IV' } },
      false,
    ],
    [
      'complete clinical but invalid pathological',
      { edition: 8, clinical: COMPLETE, pathological: { t: 'T2x' } },
      false,
    ],
    ['unknown edition', { edition: 6 as AjccEdition, clinical: COMPLETE }, false],
  ])('%s → %s', (_name, staging, complete) => {
    expect(isStagingComplete(staging)).toBe(complete);
  });
});
