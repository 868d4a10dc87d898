import { ReviewRole, SecondOpinionStatus } from '@app/contracts';
import { ConflictAttestation } from './blinding';
import {
  WORKLIST_FINISHED_LIMIT,
  WorklistEntry,
  isOpenReview,
  orderWorklist,
} from './review-worklist';

const DAY = 86_400_000;
const T0 = Date.parse('2024-05-01T08:00:00Z');
const at = (days: number) => new Date(T0 + days * DAY);

interface Named extends WorklistEntry {
  name: string;
}

const entry = (
  name: string,
  overrides: Partial<Omit<WorklistEntry, 'clock'>> & { risk?: number } = {},
): Named => ({
  name,
  role: overrides.role ?? 'reviewer',
  status: overrides.status ?? 'records_complete',
  attestation: overrides.attestation === undefined ? 'no_conflict' : overrides.attestation,
  receivedAt: overrides.receivedAt ?? at(0),
  assignedAt: overrides.assignedAt ?? at(1),
  completedAt: overrides.completedAt ?? null,
  clock: { elapsedMs: (overrides.risk ?? 0) * 10 * DAY, targetMs: 10 * DAY },
});

describe('isOpenReview', () => {
  const roles: ReviewRole[] = ['reviewer', 'arbiter'];
  const statuses: SecondOpinionStatus[] = [
    'awaiting_records',
    'records_complete',
    'opinion_delivered',
    'consent_withdrawn',
  ];
  const attestations: Array<ConflictAttestation | null> = [
    null,
    'no_conflict',
    'conflict_declared',
  ];
  const cases: Array<
    [ReviewRole, SecondOpinionStatus, ConflictAttestation | null, boolean, boolean]
  > = [];
  for (const role of roles)
    for (const status of statuses)
      for (const attestation of attestations)
        for (const completed of [false, true])
          cases.push([
            role,
            status,
            attestation,
            completed,
            !completed &&
              attestation !== 'conflict_declared' &&
              status !== 'consent_withdrawn' &&
              (role === 'arbiter' || status !== 'opinion_delivered'),
          ]);

  it.each(cases)(
    '%s, %s, %s, completed %p → open %p',
    (role, status, attestation, completed, open) => {
      expect(
        isOpenReview(
          entry('x', { role, status, attestation, completedAt: completed ? at(3) : null }),
        ),
      ).toBe(open);
    },
  );
});

describe('orderWorklist', () => {
  it('puts open work first, most at risk first, then the earliest received', () => {
    const ordered = orderWorklist([
      entry('done', { completedAt: at(4) }),
      entry('calm', { risk: 0.1 }),
      entry('late', { risk: 1.2 }),
      entry('risky-later', { risk: 0.9, receivedAt: at(2) }),
      entry('risky-earlier', { risk: 0.9, receivedAt: at(1) }),
      entry('arbitration', { role: 'arbiter', status: 'opinion_delivered', risk: 0.5 }),
    ]);
    expect(ordered.map((e) => e.name)).toEqual([
      'late',
      'risky-earlier',
      'risky-later',
      'arbitration',
      'calm',
      'done',
    ]);
  });

  it('lists finished work latest first: done, else assigned', () => {
    const ordered = orderWorklist([
      entry('done-early', { completedAt: at(2) }),
      entry('conflict', { attestation: 'conflict_declared', assignedAt: at(5) }),
      entry('done-late', { completedAt: at(9) }),
      entry('withdrawn', { status: 'consent_withdrawn', assignedAt: at(3) }),
      entry('delivered-without-me', { status: 'opinion_delivered', assignedAt: at(1) }),
    ]);
    expect(ordered.map((e) => e.name)).toEqual([
      'done-late',
      'conflict',
      'withdrawn',
      'done-early',
      'delivered-without-me',
    ]);
  });

  it('keeps every open request but only the latest finished ones', () => {
    const open = Array.from({ length: 3 }, (_, i) => entry(`open-${i}`, { risk: i / 10 }));
    const finished = Array.from({ length: WORKLIST_FINISHED_LIMIT + 5 }, (_, i) =>
      entry(`done-${i}`, { completedAt: at(i) }),
    );
    const ordered = orderWorklist([...finished, ...open]);
    expect(ordered).toHaveLength(3 + WORKLIST_FINISHED_LIMIT);
    expect(ordered.slice(0, 3).map((e) => e.name)).toEqual(['open-2', 'open-1', 'open-0']);
    expect(ordered[3].name).toBe(`done-${WORKLIST_FINISHED_LIMIT + 4}`);
    expect(ordered.at(-1)?.name).toBe('done-5');
    expect(orderWorklist(finished, 2).map((e) => e.name)).toEqual([
      `done-${WORKLIST_FINISHED_LIMIT + 4}`,
      `done-${WORKLIST_FINISHED_LIMIT + 3}`,
    ]);
  });

  it('is empty for nothing to review, and leaves its input as it was', () => {
    expect(orderWorklist([])).toEqual([]);
    const input = [entry('b', { risk: 0.1 }), entry('a', { risk: 0.5 })];
    orderWorklist(input);
    expect(input.map((e) => e.name)).toEqual(['b', 'a']);
  });
});
