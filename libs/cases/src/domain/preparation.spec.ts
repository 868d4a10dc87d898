import {
  BoardRole,
  PREPARATION_KINDS,
  PREPARATION_STATUSES,
  PreparationKind,
  PreparationStatus,
  SPECIALTIES,
  Specialty as Sp,
} from '@app/contracts';
import { CaseStatus } from './case-status';
import {
  checkCancelPreparation,
  checkCompletePreparation,
  checkNewPreparation,
  checkPreparationTransition,
  kindFitsSpecialty,
  mayCancelPreparation,
  mayCompletePreparation,
  NewPreparation,
  PreparationActor,
  PreparationFact,
  preparationLabel,
  preparationReadinessItems,
  specialtiesFor,
} from './preparation';

const ROLES: Array<BoardRole | null> = [...Object.values(BoardRole), null];

/** An expected refusal: its code, and the field for invalid input. */
type Refusal = { code: string; field?: string };

describe('which specialty each kind of review is asked of', () => {
  /** Every fitting pair, written out: every other kind × specialty pair is refused. */
  const FITS: ReadonlyArray<[PreparationKind, Sp]> = [
    ['imaging_review', Sp.Radiology],
    ['imaging_review', Sp.NuclearMedicine],
    ['pathology_review', Sp.Pathology],
    ...SPECIALTIES.map((specialty): [PreparationKind, Sp] => ['specialty_review', specialty]),
  ];
  const matrix = PREPARATION_KINDS.flatMap((kind) =>
    SPECIALTIES.map((specialty): [PreparationKind, Sp, boolean] => [
      kind,
      specialty,
      FITS.some(([k, s]) => k === kind && s === specialty),
    ]),
  );

  it('covers all 3 × 11 pairs', () => {
    expect(SPECIALTIES).toHaveLength(11);
    expect(matrix).toHaveLength(33);
    expect(matrix.filter(([, , fits]) => fits)).toHaveLength(14);
  });

  it.each(matrix)('%s by %s fits: %s', (kind, specialty, fits) => {
    expect(kindFitsSpecialty(kind, specialty)).toBe(fits);
    expect(specialtiesFor(kind).includes(specialty)).toBe(fits);
  });

  it('refuses a kind it does not know', () => {
    expect(kindFitsSpecialty('surgery_review' as PreparationKind, Sp.SurgicalOncology)).toBe(false);
  });
});

describe('preparation request transitions', () => {
  const ALLOWED: ReadonlyArray<[PreparationStatus, PreparationStatus]> = [
    ['open', 'done'],
    ['open', 'cancelled'],
  ];
  /** The statuses `from` may become, in the order the refusal message lists them. */
  const allowedFrom = (from: PreparationStatus): PreparationStatus[] =>
    ALLOWED.filter(([f]) => f === from).map(([, to]) => to);
  const matrix = PREPARATION_STATUSES.flatMap((from) =>
    PREPARATION_STATUSES.map((to): [PreparationStatus, PreparationStatus, boolean] => [
      from,
      to,
      ALLOWED.some(([f, t]) => f === from && t === to),
    ]),
  );

  it('covers all 3 × 3 pairs', () => {
    expect(matrix).toHaveLength(9);
  });

  it.each(matrix)('%s → %s allowed: %s', (from, to, allowed) => {
    const check = checkPreparationTransition(from, to);
    expect(check.ok).toBe(allowed);
    if (!check.ok) expect(check.allowed).toEqual(allowedFrom(from));
  });

  it.each<[PreparationStatus, PreparationStatus, string, string]>([
    [
      'open',
      'open',
      'invalid_transition',
      'an open preparation request can only become: done, cancelled',
    ],
    [
      'done',
      'done',
      'preparation_not_open',
      'a done preparation request is final and cannot change status',
    ],
    [
      'done',
      'cancelled',
      'preparation_not_open',
      'a done preparation request is final and cannot change status',
    ],
    [
      'done',
      'open',
      'preparation_not_open',
      'a done preparation request is final and cannot change status',
    ],
    [
      'cancelled',
      'done',
      'preparation_not_open',
      'a cancelled preparation request is final and cannot change status',
    ],
    [
      'cancelled',
      'open',
      'preparation_not_open',
      'a cancelled preparation request is final and cannot change status',
    ],
    [
      'cancelled',
      'cancelled',
      'preparation_not_open',
      'a cancelled preparation request is final and cannot change status',
    ],
  ])('%s → %s: %s "%s"', (from, to, code, message) => {
    expect(checkPreparationTransition(from, to)).toEqual({
      ok: false,
      code,
      allowed: allowedFrom(from),
      message,
    });
  });
});

const actor = (
  role: BoardRole | null,
  overrides: Partial<PreparationActor> = {},
): PreparationActor => ({
  userId: 'me',
  isAdmin: false,
  role,
  specialty: Sp.SurgicalOncology,
  ...overrides,
});

describe('who may complete a request (asked of radiology)', () => {
  /**
   * Per role, whether a member may complete: [neither, only assigned to them, only their
   * specialty, both]. Observers and outsiders never; coordinators always.
   */
  const EXPECTED: ReadonlyArray<[BoardRole | null, [boolean, boolean, boolean, boolean]]> = [
    [BoardRole.Coordinator, [true, true, true, true]],
    [BoardRole.Chair, [false, true, true, true]],
    [BoardRole.Presenter, [false, true, true, true]],
    [BoardRole.Panelist, [false, true, true, true]],
    [BoardRole.Observer, [false, false, false, false]],
    [null, [false, false, false, false]],
  ];
  const cases = EXPECTED.flatMap(([role, outcomes]) =>
    (
      [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const
    ).map(([assigned, ofSpecialty], i): [BoardRole | null, boolean, boolean, boolean] => [
      role,
      assigned,
      ofSpecialty,
      outcomes[i],
    ]),
  );

  it('covers every role (and none) × assignee × specialty', () => {
    expect(EXPECTED.map(([role]) => role)).toEqual(ROLES);
    expect(cases).toHaveLength(24);
  });

  it.each(cases)('%s, assigned: %s, radiologist: %s → %s', (role, assigned, ofSpecialty, may) => {
    const who = actor(role, { specialty: ofSpecialty ? Sp.Radiology : Sp.Pathology });
    const request = { specialty: Sp.Radiology, assigneeId: assigned ? 'me' : 'someone-else' };
    expect(mayCompletePreparation(who, request)).toBe(may);
  });

  it.each(ROLES)('an administrator may, whatever their role (%s)', (role) => {
    expect(
      mayCompletePreparation(actor(role, { isAdmin: true }), {
        specialty: Sp.Radiology,
        assigneeId: null,
      }),
    ).toBe(true);
  });

  it('a request with no assignee is nobody’s by name', () => {
    expect(
      mayCompletePreparation(actor(BoardRole.Panelist), {
        specialty: Sp.Radiology,
        assigneeId: null,
      }),
    ).toBe(false);
  });
});

describe('who may cancel a request', () => {
  /** Per role: [neither, may edit the case, asked for it, both]. */
  const EXPECTED: ReadonlyArray<[BoardRole | null, [boolean, boolean, boolean, boolean]]> = [
    [BoardRole.Coordinator, [false, true, true, true]],
    [BoardRole.Chair, [false, true, true, true]],
    [BoardRole.Presenter, [false, true, true, true]],
    [BoardRole.Panelist, [false, true, true, true]],
    [BoardRole.Observer, [false, true, false, true]],
    [null, [false, true, false, true]],
  ];
  const cases = EXPECTED.flatMap(([role, outcomes]) =>
    (
      [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const
    ).map(([canEdit, requester], i): [BoardRole | null, boolean, boolean, boolean] => [
      role,
      canEdit,
      requester,
      outcomes[i],
    ]),
  );

  it('covers every role (and none) × edit right × requester', () => {
    expect(EXPECTED.map(([role]) => role)).toEqual(ROLES);
    expect(cases).toHaveLength(24);
  });

  it.each(cases)('%s, may edit the case: %s, requester: %s → %s', (role, canEdit, mine, may) => {
    expect(
      mayCancelPreparation(actor(role), canEdit, { requestedBy: mine ? 'me' : 'someone-else' }),
    ).toBe(may);
  });
});

describe('checkNewPreparation', () => {
  const VALID: NewPreparation = {
    canEditCase: true,
    caseStatus: CaseStatus.Draft,
    specialty: Sp.Radiology,
    kind: 'imaging_review',
    question: 'Is the 4L node involved?',
    open: [],
  };
  const ask = (overrides: Partial<NewPreparation>) =>
    checkNewPreparation({ ...VALID, ...overrides });

  it.each<[string, Partial<NewPreparation>, Refusal | null]>([
    ['a valid request', {}, null],
    ['no edit right', { canEditCase: false }, { code: 'forbidden' }],
    [
      'no edit right beats every other problem',
      {
        canEditCase: false,
        kind: 'pathology_review',
        question: '',
        caseStatus: CaseStatus.Withdrawn,
        open: [{ specialty: Sp.Radiology, kind: 'imaging_review' }],
      },
      { code: 'forbidden' },
    ],
    [
      'imaging review asked of surgery',
      { specialty: Sp.SurgicalOncology },
      { code: 'invalid_input', field: 'kind' },
    ],
    [
      'pathology review asked of radiology',
      { kind: 'pathology_review' },
      { code: 'invalid_input', field: 'kind' },
    ],
    ['imaging review asked of nuclear medicine', { specialty: Sp.NuclearMedicine }, null],
    [
      'specialty review asked of pharmacy',
      { kind: 'specialty_review', specialty: Sp.Pharmacy },
      null,
    ],
    ['question of 1 character', { question: 'x' }, { code: 'invalid_input', field: 'question' }],
    ['question of blanks', { question: '      ' }, { code: 'invalid_input', field: 'question' }],
    ['question of 2 characters', { question: 'ok' }, null],
    ['question of 2000 characters', { question: 'q'.repeat(2000) }, null],
    [
      'question of 2001 characters',
      { question: 'q'.repeat(2001) },
      { code: 'invalid_input', field: 'question' },
    ],
    [
      'an assignee of the specialty',
      { assignee: { role: BoardRole.Panelist, specialty: Sp.Radiology } },
      null,
    ],
    [
      'an assignee who coordinates',
      { assignee: { role: BoardRole.Coordinator, specialty: Sp.Radiology } },
      null,
    ],
    [
      'an assignee of another specialty',
      { assignee: { role: BoardRole.Panelist, specialty: Sp.Pathology } },
      { code: 'invalid_input', field: 'assigneeId' },
    ],
    [
      'an observer as assignee',
      { assignee: { role: BoardRole.Observer, specialty: Sp.Radiology } },
      { code: 'invalid_input', field: 'assigneeId' },
    ],
    [
      'an assignee who is not a member',
      { assignee: { role: null, specialty: Sp.Radiology } },
      { code: 'invalid_input', field: 'assigneeId' },
    ],
    [
      'the same kind already open for the specialty',
      { open: [{ specialty: Sp.Radiology, kind: 'imaging_review' }] },
      { code: 'duplicate_open_request' },
    ],
    [
      'another kind open for the specialty',
      { open: [{ specialty: Sp.Radiology, kind: 'specialty_review' }] },
      null,
    ],
    [
      'the same kind open for another specialty',
      { open: [{ specialty: Sp.NuclearMedicine, kind: 'imaging_review' }] },
      null,
    ],
    [
      'bad input beats a closed case',
      { question: 'x', caseStatus: CaseStatus.Withdrawn },
      { code: 'invalid_input', field: 'question' },
    ],
    [
      'a closed case beats a duplicate',
      {
        caseStatus: CaseStatus.Discussed,
        open: [{ specialty: Sp.Radiology, kind: 'imaging_review' }],
      },
      { code: 'case_not_open' },
    ],
  ])('%s → %j', (_name, overrides, refusal) => {
    const decision = ask(overrides);
    if (refusal === null) {
      expect(decision).toEqual({ ok: true });
      return;
    }
    expect(decision).toMatchObject({ ok: false, code: refusal.code });
    expect(decision.ok ? undefined : decision.field).toBe(refusal.field);
  });

  it.each<[CaseStatus, boolean]>([
    [CaseStatus.Draft, true],
    [CaseStatus.Ready, true],
    [CaseStatus.Scheduled, true],
    [CaseStatus.Deferred, true],
    [CaseStatus.Discussed, false],
    [CaseStatus.RecommendationPublished, false],
    [CaseStatus.Withdrawn, false],
  ])('a %s case takes requests: %s', (caseStatus, takes) => {
    expect(Object.values(CaseStatus)).toHaveLength(7);
    expect(ask({ caseStatus })).toEqual(
      takes ? { ok: true } : expect.objectContaining({ ok: false, code: 'case_not_open' }),
    );
  });

  it('words its refusals for the clinic', () => {
    expect(ask({ specialty: Sp.SurgicalOncology })).toMatchObject({
      message: 'an imaging review is asked of radiology or nuclear medicine, not surgical oncology',
    });
    expect(ask({ open: [{ specialty: Sp.Radiology, kind: 'imaging_review' }] })).toMatchObject({
      message: 'an imaging review by radiology is already open on this case',
    });
    expect(ask({ caseStatus: CaseStatus.Withdrawn })).toMatchObject({
      message:
        'a withdrawn case takes no preparation requests; only draft, ready, scheduled, deferred cases do',
    });
  });
});

describe('checkCompletePreparation', () => {
  const OPEN = { status: 'open' as const, specialty: Sp.Radiology, assigneeId: null };
  const radiologist = actor(BoardRole.Panelist, { specialty: Sp.Radiology });

  it.each<[string, PreparationActor, PreparationStatus, string, Refusal | null]>([
    ['a radiologist with a finding', radiologist, 'open', 'No nodal disease.', null],
    ['a surgeon', actor(BoardRole.Panelist), 'open', 'No nodal disease.', { code: 'forbidden' }],
    [
      'an observer radiologist',
      actor(BoardRole.Observer, { specialty: Sp.Radiology }),
      'open',
      'No nodal disease.',
      { code: 'forbidden' },
    ],
    ['a coordinator', actor(BoardRole.Coordinator), 'open', 'No nodal disease.', null],
    ['an empty finding', radiologist, 'open', '', { code: 'invalid_input', field: 'finding' }],
    [
      'a finding of blanks',
      radiologist,
      'open',
      '    ',
      { code: 'invalid_input', field: 'finding' },
    ],
    ['a finding of 4000 characters', radiologist, 'open', 'f'.repeat(4000), null],
    [
      'a finding of 4001 characters',
      radiologist,
      'open',
      'f'.repeat(4001),
      { code: 'invalid_input' },
    ],
    ['a done request', radiologist, 'done', 'Again.', { code: 'preparation_not_open' }],
    ['a cancelled request', radiologist, 'cancelled', 'Late.', { code: 'preparation_not_open' }],
    [
      'forbidden beats a cancelled request',
      actor(BoardRole.Panelist),
      'cancelled',
      'x',
      { code: 'forbidden' },
    ],
    [
      'bad input beats a done request',
      radiologist,
      'done',
      '',
      { code: 'invalid_input', field: 'finding' },
    ],
  ])('%s → %j', (_name, who, status, finding, refusal) => {
    const decision = checkCompletePreparation(who, { ...OPEN, status }, finding);
    if (refusal === null) return expect(decision).toEqual({ ok: true });
    expect(decision).toMatchObject({ ok: false, ...refusal });
  });

  it('tells observers why', () => {
    expect(
      checkCompletePreparation(actor(BoardRole.Observer), OPEN, 'No nodal disease.'),
    ).toMatchObject({ message: 'observers have read-only access' });
    expect(
      checkCompletePreparation(actor(BoardRole.Panelist), OPEN, 'No nodal disease.'),
    ).toMatchObject({
      message: 'only radiology, the assignee or a coordinator may complete this request',
    });
  });
});

describe('checkCancelPreparation', () => {
  const OPEN = { status: 'open' as const, requestedBy: 'someone-else' };

  it.each<[string, PreparationActor, boolean, PreparationStatus, string, string | null]>([
    ['the presenter, with a reason', actor(BoardRole.Presenter), true, 'open', 'Not needed', null],
    ['a panelist who did not ask', actor(BoardRole.Panelist), false, 'open', 'Dup', 'forbidden'],
    ['an observer', actor(BoardRole.Observer), false, 'open', 'Dup', 'forbidden'],
    ['no reason', actor(BoardRole.Coordinator), true, 'open', ' ', 'invalid_input'],
    ['a reason of 1001 characters', actor(null), true, 'open', 'r'.repeat(1001), 'invalid_input'],
    ['a done request', actor(BoardRole.Coordinator), true, 'done', 'Dup', 'preparation_not_open'],
    [
      'a cancelled one',
      actor(BoardRole.Coordinator),
      true,
      'cancelled',
      'Dup',
      'preparation_not_open',
    ],
  ])('%s → %s', (_name, who, canEdit, status, reason, code) => {
    const decision = checkCancelPreparation(who, canEdit, { ...OPEN, status }, reason);
    if (code === null) return expect(decision).toEqual({ ok: true });
    expect(decision).toMatchObject({ ok: false, code });
  });

  it('lets the requester cancel their own', () => {
    expect(
      checkCancelPreparation(
        actor(BoardRole.Panelist),
        false,
        { ...OPEN, requestedBy: 'me' },
        'Dup',
      ),
    ).toEqual({ ok: true });
  });
});

describe('preparation requests in readiness', () => {
  it.each<[Sp, PreparationKind, string]>([
    [Sp.Radiology, 'imaging_review', 'Radiology imaging review'],
    [Sp.NuclearMedicine, 'imaging_review', 'Nuclear medicine imaging review'],
    [Sp.Pathology, 'pathology_review', 'Pathology slide review'],
    [Sp.Radiology, 'specialty_review', 'Radiology review'],
    [Sp.SurgicalOncology, 'specialty_review', 'Surgical oncology review'],
    [Sp.Other, 'specialty_review', 'Other review'],
  ])('%s %s is labelled %j', (specialty, kind, label) => {
    expect(preparationLabel(specialty, kind)).toBe(label);
  });

  it('labels every fitting pair differently', () => {
    const labels = PREPARATION_KINDS.flatMap((kind) =>
      specialtiesFor(kind).map((specialty) => preparationLabel(specialty, kind)),
    );
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z ]+ review$/);
  });

  const fact = (overrides: Partial<PreparationFact>): PreparationFact => ({
    id: 'r1',
    specialty: Sp.Radiology,
    kind: 'imaging_review',
    status: 'open',
    requestedAt: new Date('2026-03-02T17:45:00Z'),
    finding: null,
    ...overrides,
  });

  it.each<[string, PreparationFact, object | null]>([
    [
      'open',
      fact({}),
      {
        preparationRequestId: 'r1',
        label: 'Radiology imaging review',
        met: false,
        detail: 'requested 2026-03-02',
      },
    ],
    [
      'done',
      fact({ status: 'done', finding: 'No nodal disease.' }),
      {
        preparationRequestId: 'r1',
        label: 'Radiology imaging review',
        met: true,
        detail: 'No nodal disease.',
      },
    ],
    ['cancelled', fact({ status: 'cancelled' }), null],
  ])('an %s request', (_name, request, item) => {
    expect(preparationReadinessItems([request])).toEqual(item ? [item] : []);
  });

  it('lists requests oldest first, whatever order they come in', () => {
    const items = preparationReadinessItems([
      fact({ id: 'c', requestedAt: new Date('2026-03-03T00:00:00Z') }),
      fact({ id: 'b', requestedAt: new Date('2026-03-01T00:00:00Z'), kind: 'specialty_review' }),
      fact({
        id: 'a',
        requestedAt: new Date('2026-03-03T00:00:00Z'),
        status: 'done',
        finding: 'ok',
      }),
    ]);
    expect(items.map((item) => item.preparationRequestId)).toEqual(['b', 'a', 'c']);
  });
});
