import {
  allowedMeetingTransitions,
  checkMeetingTransition,
  MeetingStatus as M,
} from './meeting-status';

const ALL = [M.Scheduled, M.Live, M.Ended, M.Cancelled];

/** The whole matrix, written out: every status pair not listed here is refused. */
const ALLOWED: ReadonlyArray<[M, M]> = [
  [M.Scheduled, M.Live],
  [M.Scheduled, M.Cancelled],
  [M.Live, M.Ended],
];

const matrix = ALL.flatMap((from) =>
  ALL.map((to): [M, M, boolean] => [from, to, ALLOWED.some(([f, t]) => f === from && t === to)]),
);

describe('meeting status transitions', () => {
  it('covers every from × to pair', () => {
    expect(matrix).toHaveLength(16);
  });

  it.each(matrix)('%s → %s allowed: %s', (from, to, allowed) => {
    const check = checkMeetingTransition(from, to);
    expect(check.ok).toBe(allowed);
    if (!check.ok) expect(check.allowed).toEqual(allowedMeetingTransitions(from));
  });

  it.each<[M, M[]]>([
    [M.Scheduled, [M.Live, M.Cancelled]],
    [M.Live, [M.Ended]],
    [M.Ended, []],
    [M.Cancelled, []],
  ])('allowed from %s: %j', (from, expected) => {
    expect(allowedMeetingTransitions(from)).toEqual(expected);
  });

  it.each<[M, M, string]>([
    [M.Live, M.Scheduled, 'a live meeting can only become: ended'],
    [M.Live, M.Live, 'a live meeting can only become: ended'],
    [M.Scheduled, M.Ended, 'a scheduled meeting can only become: live, cancelled'],
    [M.Scheduled, M.Scheduled, 'a scheduled meeting can only become: live, cancelled'],
    [M.Ended, M.Live, 'an ended meeting is final and cannot change status'],
    [M.Cancelled, M.Scheduled, 'a cancelled meeting is final and cannot change status'],
  ])('%s → %s is refused with "%s"', (from, to, message) => {
    expect(checkMeetingTransition(from, to)).toEqual({
      ok: false,
      allowed: allowedMeetingTransitions(from),
      message,
    });
  });

  it('returns a copy that callers cannot use to widen the rules', () => {
    allowedMeetingTransitions(M.Live).push(M.Scheduled);
    expect(checkMeetingTransition(M.Live, M.Scheduled).ok).toBe(false);
  });
});
