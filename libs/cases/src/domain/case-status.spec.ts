import { CaseStatus as C, checkCaseTransition, statusAfterDiscussion } from './case-status';

const ALL = Object.values(C);

/** The whole workflow, written out: every status pair not listed here is refused. */
const ALLOWED: ReadonlyArray<[C, C]> = [
  [C.Draft, C.Ready],
  [C.Draft, C.Withdrawn],
  [C.Ready, C.Scheduled],
  [C.Ready, C.Draft],
  [C.Ready, C.Withdrawn],
  [C.Scheduled, C.Discussed],
  [C.Scheduled, C.Deferred],
  [C.Scheduled, C.Ready],
  [C.Scheduled, C.Withdrawn],
  [C.Deferred, C.Scheduled],
  [C.Deferred, C.Ready],
  [C.Deferred, C.Withdrawn],
  [C.Discussed, C.RecommendationPublished],
  [C.Discussed, C.Deferred],
];

/** The statuses `from` may become, in the order the refusal message lists them. */
const allowedFrom = (from: C): C[] => ALLOWED.filter(([f]) => f === from).map(([, to]) => to);

const matrix = ALL.flatMap((from) =>
  ALL.map((to): [C, C, boolean] => [from, to, ALLOWED.some(([f, t]) => f === from && t === to)]),
);

describe('case status transitions', () => {
  it('covers all 7 × 7 pairs', () => {
    expect(ALL).toHaveLength(7);
    expect(matrix).toHaveLength(49);
  });

  it.each(matrix)('%s → %s allowed: %s', (from, to, allowed) => {
    const check = checkCaseTransition(from, to);
    expect(check.ok).toBe(allowed);
    if (!check.ok) expect(check.allowed).toEqual(allowedFrom(from));
  });

  it.each<[C, C, string]>([
    [C.Draft, C.Scheduled, 'a draft case can only become: ready, withdrawn'],
    [C.Ready, C.Ready, 'a ready case can only become: scheduled, draft, withdrawn'],
    [
      C.Scheduled,
      C.RecommendationPublished,
      'a scheduled case can only become: discussed, deferred, ready, withdrawn',
    ],
    [C.Deferred, C.Discussed, 'a deferred case can only become: scheduled, ready, withdrawn'],
    [
      C.Discussed,
      C.Withdrawn,
      'a discussed case can only become: recommendation_published, deferred',
    ],
    [
      C.RecommendationPublished,
      C.Discussed,
      'a case with a published recommendation is final and cannot change status',
    ],
    [C.Withdrawn, C.Draft, 'a withdrawn case is final and cannot change status'],
  ])('%s → %s: "%s"', (from, to, message) => {
    const check = checkCaseTransition(from, to);
    expect(check.ok ? null : check.message).toBe(message);
  });
});

describe('statusAfterDiscussion', () => {
  it.each(ALL.map((status) => [status]))('from %s', (status) => {
    expect(statusAfterDiscussion(status)).toBe(
      status === C.RecommendationPublished ? null : C.Discussed,
    );
  });
});
