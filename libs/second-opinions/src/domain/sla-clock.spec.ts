import { days } from '@app/core';
import {
  DEFAULT_SLA_TARGETS,
  SLA_AT_RISK_PERCENT,
  slaClock,
  SlaClockState,
  SlaEvent,
  SlaEventType,
  slaStatus,
  slaStatusFor,
  SlaStatus,
  slaTargetFor,
  SlaTargets,
  turnaroundClockView,
} from './sla-clock';

const HOUR = 3_600_000;
const START = Date.parse('2024-03-04T08:00:00Z');
/** The instant `hours` after Monday 4 March 2024, 08:00 UTC. */
const at = (hours: number): Date => new Date(START + hours * HOUR);

const COMPLETE = 'records_complete';
const REQUESTED = 'records_requested';
const DELIVERED = 'opinion_delivered';

/** [type, hour] pairs into events. */
const events = (...pairs: Array<[SlaEventType, number]>): SlaEvent[] =>
  pairs.map(([type, hours]) => ({ type, at: at(hours) }));

interface Expected {
  state: SlaClockState;
  started: number | null;
  stopped: number | null;
  elapsedHours: number;
  pausedHours: number;
  /** [from, to] in hours, to null while open. */
  pauses: Array<[number, number | null]>;
}

describe('slaClock', () => {
  it.each<[string, Array<[SlaEventType, number]>, number, Expected]>([
    [
      'no event yet',
      [],
      5,
      {
        state: 'not_started',
        started: null,
        stopped: null,
        elapsedHours: 0,
        pausedHours: 0,
        pauses: [],
      },
    ],
    [
      'initial requests only: not started, no pause',
      [
        [REQUESTED, 0],
        [REQUESTED, 3],
      ],
      10,
      {
        state: 'not_started',
        started: null,
        stopped: null,
        elapsedHours: 0,
        pausedHours: 0,
        pauses: [],
      },
    ],
    [
      'records complete: running up to now',
      [[COMPLETE, 2]],
      26,
      { state: 'running', started: 2, stopped: null, elapsedHours: 24, pausedHours: 0, pauses: [] },
    ],
    [
      'initial collection does not count',
      [
        [REQUESTED, 0],
        [COMPLETE, 48],
      ],
      50,
      { state: 'running', started: 48, stopped: null, elapsedHours: 2, pausedHours: 0, pauses: [] },
    ],
    [
      'running, now at the start instant',
      [[COMPLETE, 2]],
      2,
      { state: 'running', started: 2, stopped: null, elapsedHours: 0, pausedHours: 0, pauses: [] },
    ],
    [
      'records requested again after completion: paused, open pause counted to now',
      [
        [COMPLETE, 0],
        [REQUESTED, 10],
      ],
      15,
      {
        state: 'paused',
        started: 0,
        stopped: null,
        elapsedHours: 10,
        pausedHours: 5,
        pauses: [[10, null]],
      },
    ],
    [
      'a second request while paused keeps the one pause',
      [
        [COMPLETE, 0],
        [REQUESTED, 10],
        [REQUESTED, 12],
      ],
      15,
      {
        state: 'paused',
        started: 0,
        stopped: null,
        elapsedHours: 10,
        pausedHours: 5,
        pauses: [[10, null]],
      },
    ],
    [
      'pause closed by completion',
      [
        [COMPLETE, 0],
        [REQUESTED, 10],
        [COMPLETE, 40],
      ],
      50,
      {
        state: 'running',
        started: 0,
        stopped: null,
        elapsedHours: 20,
        pausedHours: 30,
        pauses: [[10, 40]],
      },
    ],
    [
      'delivered without pause',
      [
        [COMPLETE, 0],
        [DELIVERED, 72],
      ],
      500,
      { state: 'stopped', started: 0, stopped: 72, elapsedHours: 72, pausedHours: 0, pauses: [] },
    ],
    [
      'two pauses then delivery: now no longer matters',
      [
        [REQUESTED, -24],
        [COMPLETE, 0],
        [REQUESTED, 10],
        [COMPLETE, 20],
        [REQUESTED, 30],
        [REQUESTED, 31],
        [COMPLETE, 60],
        [DELIVERED, 100],
      ],
      1000,
      {
        state: 'stopped',
        started: 0,
        stopped: 100,
        elapsedHours: 60,
        pausedHours: 40,
        pauses: [
          [10, 20],
          [30, 60],
        ],
      },
    ],
    [
      'zero-length pause and simultaneous events, in list order',
      [
        [COMPLETE, 0],
        [REQUESTED, 5],
        [COMPLETE, 5],
        [DELIVERED, 5],
      ],
      5,
      {
        state: 'stopped',
        started: 0,
        stopped: 5,
        elapsedHours: 5,
        pausedHours: 0,
        pauses: [[5, 5]],
      },
    ],
    [
      'completed and delivered at the same instant',
      [
        [COMPLETE, 7],
        [DELIVERED, 7],
      ],
      7,
      { state: 'stopped', started: 7, stopped: 7, elapsedHours: 0, pausedHours: 0, pauses: [] },
    ],
  ])('%s', (_name, pairs, now, expected) => {
    expect(slaClock(events(...pairs), at(now))).toEqual({
      state: expected.state,
      startedAt: expected.started === null ? null : at(expected.started),
      stoppedAt: expected.stopped === null ? null : at(expected.stopped),
      elapsedMs: expected.elapsedHours * HOUR,
      pausedMs: expected.pausedHours * HOUR,
      pauses: expected.pauses.map(([from, to]) => ({
        from: at(from),
        to: to === null ? null : at(to),
      })),
    });
  });

  it('elapsed plus paused is the wall-clock time from start to delivery', () => {
    const clock = slaClock(
      events(
        [COMPLETE, 0],
        [REQUESTED, 3],
        [COMPLETE, 11],
        [REQUESTED, 13],
        [COMPLETE, 17],
        [DELIVERED, 29],
      ),
      at(40),
    );
    expect(clock.elapsedMs + clock.pausedMs).toBe(29 * HOUR);
    expect(clock.pausedMs).toBe(12 * HOUR);
  });

  it('leaves its input untouched', () => {
    const input = events([COMPLETE, 0], [REQUESTED, 3], [COMPLETE, 11]);
    const copy = structuredClone(input);
    slaClock(input, at(12));
    expect(input).toEqual(copy);
  });

  describe('refuses', () => {
    it.each<[string, Array<[SlaEventType, number]>, number, string]>([
      [
        'events out of order',
        [
          [COMPLETE, 10],
          [REQUESTED, 9],
        ],
        20,
        'event 1 (records_requested at 2024-03-04T17:00:00.000Z) is earlier than event 0',
      ],
      [
        'now before the last event',
        [[COMPLETE, 10]],
        9,
        'now (2024-03-04T17:00:00.000Z) is earlier',
      ],
      [
        'delivery before the records are complete',
        [[DELIVERED, 1]],
        2,
        'event 0 (opinion_delivered at 2024-03-04T09:00:00.000Z): an opinion cannot be delivered before the records are complete',
      ],
      [
        'delivery after an initial request only',
        [
          [REQUESTED, 0],
          [DELIVERED, 1],
        ],
        2,
        'before the records are complete',
      ],
      [
        'delivery while records are awaited',
        [
          [COMPLETE, 0],
          [REQUESTED, 1],
          [DELIVERED, 2],
        ],
        3,
        'event 2 (opinion_delivered at 2024-03-04T10:00:00.000Z): records are still awaited',
      ],
      [
        'records complete twice',
        [
          [COMPLETE, 0],
          [COMPLETE, 1],
        ],
        3,
        'event 1 (records_complete at 2024-03-04T09:00:00.000Z): the records are already complete',
      ],
      [
        'records requested after delivery',
        [
          [COMPLETE, 0],
          [DELIVERED, 1],
          [REQUESTED, 2],
        ],
        3,
        'event 2 (records_requested at 2024-03-04T10:00:00.000Z): the opinion was already delivered',
      ],
      [
        'records complete after delivery',
        [
          [COMPLETE, 0],
          [DELIVERED, 1],
          [COMPLETE, 2],
        ],
        3,
        'the opinion was already delivered',
      ],
      [
        'a second delivery',
        [
          [COMPLETE, 0],
          [DELIVERED, 1],
          [DELIVERED, 1],
        ],
        3,
        'the opinion was already delivered',
      ],
    ])('%s', (_name, pairs, now, message) => {
      expect(() => slaClock(events(...pairs), at(now))).toThrow(message);
    });

    it('an Invalid Date in an event', () => {
      expect(() => slaClock([{ type: COMPLETE, at: new Date('nope') }], at(0))).toThrow(
        'event 0 (records_complete) is not a valid date',
      );
    });

    it('an Invalid Date for now', () => {
      expect(() => slaClock([], new Date(Number.NaN))).toThrow('now is not a valid date');
    });
  });
});

describe('slaStatus', () => {
  const TARGET = 1000;
  it.each<[number, SlaStatus]>([
    [0, 'on_track'],
    [799, 'on_track'],
    [800, 'at_risk'],
    [999, 'at_risk'],
    [1000, 'at_risk'],
    [1001, 'breached'],
    [5000, 'breached'],
  ])('%i ms of a 1000 ms target: %s', (elapsed, status) => {
    expect(slaStatus(elapsed, TARGET)).toBe(status);
  });

  it('puts the at-risk line at exactly 80 % of targets not divisible by 5', () => {
    expect(SLA_AT_RISK_PERCENT).toBe(80);
    expect(slaStatus(7, 9)).toBe('on_track');
    expect(slaStatus(8, 9)).toBe('at_risk');
    expect(slaStatus(11, 15)).toBe('on_track');
    expect(slaStatus(12, 15)).toBe('at_risk');
    expect(slaStatus(days(8) - 1, days(10))).toBe('on_track');
    expect(slaStatus(days(8), days(10))).toBe('at_risk');
  });

  it.each<[string, number, number, string]>([
    ['negative elapsed', -1, 10, 'elapsed time'],
    ['NaN elapsed', Number.NaN, 10, 'elapsed time'],
    ['zero target', 0, 0, 'SLA target'],
    ['negative target', 0, -5, 'SLA target'],
    ['fractional target', 0, 1.5, 'SLA target'],
  ])('refuses %s', (_name, elapsed, target, message) => {
    expect(() => slaStatus(elapsed, target)).toThrow(message);
  });
});

describe('targets', () => {
  it('defaults to 10 days routine and 3 days urgent', () => {
    expect(DEFAULT_SLA_TARGETS).toEqual({ routine: 864_000_000, urgent: 259_200_000 });
    expect(slaTargetFor('routine')).toBe(days(10));
    expect(slaTargetFor('urgent')).toBe(days(3));
    expect(Object.isFrozen(DEFAULT_SLA_TARGETS)).toBe(true);
  });

  it('takes targets of the board', () => {
    const targets: SlaTargets = { routine: days(14), urgent: days(5) };
    expect(slaTargetFor('routine', targets)).toBe(days(14));
    expect(slaTargetFor('urgent', targets)).toBe(days(5));
  });

  it('refuses a target that is not a positive whole number of ms', () => {
    expect(() => slaTargetFor('urgent', { routine: days(10), urgent: 0 })).toThrow('SLA target');
  });

  it.each<[string, Array<[SlaEventType, number]>, number, SlaStatus, SlaStatus]>([
    ['not started', [], 500, 'on_track', 'on_track'],
    [
      '2 days, paused 5 days',
      [
        [COMPLETE, 0],
        [REQUESTED, 48],
        [COMPLETE, 168],
      ],
      168,
      'on_track',
      'on_track',
    ],
    ['2.4 days running', [[COMPLETE, 0]], 57.6, 'on_track', 'at_risk'],
    [
      'exactly 3 days, delivered',
      [
        [COMPLETE, 0],
        [DELIVERED, 72],
      ],
      100,
      'on_track',
      'at_risk',
    ],
    ['3 days and an hour', [[COMPLETE, 0]], 73, 'on_track', 'breached'],
    ['8 days', [[COMPLETE, 0]], 192, 'at_risk', 'breached'],
    [
      '10 days and an hour, paused meanwhile',
      [
        [COMPLETE, 0],
        [REQUESTED, 241],
      ],
      300,
      'breached',
      'breached',
    ],
  ])('%s: routine %s, urgent %s', (_name, pairs, now, routine, urgent) => {
    const clock = slaClock(events(...pairs), at(now));
    expect(slaStatusFor(clock, 'routine')).toBe(routine);
    expect(slaStatusFor(clock, 'urgent')).toBe(urgent);
  });
});

describe('turnaroundClockView', () => {
  it('shows the clock as the API does: instants in ISO 8601, the target of the priority, its status', () => {
    const pairs: Array<[SlaEventType, number]> = [
      [COMPLETE, 0],
      [REQUESTED, 24],
      [COMPLETE, 30],
    ];
    expect(turnaroundClockView(events(...pairs), 'urgent', DEFAULT_SLA_TARGETS, at(90))).toEqual({
      state: 'running',
      startedAt: at(0).toISOString(),
      stoppedAt: null,
      elapsedMs: 84 * HOUR,
      pausedMs: 6 * HOUR,
      pauses: [{ from: at(24).toISOString(), to: at(30).toISOString() }],
      targetMs: days(3),
      status: 'breached',
    });
  });

  it('shows a clock not started, and an open pause', () => {
    expect(turnaroundClockView([], 'routine', DEFAULT_SLA_TARGETS, at(5))).toEqual({
      state: 'not_started',
      startedAt: null,
      stoppedAt: null,
      elapsedMs: 0,
      pausedMs: 0,
      pauses: [],
      targetMs: days(10),
      status: 'on_track',
    });
    const paused = turnaroundClockView(
      events([COMPLETE, 0], [REQUESTED, 10]),
      'routine',
      { routine: days(1), urgent: days(1) },
      at(30),
    );
    expect(paused).toMatchObject({
      state: 'paused',
      elapsedMs: 10 * HOUR,
      pauses: [{ from: at(10).toISOString(), to: null }],
      targetMs: days(1),
      status: 'on_track',
    });
  });
});
