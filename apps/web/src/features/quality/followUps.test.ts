import { describe, expect, it } from 'vitest';
import {
  daysPastDue,
  dueWords,
  groupFollowUps,
  isOpenForRecording,
  statusesOf,
  type FollowUpItem,
} from './followUps';

const AS_OF = '2027-03-01T12:00:00.000Z';

function item(
  patientRef: string,
  status: FollowUpItem['status'],
  dueAt: string,
  extra: Partial<FollowUpItem> = {},
): FollowUpItem {
  return {
    intervalDays: 30,
    dueAt,
    overdueAfter: dueAt,
    opensAt: '2026-01-01T00:00:00.000Z',
    status,
    outcome: null,
    subject: {
      type: 'recommendation',
      id: `id-${patientRef}`,
      boardId: 'board',
      caseId: null,
      patientRef,
      currentVersionId: null,
      publishedAt: '2026-01-01T00:00:00.000Z',
    },
    ...extra,
  };
}

function recorded(patientRef: string, recordedAt: string): FollowUpItem {
  return item(patientRef, 'done', '2026-06-01T00:00:00.000Z', {
    outcome: {
      id: `outcome-${patientRef}`,
      adherence: 'implemented_fully',
      deviationReason: null,
      deviationDetail: null,
      outcomeNotes: null,
      recordedBy: { userId: 'u', displayName: 'Dana Coordinator' },
      recordedAt,
    },
  });
}

const refs = (items: readonly FollowUpItem[]) => items.map((entry) => entry.subject.patientRef);

describe('groupFollowUps', () => {
  it('groups by status and orders each group as it is worked through', () => {
    const groups = groupFollowUps([
      item('UP-LATE', 'upcoming', '2027-05-01T00:00:00.000Z'),
      item('OVER-RECENT', 'overdue', '2027-02-01T00:00:00.000Z'),
      recorded('DONE-OLD', '2026-07-01T00:00:00.000Z'),
      item('DUE-B', 'due', '2027-02-25T00:00:00.000Z'),
      item('OVER-OLDEST', 'overdue', '2026-11-01T00:00:00.000Z'),
      item('UP-SOON', 'upcoming', '2027-03-10T00:00:00.000Z'),
      item('DUE-A', 'due', '2027-02-20T00:00:00.000Z'),
      recorded('DONE-NEW', '2027-02-01T00:00:00.000Z'),
    ]);
    // Most overdue first: the earliest due date.
    expect(refs(groups.overdue)).toEqual(['OVER-OLDEST', 'OVER-RECENT']);
    expect(refs(groups.due)).toEqual(['DUE-A', 'DUE-B']);
    // Soonest first.
    expect(refs(groups.upcoming)).toEqual(['UP-SOON', 'UP-LATE']);
    // Latest recorded first.
    expect(refs(groups.done)).toEqual(['DONE-NEW', 'DONE-OLD']);
  });

  it('breaks ties on the due date by patient, then by interval', () => {
    const dueAt = '2027-01-01T00:00:00.000Z';
    const groups = groupFollowUps([
      item('B', 'overdue', dueAt, { intervalDays: 90 }),
      item('A', 'overdue', dueAt, { intervalDays: 90 }),
      item('A', 'overdue', dueAt, { intervalDays: 30 }),
    ]);
    expect(
      groups.overdue.map((entry) => `${entry.subject.patientRef}/${entry.intervalDays}`),
    ).toEqual(['A/30', 'A/90', 'B/90']);
  });

  it('gives empty groups for an empty list', () => {
    expect(groupFollowUps([])).toEqual({ overdue: [], due: [], upcoming: [], done: [] });
  });
});

describe('statusesOf', () => {
  it.each([
    ['open', ['overdue', 'due', 'upcoming']],
    ['overdue', ['overdue']],
    ['due', ['due']],
    ['upcoming', ['upcoming']],
    ['done', ['done']],
  ] as const)('%s shows %j', (filter, statuses) => {
    expect(statusesOf(filter)).toEqual(statuses);
  });
});

describe('daysPastDue and dueWords', () => {
  it.each([
    ['2027-02-01T12:00:00.000Z', 28, '28 days past due'],
    ['2027-02-28T11:00:00.000Z', 1, '1 day past due'],
    ['2027-02-28T13:00:00.000Z', 0, 'Due today'],
    ['2027-03-01T12:00:00.000Z', 0, 'Due today'],
    ['2027-03-01T13:00:00.000Z', -1, 'Due in 1 day'],
    ['2027-03-11T12:00:00.000Z', -10, 'Due in 10 days'],
  ])('due %s is %i days past due at the list’s instant', (dueAt, days, words) => {
    expect(daysPastDue({ dueAt }, AS_OF)).toBe(days);
    expect(dueWords({ dueAt }, AS_OF)).toBe(words);
  });
});

describe('isOpenForRecording', () => {
  it.each([
    ['overdue', '2026-01-01T00:00:00.000Z', true],
    ['upcoming', AS_OF, true],
    ['upcoming', '2027-03-01T12:00:00.001Z', false],
    ['done', '2026-01-01T00:00:00.000Z', false],
  ] as const)('%s, opening %s: %s', (status, opensAt, open) => {
    expect(isOpenForRecording({ status, opensAt }, AS_OF)).toBe(open);
  });
});
