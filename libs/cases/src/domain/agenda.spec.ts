import {
  AgendaItemStatus as S,
  AgendaSlot,
  checkAgendaAdmission,
  checkAgendaItemTransition,
  checkCapacity,
  nextPosition,
  planCarryOver,
  planReorder,
} from './agenda';
import { CaseStatus as C } from './case-status';

const slot = (
  id: string,
  position: number,
  minutesAllotted: number,
  status = S.Pending,
): AgendaSlot => ({
  id,
  position,
  minutesAllotted,
  status,
});

/** a, b, c active (10 + 15 + 20 = 45 min); d deferred (30 min) sits at position 4. */
const AGENDA: AgendaSlot[] = [
  slot('a', 1, 10, S.Discussed),
  slot('b', 2, 15, S.InDiscussion),
  slot('c', 3, 20, S.Pending),
  slot('d', 4, 30, S.Deferred),
];

describe('checkCapacity', () => {
  it.each<[string, AgendaSlot[], number, number, boolean, number]>([
    ['empty agenda, nothing added', [], 60, 0, true, 0],
    ['empty agenda, one case filling the meeting exactly', [], 60, 60, true, 60],
    ['empty agenda, one case a minute too long', [], 60, 61, false, 61],
    ['deferred items do not count', AGENDA, 60, 15, true, 60],
    ['exact boundary', AGENDA, 45, 0, true, 45],
    ['one minute over', AGENDA, 60, 16, false, 61],
    ['already over without extra', AGENDA, 40, 0, false, 45],
    [
      'every active status counts',
      [slot('x', 1, 5, S.Pending), slot('y', 2, 5, S.InDiscussion), slot('z', 3, 5, S.Discussed)],
      15,
      0,
      true,
      15,
    ],
    [
      'every active status counts (over)',
      [slot('x', 1, 5, S.Pending), slot('y', 2, 5, S.InDiscussion), slot('z', 3, 5, S.Discussed)],
      14,
      0,
      false,
      15,
    ],
    ['only deferred items', [slot('x', 1, 500, S.Deferred)], 30, 30, true, 30],
  ])('%s', (_name, items, meetingMinutes, extra, ok, usedMinutes) => {
    const result = checkCapacity(items, meetingMinutes, extra);
    expect(result.ok).toBe(ok);
    expect(result.usedMinutes).toBe(usedMinutes);
  });

  it('explains an overflow', () => {
    expect(checkCapacity(AGENDA, 60, 20)).toEqual({
      ok: false,
      usedMinutes: 65,
      message: 'the agenda would need 65 minutes but the meeting lasts 60; 15 minutes are left',
    });
  });
});

describe('planReorder', () => {
  it.each<[string, AgendaSlot[], string[], Array<{ id: string; position: number }>]>([
    [
      'reverses the active items',
      AGENDA,
      ['c', 'b', 'a'],
      [
        { id: 'c', position: 1 },
        { id: 'b', position: 2 },
        { id: 'a', position: 3 },
      ],
    ],
    [
      'keeps the same order',
      AGENDA,
      ['a', 'b', 'c'],
      [
        { id: 'a', position: 1 },
        { id: 'b', position: 2 },
        { id: 'c', position: 3 },
      ],
    ],
    [
      'closes gaps in positions',
      [slot('x', 7, 10), slot('y', 3, 10)],
      ['y', 'x'],
      [
        { id: 'y', position: 1 },
        { id: 'x', position: 2 },
      ],
    ],
    ['empty agenda', [], [], []],
    ['only deferred items', [slot('d', 1, 10, S.Deferred)], [], []],
  ])('%s', (_name, current, requested, positions) => {
    expect(planReorder(current, requested)).toEqual({ ok: true, positions });
  });

  it.each<[string, AgendaSlot[], string[], string]>([
    ['duplicate', AGENDA, ['a', 'b', 'b', 'c'], 'agenda item b is listed more than once'],
    [
      'duplicate replacing a missing one',
      AGENDA,
      ['a', 'a', 'c'],
      'agenda item a is listed more than once',
    ],
    ['unknown id', AGENDA, ['a', 'b', 'c', 'zz'], 'agenda item zz is not on this agenda'],
    ['unknown id on an empty agenda', [], ['a'], 'agenda item a is not on this agenda'],
    [
      'deferred id included',
      AGENDA,
      ['a', 'b', 'c', 'd'],
      'agenda item d is deferred and takes no place in the order',
    ],
    ['one missing', AGENDA, ['a', 'c'], 'the order must list every agenda item; missing: b'],
    ['all missing', AGENDA, [], 'the order must list every agenda item; missing: a, b, c'],
  ])('refuses: %s', (_name, current, requested, message) => {
    expect(planReorder(current, requested)).toEqual({ ok: false, message });
  });
});

describe('nextPosition', () => {
  it.each<[string, AgendaSlot[], number]>([
    ['empty agenda', [], 1],
    ['after the last active item, ignoring a deferred one behind it', AGENDA, 4],
    [
      'after the highest position, whatever the array order',
      [slot('x', 5, 10), slot('y', 2, 10)],
      6,
    ],
    ['only deferred items', [slot('x', 3, 10, S.Deferred)], 1],
    [
      'a deferred item in the middle',
      [slot('x', 1, 10), slot('y', 2, 10, S.Deferred), slot('z', 3, 10)],
      4,
    ],
  ])('%s → %i', (_name, items, expected) => {
    expect(nextPosition(items)).toBe(expected);
  });
});

describe('planCarryOver', () => {
  const carried = (id: string, minutesAllotted: number) => ({ id, minutesAllotted });

  it.each<
    [
      string,
      AgendaSlot[],
      number,
      Array<{ id: string; minutesAllotted: number }>,
      Array<[string, number, string | null]>,
    ]
  >([
    ['nothing to carry', AGENDA, 60, [], []],
    [
      'onto an empty meeting, in the order given',
      [],
      60,
      [carried('x', 20), carried('y', 10)],
      [
        ['x', 1, null],
        ['y', 2, null],
      ],
    ],
    [
      'after the meeting’s own items, ignoring its deferred ones',
      AGENDA,
      60,
      [carried('x', 15)],
      [['x', 4, null]],
    ],
    [
      'filling the meeting exactly',
      AGENDA,
      60,
      [carried('x', 5), carried('y', 10)],
      [
        ['x', 4, null],
        ['y', 5, null],
      ],
    ],
    [
      'past the meeting’s end: still carried, the overrun said',
      AGENDA,
      60,
      [carried('x', 10), carried('y', 10)],
      [
        ['x', 4, null],
        ['y', 5, 'the agenda would need 65 minutes but the meeting lasts 60; 5 minutes are left'],
      ],
    ],
    [
      'onto a meeting already full: every one says so',
      AGENDA,
      45,
      [carried('x', 1), carried('y', 2)],
      [
        ['x', 4, 'the agenda would need 46 minutes but the meeting lasts 45; 0 minutes are left'],
        ['y', 5, 'the agenda would need 48 minutes but the meeting lasts 45; 0 minutes are left'],
      ],
    ],
    [
      'a long case that overruns before a short one that still fits',
      [],
      30,
      [carried('x', 40), carried('y', 10)],
      [
        ['x', 1, 'the agenda would need 40 minutes but the meeting lasts 30; 30 minutes are left'],
        ['y', 2, 'the agenda would need 50 minutes but the meeting lasts 30; 0 minutes are left'],
      ],
    ],
  ])('%s', (_name, target, meetingMinutes, items, expected) => {
    const before = structuredClone(target);
    const landings = planCarryOver(target, meetingMinutes, items);
    expect(landings.map(({ item, position, overrun }) => [item.id, position, overrun])).toEqual(
      expected,
    );
    landings.forEach(({ item }, index) => expect(item).toBe(items[index]));
    expect(target).toEqual(before);
  });
});

describe('agenda item transitions', () => {
  const ALL = Object.values(S);
  const ALLOWED: ReadonlyArray<[S, S]> = [
    [S.Pending, S.InDiscussion],
    [S.Pending, S.Deferred],
    [S.InDiscussion, S.Discussed],
    [S.InDiscussion, S.Deferred],
    [S.InDiscussion, S.Pending],
  ];
  /** The statuses `from` may become, in the order the refusal message lists them. */
  const allowedFrom = (from: S): S[] => ALLOWED.filter(([f]) => f === from).map(([, to]) => to);
  const matrix = ALL.flatMap((from) =>
    ALL.map((to): [S, S, boolean] => [from, to, ALLOWED.some(([f, t]) => f === from && t === to)]),
  );

  it('covers all 4 × 4 pairs', () => {
    expect(matrix).toHaveLength(16);
  });

  it.each(matrix)('%s → %s allowed: %s', (from, to, allowed) => {
    const check = checkAgendaItemTransition(from, to);
    expect(check.ok).toBe(allowed);
    if (!check.ok) expect(check.allowed).toEqual(allowedFrom(from));
  });

  it.each<[S, S, string]>([
    [S.Pending, S.Discussed, 'a pending agenda item can only become: in_discussion, deferred'],
    [
      S.InDiscussion,
      S.InDiscussion,
      'an agenda item in discussion can only become: discussed, deferred, pending',
    ],
    [S.Discussed, S.Pending, 'a discussed agenda item is final and cannot change status'],
    [S.Deferred, S.Pending, 'a deferred agenda item is final and cannot change status'],
  ])('%s → %s: "%s"', (from, to, message) => {
    const check = checkAgendaItemTransition(from, to);
    expect(check.ok ? null : check.message).toBe(message);
  });
});

describe('agenda admission', () => {
  const met = { ready: true, missing: [] };
  const lacking = { ready: false, missing: ['pathology report'] };

  it.each<[C, { ready: boolean; missing: string[] }, string | undefined, boolean]>([
    [C.Ready, met, undefined, true],
    [C.Deferred, met, undefined, true],
    [C.Ready, met, 'urgent', true],
  ])('%s with the checklist met joins as ready', (status, readiness, override, ready) => {
    expect(checkAgendaAdmission(status, readiness, override)).toEqual({ ok: true, ready });
  });

  it.each<[C, { ready: boolean; missing: string[] }]>([
    [C.Draft, met],
    [C.Draft, lacking],
    [C.Ready, lacking],
    [C.Deferred, lacking],
  ])('%s not ready joins only with an override', (status, readiness) => {
    expect(checkAgendaAdmission(status, readiness, 'urgent')).toEqual({ ok: true, ready: false });
    expect(checkAgendaAdmission(status, readiness, undefined).ok).toBe(false);
  });

  it('names what the checklist lacks, or else the status', () => {
    expect(checkAgendaAdmission(C.Ready, lacking, undefined)).toEqual({
      ok: false,
      message:
        'the case is not ready (missing pathology report); a coordinator can add it with an overrideReason',
      missing: ['pathology report'],
    });
    expect(checkAgendaAdmission(C.Draft, met, undefined)).toEqual({
      ok: false,
      message:
        'the case is not ready (its status is draft); a coordinator can add it with an overrideReason',
      missing: [],
    });
  });

  it.each([C.Scheduled, C.Discussed, C.RecommendationPublished, C.Withdrawn])(
    'refuses a %s case even with an override',
    (status) => {
      expect(checkAgendaAdmission(status, met, 'urgent')).toEqual({
        ok: false,
        message: `a ${status} case cannot be put on an agenda, even with an override`,
      });
    },
  );
});
