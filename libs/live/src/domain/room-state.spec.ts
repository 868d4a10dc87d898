import {
  AgendaEntry,
  applyRoomCommand,
  CaseTimer,
  initialRoomState,
  planEnd,
  RoomCommand,
  RoomResult,
  RoomState,
  timerView,
  TimerView,
} from './room-state';

const T0 = Date.parse('2026-03-10T14:00:00.000Z');
/** A fixed instant `seconds` after T0. */
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);
const iso = (seconds: number): string => at(seconds).toISOString();

const entry = (
  itemId: string,
  status: AgendaEntry['status'],
  minutesAllotted = 10,
): AgendaEntry => ({ itemId, minutesAllotted, status });

/** a (discussed), b (pending), c (deferred), d (in discussion), e (deferred). */
const AGENDA: AgendaEntry[] = [
  entry('a', 'discussed', 5),
  entry('b', 'pending', 10),
  entry('c', 'deferred', 15),
  entry('d', 'in_discussion', 20),
  entry('e', 'deferred', 25),
];

/** AGENDA once the cases not discussed (b, d) were carried over or returned: the meeting may end. */
const SETTLED: AgendaEntry[] = AGENDA.map((e) =>
  e.status === 'pending' || e.status === 'in_discussion' ? { ...e, status: 'deferred' } : e,
);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function expectOk(result: RoomResult): RoomState {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.state;
}

/** A command, when it is applied, and the agenda it sees when not the run's own. */
type Step = [RoomCommand, number] | [RoomCommand, number, AgendaEntry[]];

/** Applies commands in order, each at its own time, failing the test on any error. */
function run(state: RoomState, steps: Step[], agenda: AgendaEntry[] = AGENDA): RoomState {
  return steps.reduce(
    (s, [command, seconds, stepAgenda = agenda]) =>
      expectOk(applyRoomCommand(s, command, stepAgenda, at(seconds))),
    state,
  );
}

const SCHEDULED = initialRoomState('m1');
/** Live with b focused since T0, u1 and u2 in the queue, u9 on the floor. */
const LIVE = run(SCHEDULED, [
  [{ type: 'start' }, 0],
  [{ type: 'raise_hand', userId: 'u9' }, 0],
  [{ type: 'give_floor', userId: 'u9' }, 0],
  [{ type: 'raise_hand', userId: 'u1' }, 0],
  [{ type: 'raise_hand', userId: 'u2' }, 0],
]);
const ENDED = run(LIVE, [[{ type: 'end' }, 60]], SETTLED);
const STATES: Record<RoomState['status'], RoomState> = {
  scheduled: SCHEDULED,
  live: LIVE,
  ended: ENDED,
};

describe('initialRoomState', () => {
  it('is scheduled, unfocused, with no timers, an empty queue and version 0', () => {
    expect(initialRoomState('m1')).toEqual({
      meetingId: 'm1',
      status: 'scheduled',
      focusedItemId: null,
      timers: {},
      queue: { raised: [], floor: null },
      version: 0,
    });
  });

  it('returns a fresh object each time', () => {
    const first = initialRoomState('m1');
    expect(initialRoomState('m1')).not.toBe(first);
    expect(initialRoomState('m1').queue.raised).not.toBe(first.queue.raised);
  });
});

describe('fixtures', () => {
  it('LIVE and ENDED are what the tests assume', () => {
    expect(LIVE).toMatchObject({
      status: 'live',
      focusedItemId: 'b',
      queue: { raised: ['u1', 'u2'], floor: 'u9' },
      version: 5,
    });
    expect(ENDED).toMatchObject({ status: 'ended', version: 6 });
  });
});

describe('every command from every status', () => {
  const ALL: RoomCommand[] = [
    { type: 'start' },
    { type: 'end' },
    { type: 'focus', itemId: 'd' },
    { type: 'next' },
    { type: 'previous' },
    { type: 'raise_hand', userId: 'u3' },
    { type: 'lower_hand', userId: 'u1' },
    { type: 'give_floor', userId: 'u1' },
    { type: 'release_floor' },
    { type: 'item_discussed', itemId: 'd' },
    { type: 'item_deferred', itemId: 'c' },
  ];
  const expected: Record<RoomState['status'], Record<RoomCommand['type'], string>> = {
    scheduled: {
      start: 'ok',
      end: 'not_live',
      focus: 'not_live',
      next: 'not_live',
      previous: 'not_live',
      raise_hand: 'not_live',
      lower_hand: 'not_live',
      give_floor: 'not_live',
      release_floor: 'not_live',
      item_discussed: 'not_live',
      item_deferred: 'not_live',
    },
    live: {
      start: 'already_started',
      end: 'undiscussed_items',
      focus: 'ok',
      next: 'ok',
      previous: 'ok',
      raise_hand: 'ok',
      lower_hand: 'ok',
      give_floor: 'ok',
      release_floor: 'ok',
      item_discussed: 'ok',
      item_deferred: 'ok',
    },
    ended: {
      start: 'already_ended',
      end: 'already_ended',
      focus: 'not_live',
      next: 'not_live',
      previous: 'not_live',
      raise_hand: 'not_live',
      lower_hand: 'not_live',
      give_floor: 'not_live',
      release_floor: 'not_live',
      item_discussed: 'not_live',
      item_deferred: 'not_live',
    },
  };
  const cases = (['scheduled', 'live', 'ended'] as const).flatMap((status) =>
    ALL.map((command) => [status, command.type, command, expected[status][command.type]] as const),
  );

  it.each(cases)('%s + %s → %s', (status, _type, command, outcome) => {
    const state = deepFreeze(structuredClone(STATES[status]));
    const before = structuredClone(state);
    const result = applyRoomCommand(state, command, deepFreeze(structuredClone(AGENDA)), at(120));
    expect(state).toEqual(before);
    if (outcome === 'ok') {
      const next = expectOk(result);
      expect(next).not.toBe(state);
      expect(next.version).toBe(state.version + 1);
      expect(next.meetingId).toBe('m1');
    } else {
      expect(result).toEqual({ ok: false, code: outcome, message: expect.any(String) });
      expect(result.ok || result.message.length).toBeGreaterThan(0);
    }
  });
});

describe('start', () => {
  it.each<[string, AgendaEntry[], string | null]>([
    ['skips discussed and deferred items', AGENDA, 'b'],
    ['takes an in-discussion item', [entry('x', 'deferred'), entry('y', 'in_discussion')], 'y'],
    ['takes the very first pending item', [entry('x', 'pending'), entry('y', 'pending')], 'x'],
    ['focuses nothing on an empty agenda', [], null],
    [
      'focuses nothing when all is discussed or deferred',
      [entry('x', 'discussed'), entry('y', 'deferred')],
      null,
    ],
  ])('%s', (_name, agenda, focused) => {
    const state = expectOk(applyRoomCommand(SCHEDULED, { type: 'start' }, agenda, at(0)));
    expect(state.status).toBe('live');
    expect(state.focusedItemId).toBe(focused);
    expect(state.version).toBe(1);
    const minutes = agenda.find((e) => e.itemId === focused)?.minutesAllotted ?? 0;
    expect(state.timers).toEqual(
      focused === null
        ? {}
        : {
            [focused]: {
              itemId: focused,
              allottedSeconds: minutes * 60,
              elapsedSeconds: 0,
              runningSince: iso(0),
            },
          },
    );
  });

  it('resumes a timer already present in a restored state', () => {
    const restored: RoomState = {
      ...SCHEDULED,
      timers: { b: { itemId: 'b', allottedSeconds: 99, elapsedSeconds: 42, runningSince: null } },
    };
    const state = expectOk(applyRoomCommand(restored, { type: 'start' }, AGENDA, at(10)));
    expect(state.timers.b).toEqual({
      itemId: 'b',
      allottedSeconds: 99,
      elapsedSeconds: 42,
      runningSince: iso(10),
    });
  });
});

describe('end', () => {
  it('pauses the running timer, clears focus, queue and floor', () => {
    const state = expectOk(applyRoomCommand(LIVE, { type: 'end' }, SETTLED, at(75.9)));
    expect(state).toEqual({
      ...LIVE,
      status: 'ended',
      focusedItemId: null,
      timers: { b: { itemId: 'b', allottedSeconds: 600, elapsedSeconds: 75, runningSince: null } },
      queue: { raised: [], floor: null },
      version: LIVE.version + 1,
    });
  });

  it('ends a live room with nothing focused', () => {
    const live = run(SCHEDULED, [[{ type: 'start' }, 0]], []);
    const state = expectOk(applyRoomCommand(live, { type: 'end' }, [], at(5)));
    expect(state).toMatchObject({ status: 'ended', focusedItemId: null, timers: {} });
  });

  it.each<[string, AgendaEntry[], string]>([
    ['a pending and an in-discussion case', AGENDA, '2 cases were not discussed: carry them'],
    [
      'one pending case',
      [entry('x', 'discussed'), entry('y', 'pending')],
      '1 case was not discussed: carry it',
    ],
    ['one case in discussion', [entry('x', 'in_discussion')], '1 case was not discussed: carry it'],
  ])('refuses while %s is left, naming how many', (_name, agenda, message) => {
    const result = applyRoomCommand(LIVE, { type: 'end' }, agenda, at(5));
    expect(result).toEqual({
      ok: false,
      code: 'undiscussed_items',
      message: expect.stringContaining(message),
    });
    expect(!result.ok && result.message).toMatch(/return (them|it) to the board's cases$/);
  });
});

describe('planEnd', () => {
  it.each<
    [string, RoomState, AgendaEntry[], 'carry_over' | 'return_to_cases' | null, string[] | string]
  >([
    ['a scheduled meeting, whatever the choice', SCHEDULED, AGENDA, 'carry_over', 'not_live'],
    ['an ended meeting, whatever the choice', ENDED, SETTLED, null, 'already_ended'],
    ['cases left and no choice', LIVE, AGENDA, null, 'undiscussed_items'],
    ['cases left, carried over', LIVE, AGENDA, 'carry_over', ['b', 'd']],
    ['cases left, returned to the board', LIVE, AGENDA, 'return_to_cases', ['b', 'd']],
    ['nothing left and no choice', LIVE, SETTLED, null, []],
    ['nothing left: a choice is not needed', LIVE, SETTLED, 'return_to_cases', []],
    ['an empty agenda', LIVE, [], null, []],
  ])('%s', (_name, state, agenda, choice, expected) => {
    const plan = planEnd(
      deepFreeze(structuredClone(state)),
      deepFreeze(structuredClone(agenda)),
      choice,
    );
    if (typeof expected === 'string')
      expect(plan).toEqual({ ok: false, code: expected, message: expect.any(String) });
    else expect(plan).toEqual({ ok: true, undiscussedItemIds: expected });
  });

  it('refuses exactly when the reducer would', () => {
    for (const agenda of [AGENDA, SETTLED, []]) {
      const plan = planEnd(LIVE, agenda, null);
      const result = applyRoomCommand(LIVE, { type: 'end' }, agenda, at(1));
      expect(result.ok).toBe(plan.ok);
    }
  });
});

describe('focus', () => {
  it.each<[string, string, RoomResult['ok'], string | null]>([
    ['an item not on the agenda', 'zz', false, 'unknown_item'],
    ['a deferred item', 'c', false, 'item_deferred'],
    ['another deferred item', 'e', false, 'item_deferred'],
    ['a discussed item', 'a', true, null],
    ['an in-discussion item', 'd', true, null],
  ])('%s', (_name, itemId, ok, code) => {
    const result = applyRoomCommand(LIVE, { type: 'focus', itemId }, AGENDA, at(30));
    if (ok) {
      expect(expectOk(result).focusedItemId).toBe(itemId);
    } else {
      expect(result).toMatchObject({ ok: false, code });
    }
  });

  it('is a no-op, still ok, on the focused item: same state, version unchanged', () => {
    const result = applyRoomCommand(LIVE, { type: 'focus', itemId: 'b' }, AGENDA, at(30));
    expect(result).toEqual({ ok: true, state: LIVE });
    expect(expectOk(result)).toBe(LIVE);
  });

  it('creates the timer from the agenda allotment', () => {
    const state = expectOk(applyRoomCommand(LIVE, { type: 'focus', itemId: 'd' }, AGENDA, at(30)));
    expect(state.timers.d).toEqual({
      itemId: 'd',
      allottedSeconds: 20 * 60,
      elapsedSeconds: 0,
      runningSince: iso(30),
    });
  });

  it('focuses from a live room with nothing focused', () => {
    const live = run(SCHEDULED, [[{ type: 'start' }, 0]], [entry('x', 'discussed')]);
    const state = run(live, [[{ type: 'focus', itemId: 'x' }, 7]], [entry('x', 'discussed')]);
    expect(state.focusedItemId).toBe('x');
    expect(state.timers.x.runningSince).toBe(iso(7));
  });
});

describe('timer accounting across focus switches', () => {
  const paused = (itemId: string, allottedSeconds: number, elapsedSeconds: number): CaseTimer => ({
    itemId,
    allottedSeconds,
    elapsedSeconds,
    runningSince: null,
  });
  const running = (
    itemId: string,
    allottedSeconds: number,
    elapsedSeconds: number,
    since: number,
  ): CaseTimer => ({ itemId, allottedSeconds, elapsedSeconds, runningSince: iso(since) });

  it.each<[string, Step[], Record<string, CaseTimer>, string | null]>([
    ['start', [[{ type: 'start' }, 0]], { b: running('b', 600, 0, 0) }, 'b'],
    [
      'b → d pauses b',
      [
        [{ type: 'start' }, 0],
        [{ type: 'focus', itemId: 'd' }, 90.5],
      ],
      { b: paused('b', 600, 90), d: running('d', 1200, 0, 90.5) },
      'd',
    ],
    [
      'b → d → b resumes b where it stopped',
      [
        [{ type: 'start' }, 0],
        [{ type: 'focus', itemId: 'd' }, 90.5],
        [{ type: 'focus', itemId: 'b' }, 200],
      ],
      { b: running('b', 600, 90, 200), d: paused('d', 1200, 109) },
      'b',
    ],
    [
      'b → d → b → next accumulates both runs of b',
      [
        [{ type: 'start' }, 0],
        [{ type: 'focus', itemId: 'd' }, 90.5],
        [{ type: 'focus', itemId: 'b' }, 200],
        [{ type: 'next' }, 260],
      ],
      { b: paused('b', 600, 150), d: running('d', 1200, 109, 260) },
      'd',
    ],
    [
      'b → previous → end pauses the last one',
      [
        [{ type: 'start' }, 0],
        [{ type: 'previous' }, 10],
        [{ type: 'end' }, 400, SETTLED],
      ],
      { b: paused('b', 600, 10), a: paused('a', 300, 390) },
      null,
    ],
    [
      'a no-op refocus leaves the timer running',
      [
        [{ type: 'start' }, 0],
        [{ type: 'focus', itemId: 'b' }, 50],
      ],
      { b: running('b', 600, 0, 0) },
      'b',
    ],
    [
      'queue commands do not touch timers',
      [
        [{ type: 'start' }, 0],
        [{ type: 'raise_hand', userId: 'u1' }, 50],
        [{ type: 'give_floor', userId: 'u1' }, 60],
        [{ type: 'release_floor' }, 70],
      ],
      { b: running('b', 600, 0, 0) },
      'b',
    ],
  ])('%s', (_name, steps, timers, focused) => {
    const state = run(SCHEDULED, steps);
    expect(state.timers).toEqual(timers);
    expect(state.focusedItemId).toBe(focused);
  });

  it('keeps the displayed time continuous through a pause', () => {
    const live = run(SCHEDULED, [[{ type: 'start' }, 0]]);
    const before = timerView(live.timers.b, at(90.5)).elapsedSeconds;
    const after = run(live, [[{ type: 'focus', itemId: 'd' }, 90.5]]);
    expect(timerView(after.timers.b, at(500)).elapsedSeconds).toBe(before);
  });

  it('pauses a stray running timer on a focus switch', () => {
    const stray: RoomState = {
      ...LIVE,
      timers: { ...LIVE.timers, a: running('a', 300, 5, 0) },
    };
    const state = expectOk(applyRoomCommand(stray, { type: 'focus', itemId: 'd' }, AGENDA, at(20)));
    expect(state.timers.a).toEqual(paused('a', 300, 25));
  });
});

describe('next / previous', () => {
  const from = (focusedItemId: string | null): RoomState => ({ ...LIVE, focusedItemId });

  it.each<[string, string | null, 'next' | 'previous', AgendaEntry[], string]>([
    ['next from b skips deferred c', 'b', 'next', AGENDA, 'd'],
    ['next from d: only deferred e after it', 'd', 'next', AGENDA, 'no_next'],
    ['next from a', 'a', 'next', AGENDA, 'b'],
    ['previous from d skips deferred c', 'd', 'previous', AGENDA, 'b'],
    ['previous from b to a discussed item', 'b', 'previous', AGENDA, 'a'],
    ['previous from the first item', 'a', 'previous', AGENDA, 'no_previous'],
    ['next with nothing focused takes the first item, discussed or not', null, 'next', AGENDA, 'a'],
    [
      'next with nothing focused skips leading deferred items',
      null,
      'next',
      [entry('x', 'deferred'), entry('y', 'pending')],
      'y',
    ],
    ['previous with nothing focused', null, 'previous', AGENDA, 'no_previous'],
    ['next on an empty agenda', null, 'next', [], 'no_next'],
    [
      'next on an all-deferred agenda',
      null,
      'next',
      [entry('x', 'deferred'), entry('y', 'deferred')],
      'no_next',
    ],
    [
      'next from an item deferred since it was focused',
      'b',
      'next',
      [entry('a', 'discussed'), entry('b', 'deferred'), entry('d', 'pending')],
      'd',
    ],
    [
      'previous from an item deferred since it was focused',
      'b',
      'previous',
      [entry('a', 'discussed'), entry('b', 'deferred'), entry('d', 'pending')],
      'a',
    ],
    ['next from an item removed from the agenda takes the first item', 'gone', 'next', AGENDA, 'a'],
    ['previous from an item removed from the agenda', 'gone', 'previous', AGENDA, 'no_previous'],
    [
      'next over several deferred items',
      'a',
      'next',
      [
        entry('a', 'pending'),
        entry('c', 'deferred'),
        entry('e', 'deferred'),
        entry('z', 'pending'),
      ],
      'z',
    ],
    [
      'previous over several deferred items',
      'z',
      'previous',
      [
        entry('a', 'pending'),
        entry('c', 'deferred'),
        entry('e', 'deferred'),
        entry('z', 'pending'),
      ],
      'a',
    ],
  ])('%s', (_name, focused, type, agenda, target) => {
    const state = from(focused);
    const result = applyRoomCommand(state, { type }, agenda, at(30));
    if (target === 'no_next' || target === 'no_previous') {
      expect(result).toEqual({ ok: false, code: target, message: expect.any(String) });
    } else {
      const next = expectOk(result);
      expect(next.focusedItemId).toBe(target);
      expect(next.timers[target].runningSince).toBe(iso(30));
      expect(next.version).toBe(state.version + 1);
    }
  });

  it('walks the whole agenda forwards and back', () => {
    const visited: (string | null)[] = [];
    let state = from(null);
    for (const type of ['next', 'next', 'next', 'previous', 'previous'] as const) {
      state = expectOk(applyRoomCommand(state, { type }, AGENDA, at(0)));
      visited.push(state.focusedItemId);
    }
    expect(visited).toEqual(['a', 'b', 'd', 'b', 'a']);
  });
});

describe('item discussed', () => {
  it('stops the item timer and keeps the focus on it', () => {
    const state = run(LIVE, [[{ type: 'item_discussed', itemId: 'b' }, 90]]);
    expect(state.focusedItemId).toBe('b');
    expect(state.timers.b).toEqual({
      itemId: 'b',
      allottedSeconds: 600,
      elapsedSeconds: 90,
      runningSince: null,
    });
    expect(state.version).toBe(LIVE.version + 1);
  });

  it('leaves the focused item running when another item is marked', () => {
    const state = run(LIVE, [[{ type: 'item_discussed', itemId: 'd' }, 30]]);
    expect(state.timers).toEqual(LIVE.timers);
    expect(state.focusedItemId).toBe('b');
    expect(state.version).toBe(LIVE.version + 1);
  });

  it('refuses an item that is not on the agenda', () => {
    expect(applyRoomCommand(LIVE, { type: 'item_discussed', itemId: 'zz' }, AGENDA, at(1))).toEqual(
      { ok: false, code: 'unknown_item', message: expect.any(String) },
    );
  });
});

describe('item deferred', () => {
  const withStatus = (itemId: string, status: AgendaEntry['status']) =>
    AGENDA.map((e) => (e.itemId === itemId ? { ...e, status } : e));

  it('moves the focus to the next item that is not deferred and stops the deferred timer', () => {
    const agenda = withStatus('b', 'deferred');
    const state = expectOk(
      applyRoomCommand(LIVE, { type: 'item_deferred', itemId: 'b' }, agenda, at(45)),
    );
    expect(state.focusedItemId).toBe('d');
    expect(state.timers.b).toMatchObject({ elapsedSeconds: 45, runningSince: null });
    expect(state.timers.d).toMatchObject({ elapsedSeconds: 0, runningSince: iso(45) });
  });

  it('leaves nothing focused when the deferred item was the last one open', () => {
    const onD = run(LIVE, [[{ type: 'focus', itemId: 'd' }, 10]]);
    const state = expectOk(
      applyRoomCommand(
        onD,
        { type: 'item_deferred', itemId: 'd' },
        withStatus('d', 'deferred'),
        at(20),
      ),
    );
    expect(state.focusedItemId).toBeNull();
    expect(Object.values(state.timers).every((t) => t.runningSince === null)).toBe(true);
  });

  it('keeps the focus when another item is deferred', () => {
    const state = expectOk(
      applyRoomCommand(
        LIVE,
        { type: 'item_deferred', itemId: 'd' },
        withStatus('d', 'deferred'),
        at(5),
      ),
    );
    expect(state.focusedItemId).toBe('b');
    expect(state.timers).toEqual(LIVE.timers);
  });

  it('refuses an item that is not on the agenda', () => {
    expect(applyRoomCommand(LIVE, { type: 'item_deferred', itemId: 'zz' }, AGENDA, at(1))).toEqual({
      ok: false,
      code: 'unknown_item',
      message: expect.any(String),
    });
  });
});

describe('speaking queue', () => {
  const live = run(SCHEDULED, [[{ type: 'start' }, 0]]);

  it.each<[string, RoomCommand[], string[], string | null, number]>([
    [
      'hands go up in order',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'raise_hand', userId: 'u2' },
        { type: 'raise_hand', userId: 'u3' },
      ],
      ['u1', 'u2', 'u3'],
      null,
      3,
    ],
    [
      'raising twice keeps the first place, version unchanged',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'raise_hand', userId: 'u2' },
        { type: 'raise_hand', userId: 'u1' },
      ],
      ['u1', 'u2'],
      null,
      2,
    ],
    [
      'lowering keeps the others in order',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'raise_hand', userId: 'u2' },
        { type: 'raise_hand', userId: 'u3' },
        { type: 'lower_hand', userId: 'u2' },
      ],
      ['u1', 'u3'],
      null,
      4,
    ],
    [
      'lowering an absent hand is a no-op',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'lower_hand', userId: 'u2' },
      ],
      ['u1'],
      null,
      1,
    ],
    [
      'give_floor takes the user out of the queue',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'raise_hand', userId: 'u2' },
        { type: 'raise_hand', userId: 'u3' },
        { type: 'give_floor', userId: 'u2' },
      ],
      ['u1', 'u3'],
      'u2',
      4,
    ],
    [
      'giving the floor to another replaces the speaker',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'raise_hand', userId: 'u2' },
        { type: 'give_floor', userId: 'u1' },
        { type: 'give_floor', userId: 'u2' },
      ],
      [],
      'u2',
      4,
    ],
    [
      'the speaker may raise a hand again',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'give_floor', userId: 'u1' },
        { type: 'raise_hand', userId: 'u1' },
      ],
      ['u1'],
      'u1',
      3,
    ],
    [
      'release_floor frees the floor',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'give_floor', userId: 'u1' },
        { type: 'release_floor' },
      ],
      [],
      null,
      3,
    ],
    ['release_floor on a free floor is a no-op', [{ type: 'release_floor' }], [], null, 0],
    [
      'lowering a hand does not take the floor',
      [
        { type: 'raise_hand', userId: 'u1' },
        { type: 'give_floor', userId: 'u1' },
        { type: 'lower_hand', userId: 'u1' },
      ],
      [],
      'u1',
      2,
    ],
  ])('%s', (_name, commands, raised, floor, versionGain) => {
    const state = run(
      live,
      commands.map((command) => [command, 0]),
    );
    expect(state.queue).toEqual({ raised, floor });
    expect(state.version).toBe(live.version + versionGain);
  });

  it.each<[string, string[]]>([
    ['an empty queue', []],
    ['a queue without the user', ['u1', 'u3']],
  ])('give_floor fails with not_in_queue on %s', (_name, raised) => {
    const state: RoomState = { ...live, queue: { raised, floor: 'u2' } };
    expect(applyRoomCommand(state, { type: 'give_floor', userId: 'u2' }, AGENDA, at(0))).toEqual({
      ok: false,
      code: 'not_in_queue',
      message: expect.any(String),
    });
  });

  it.each<[RoomCommand]>([
    [{ type: 'raise_hand', userId: 'u1' }],
    [{ type: 'lower_hand', userId: 'u9' }],
    [{ type: 'release_floor' }],
  ])('a no-op %j returns the input state itself', (command) => {
    const state: RoomState = { ...live, queue: { raised: ['u1'], floor: null } };
    expect(expectOk(applyRoomCommand(state, command, AGENDA, at(0)))).toBe(state);
  });
});

describe('immutability', () => {
  const commands: RoomCommand[] = [
    { type: 'focus', itemId: 'd' },
    { type: 'focus', itemId: 'b' },
    { type: 'next' },
    { type: 'previous' },
    { type: 'raise_hand', userId: 'u3' },
    { type: 'lower_hand', userId: 'u1' },
    { type: 'give_floor', userId: 'u2' },
    { type: 'release_floor' },
  ];

  it.each(commands.map((command) => [command.type, command] as const))(
    '%s leaves a deep-frozen input untouched',
    (_type, command) => {
      const state = deepFreeze(structuredClone(LIVE));
      const agenda = deepFreeze(structuredClone(AGENDA));
      const snapshot = structuredClone(state);
      const next = expectOk(applyRoomCommand(state, command, agenda, at(42)));
      expect(state).toEqual(snapshot);
      expect(agenda).toEqual(AGENDA);
      if (next !== state) expect(next.version).toBe(state.version + 1);
    },
  );

  it('end leaves a deep-frozen input untouched', () => {
    const state = deepFreeze(structuredClone(LIVE));
    const agenda = deepFreeze(structuredClone(SETTLED));
    const snapshot = structuredClone(state);
    const next = expectOk(applyRoomCommand(state, { type: 'end' }, agenda, at(42)));
    expect(state).toEqual(snapshot);
    expect(agenda).toEqual(SETTLED);
    expect(next.version).toBe(state.version + 1);
  });

  it('start leaves a deep-frozen scheduled state untouched', () => {
    const state = deepFreeze(initialRoomState('m1'));
    const next = expectOk(
      applyRoomCommand(state, { type: 'start' }, deepFreeze([...AGENDA]), at(0)),
    );
    expect(state).toEqual(initialRoomState('m1'));
    expect(next.timers).not.toBe(state.timers);
  });
});

describe('version', () => {
  it('increments once per accepted change and never on errors or no-ops', () => {
    const steps: Array<[RoomCommand, boolean] | [RoomCommand, boolean, AgendaEntry[]]> = [
      [{ type: 'start' }, true],
      [{ type: 'start' }, false],
      [{ type: 'focus', itemId: 'zz' }, false],
      [{ type: 'focus', itemId: 'b' }, false],
      [{ type: 'next' }, true],
      [{ type: 'next' }, false],
      [{ type: 'raise_hand', userId: 'u1' }, true],
      [{ type: 'raise_hand', userId: 'u1' }, false],
      [{ type: 'give_floor', userId: 'u2' }, false],
      [{ type: 'give_floor', userId: 'u1' }, true],
      [{ type: 'release_floor' }, true],
      [{ type: 'end' }, false],
      [{ type: 'end' }, true, SETTLED],
      [{ type: 'end' }, false, SETTLED],
    ];
    let state = SCHEDULED;
    const versions: number[] = [];
    for (const [command, changes, agenda = AGENDA] of steps) {
      const result = applyRoomCommand(state, command, agenda, at(1));
      const changed = result.ok && result.state !== state;
      expect(changed).toBe(changes);
      if (result.ok) state = result.state;
      versions.push(state.version);
    }
    expect(versions).toEqual([1, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 6]);
  });
});

describe('timerView', () => {
  const timer = (
    allottedSeconds: number,
    elapsedSeconds: number,
    since: number | null,
  ): CaseTimer => ({
    itemId: 'b',
    allottedSeconds,
    elapsedSeconds,
    runningSince: since === null ? null : iso(since),
  });

  it.each<[string, CaseTimer, number, Omit<TimerView, 'itemId'>]>([
    [
      'fresh paused timer',
      timer(60, 0, null),
      1000,
      { allottedSeconds: 60, elapsedSeconds: 0, running: false, overrun: false, overrunSeconds: 0 },
    ],
    [
      'paused ignores the clock',
      timer(60, 30, null),
      9999,
      {
        allottedSeconds: 60,
        elapsedSeconds: 30,
        running: false,
        overrun: false,
        overrunSeconds: 0,
      },
    ],
    [
      'paused past the allotment',
      timer(60, 75, null),
      0,
      {
        allottedSeconds: 60,
        elapsedSeconds: 75,
        running: false,
        overrun: true,
        overrunSeconds: 15,
      },
    ],
    [
      'running from zero',
      timer(60, 0, 0),
      20,
      { allottedSeconds: 60, elapsedSeconds: 20, running: true, overrun: false, overrunSeconds: 0 },
    ],
    [
      'running adds to accumulated time',
      timer(60, 30, 100),
      110,
      { allottedSeconds: 60, elapsedSeconds: 40, running: true, overrun: false, overrunSeconds: 0 },
    ],
    [
      'floors partial seconds',
      timer(60, 0, 0),
      59.999,
      { allottedSeconds: 60, elapsedSeconds: 59, running: true, overrun: false, overrunSeconds: 0 },
    ],
    [
      'exactly at the allotment is not an overrun',
      timer(60, 0, 0),
      60,
      { allottedSeconds: 60, elapsedSeconds: 60, running: true, overrun: false, overrunSeconds: 0 },
    ],
    [
      'one second over',
      timer(60, 0, 0),
      61,
      { allottedSeconds: 60, elapsedSeconds: 61, running: true, overrun: true, overrunSeconds: 1 },
    ],
    [
      'over across runs',
      timer(60, 50, 100),
      125,
      { allottedSeconds: 60, elapsedSeconds: 75, running: true, overrun: true, overrunSeconds: 15 },
    ],
    [
      'zero allotment overruns after one second',
      timer(0, 0, 0),
      1,
      { allottedSeconds: 0, elapsedSeconds: 1, running: true, overrun: true, overrunSeconds: 1 },
    ],
    [
      'zero allotment at zero',
      timer(0, 0, 0),
      0,
      { allottedSeconds: 0, elapsedSeconds: 0, running: true, overrun: false, overrunSeconds: 0 },
    ],
    [
      'clock behind the start counts nothing',
      timer(60, 10, 100),
      90,
      { allottedSeconds: 60, elapsedSeconds: 10, running: true, overrun: false, overrunSeconds: 0 },
    ],
  ])('%s', (_name, caseTimer, now, view) => {
    expect(timerView(caseTimer, at(now))).toEqual({ itemId: 'b', ...view });
  });
});
