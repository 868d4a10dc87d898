import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BoardRole,
  Specialty,
  type MeetingStateView,
  type PresenceEntry,
  type RoomAgendaItem,
} from '@app/contracts';
import {
  LiveError,
  type LiveConnection,
  type LiveConnectionState,
  type LiveStatus,
} from '../../api/live';
import { ME_ID, OTHER_ID } from '../../test/fixtures';
import { fakeServer, renderAt } from '../../test/harness';
import { MeetingRoom } from './MeetingRoom';
import { RoomClient } from './RoomClient';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const MEETING_ID = '00000000-0000-4000-8000-0000000000a1';
const OBSERVER_ID = '00000000-0000-4000-8000-0000000000c3';
const ITEM = {
  A: '00000000-0000-4000-8000-00000000000a',
  B: '00000000-0000-4000-8000-00000000000b',
  C: '00000000-0000-4000-8000-00000000000c',
  D: '00000000-0000-4000-8000-00000000000d',
};

const caseLabels = { 'case-a': 'PAT-A', 'case-b': 'PAT-B', 'case-c': 'PAT-C', 'case-d': 'PAT-D' };

const item = (
  itemId: string,
  caseId: string,
  position: number | null,
  status: RoomAgendaItem['status'],
): RoomAgendaItem => ({ itemId, caseId, position, minutesAllotted: 10, status });

const presence: PresenceEntry[] = [
  {
    userId: ME_ID,
    displayName: 'Dana Coordinator',
    role: BoardRole.Chair,
    specialty: Specialty.MedicalOncology,
    votingRight: true,
  },
  {
    userId: OTHER_ID,
    displayName: 'Olga Radiologist',
    role: BoardRole.Panelist,
    specialty: Specialty.Radiology,
    votingRight: true,
  },
  {
    userId: OBSERVER_ID,
    displayName: 'Bo Observer',
    role: BoardRole.Observer,
    specialty: Specialty.Other,
    votingRight: false,
  },
];

/**
 * A live meeting: PAT-A discussed, PAT-B in discussion and focused (2:05 over its 10 minutes,
 * timer paused), PAT-C to discuss, PAT-D deferred (no position, listed last).
 */
function meetingState(change: Partial<MeetingStateView> = {}): MeetingStateView {
  return {
    meetingId: MEETING_ID,
    status: 'live',
    focusedItemId: ITEM.B,
    agenda: [
      item(ITEM.D, 'case-d', null, 'deferred'),
      item(ITEM.C, 'case-c', 3, 'pending'),
      item(ITEM.A, 'case-a', 1, 'discussed'),
      item(ITEM.B, 'case-b', 2, 'in_discussion'),
    ],
    timers: [timer(ITEM.A, 540, false), timer(ITEM.B, 725, false)],
    queue: { raised: [], floor: null },
    presence,
    quorum: {
      quorate: true,
      missingSpecialties: [],
      votingMembersPresent: 2,
      minVotingMembers: 2,
      reasons: [],
    },
    version: 1,
    seq: change.version ?? 1,
    ...change,
  };
}

function timer(itemId: string, elapsedSeconds: number, running: boolean) {
  const allottedSeconds = 600;
  const overrunSeconds = Math.max(0, elapsedSeconds - allottedSeconds);
  return {
    itemId,
    allottedSeconds,
    elapsedSeconds,
    running,
    overrun: overrunSeconds > 0,
    overrunSeconds,
  };
}

type Answer = (payload: Record<string, unknown>) => Promise<object>;

/** The live connection as the room uses it, in memory; commands are answered by `answers`. */
class FakeLive {
  status: LiveStatus = 'connected';
  readonly requests: Array<{ event: string; payload: Record<string, unknown> }> = [];
  readonly answers = new Map<string, Answer>();
  readonly stateListeners = new Set<(meeting: MeetingStateView) => void>();

  request(event: string, payload: Record<string, unknown>): Promise<object> {
    this.requests.push({ event, payload });
    const answer = this.answers.get(event);
    return answer ? answer(payload) : Promise.resolve({ ok: true });
  }

  on(_event: string, listener: (meeting: MeetingStateView) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onReconnect(): () => void {
    return () => undefined;
  }

  getState() {
    return { status: this.status, problem: null };
  }

  push(meeting: MeetingStateView): void {
    for (const listener of [...this.stateListeners]) listener(meeting);
  }

  /** Commands answered with the state `next` makes of each. */
  answerCommands(next: (payload: Record<string, unknown>) => MeetingStateView): void {
    this.answers.set('meeting:command', (payload) =>
      Promise.resolve({ ok: true, state: next(payload) }),
    );
  }

  commands(): Array<Record<string, unknown>> {
    return this.requests
      .filter((request) => request.event === 'meeting:command')
      .map((request) => request.payload);
  }
}

const connected: LiveConnectionState = { status: 'connected', problem: null };

interface SetUp {
  meeting?: MeetingStateView;
  mayRunMeeting?: boolean;
  mayRaiseHand?: boolean;
  connection?: LiveConnectionState;
  /** Render before the join is answered. */
  joined?: boolean;
}

async function setUp({
  meeting = meetingState(),
  mayRunMeeting = true,
  mayRaiseHand = true,
  connection = connected,
  joined = true,
}: SetUp = {}) {
  const live = new FakeLive();
  live.answers.set('meeting:join', () => Promise.resolve({ ok: true, state: meeting }));
  const room = new RoomClient(live as unknown as LiveConnection, MEETING_ID);
  if (joined) await room.join();
  const user = userEvent.setup();
  const view = renderAt(
    <MeetingRoom
      room={room}
      connection={connection}
      title="Weekly thoracic board"
      eyebrow="Thoracic board"
      caseLabels={caseLabels}
      myUserId={ME_ID}
      mayRunMeeting={mayRunMeeting}
      mayRaiseHand={mayRaiseHand}
      video={<p>The panel&apos;s video</p>}
      focusedCase={(caseId) => <p>Summary of {caseId}</p>}
      side={(shown) => <p>Notes for {shown.focusedItemId ?? 'the meeting'}</p>}
    />,
    { api: fakeServer().api },
  );
  return { live, room, user, view };
}

/** The agenda rail's items, in the order shown. */
function railItems(): HTMLElement[] {
  return within(screen.getByRole('navigation', { name: 'Agenda' })).getAllByRole('listitem');
}

/** The quorum line's words, or '' when there is none. */
function quorumLine(): string {
  const line = document.querySelector('.room-quorum');
  return line?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('MeetingRoom: who sees what', () => {
  it('shows the chair the meeting controls', async () => {
    await setUp();
    const controls = screen.getByRole('group', { name: 'Meeting controls' });
    expect(
      within(controls)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['← Previous case', 'Next case →', 'Mark discussed', 'Defer…', 'End meeting…']);
    expect(screen.getByRole('button', { name: 'Focus PAT-C' })).toBeTruthy();
  });

  it('shows a panelist no controls, no focus buttons, no floor buttons', async () => {
    await setUp({
      mayRunMeeting: false,
      meeting: meetingState({ queue: { raised: [OTHER_ID], floor: OBSERVER_ID } }),
    });
    expect(screen.queryByRole('group', { name: 'Meeting controls' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Focus / })).toBeNull();
    expect(screen.queryByRole('button', { name: /Give the floor/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Release floor' })).toBeNull();
    // They still see the queue and may raise their hand.
    expect(screen.getByText('✋ Olga Radiologist')).toBeTruthy();
    expect(screen.getByText('Bo Observer', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Raise hand' })).toBeTruthy();
  });

  it('an observer does not raise a hand', async () => {
    await setUp({ mayRunMeeting: false, mayRaiseHand: false });
    expect(screen.queryByRole('button', { name: /Raise hand|Lower hand/ })).toBeNull();
  });

  it('a scheduled meeting offers the chair only "Start meeting", which starts it', async () => {
    const { live, user } = await setUp({
      meeting: meetingState({ status: 'scheduled', focusedItemId: null, timers: [] }),
    });
    live.answerCommands(() => meetingState({ status: 'live', focusedItemId: null, version: 2 }));

    const controls = screen.getByRole('group', { name: 'Meeting controls' });
    expect(
      within(controls)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Start meeting']);
    expect(screen.getByText('Not started')).toBeTruthy();
    expect(screen.getByText('The meeting has not started yet.')).toBeTruthy();
    // Not live: no quorum line, no focusing, no hands.
    expect(quorumLine()).toBe('');
    expect(screen.queryByRole('button', { name: /^Focus / })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Raise hand' })).toBeNull();

    await user.click(within(controls).getByRole('button', { name: 'Start meeting' }));

    expect(live.commands()).toEqual([{ meetingId: MEETING_ID, command: 'start' }]);
    await screen.findByRole('button', { name: 'End meeting…' });
    expect(screen.getByText('Live')).toBeTruthy();
    expect(
      screen.getByText('No case is focused. The chair focuses the next case from the agenda.'),
    ).toBeTruthy();
  });

  it('shows the focused case, the video and the side panel', async () => {
    await setUp();
    expect(screen.getByText("The panel's video")).toBeTruthy();
    expect(screen.getByText('Summary of case-b')).toBeTruthy();
    expect(screen.getByText(`Notes for ${ITEM.B}`)).toBeTruthy();
  });

  it('lists who is in the room by name, with role, specialty and who has no vote', async () => {
    await setUp();
    const section = screen.getByRole('region', { name: /In the room/ });
    expect(within(section).getByRole('heading').textContent).toBe('In the room (3)');
    expect(
      within(section)
        .getAllByRole('listitem')
        .map((entry) => entry.textContent),
    ).toEqual([
      'Bo ObserverObserver · Other · no vote',
      'Dana CoordinatorChair · Medical oncology',
      'Olga RadiologistPanelist · Radiology',
    ]);
  });
});

describe('MeetingRoom: joining', () => {
  it('says it is joining until the snapshot comes, with the connection banner', async () => {
    const { room } = await setUp({
      joined: false,
      connection: { status: 'connecting', problem: null },
    });
    expect(screen.getByText('Joining the meeting…')).toBeTruthy();
    expect(screen.getByText('Connecting to the meeting…')).toBeTruthy();

    await act(() => room.join());

    expect(screen.queryByText('Joining the meeting…')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain(
      'Weekly thoracic board',
    );
  });

  it("a refused join shows the server's reason", async () => {
    const { live, room } = await setUp({ joined: false });
    live.answers.set('meeting:join', () =>
      Promise.reject(new LiveError('forbidden', 'You are not a member of this board.')),
    );

    await act(() => room.join());

    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(
      'You cannot join this meeting.You are not a member of this board.',
    );
    expect(screen.queryByText('Joining the meeting…')).toBeNull();
    expect(screen.queryByRole('group', { name: 'Meeting controls' })).toBeNull();
  });
});

describe('MeetingRoom: status bar', () => {
  it('names what is missing when there is no quorum', async () => {
    await setUp({
      meeting: meetingState({
        quorum: {
          quorate: false,
          missingSpecialties: [Specialty.Pathology],
          votingMembersPresent: 1,
          minVotingMembers: 2,
          reasons: ['pathology missing', 'too few voting members'],
        },
      }),
    });
    expect(quorumLine()).toBe('No quorum — missing: pathology · 1 of 2 voting members present');
    expect(document.querySelector('.room-quorum')?.getAttribute('role')).toBe('status');
  });

  it('names several missing specialties, and the count only when short', async () => {
    await setUp({
      meeting: meetingState({
        quorum: {
          quorate: false,
          missingSpecialties: [Specialty.Pathology, Specialty.RadiationOncology],
          votingMembersPresent: 4,
          minVotingMembers: 3,
          reasons: [],
        },
      }),
    });
    expect(quorumLine()).toBe('No quorum — missing: pathology, radiation oncology');
  });

  it("falls back on the server's reasons when nothing else is missing", async () => {
    await setUp({
      meeting: meetingState({
        quorum: {
          quorate: false,
          missingSpecialties: [],
          votingMembersPresent: 3,
          minVotingMembers: 3,
          reasons: ['the chair is absent', 'no pathologist'],
        },
      }),
    });
    expect(quorumLine()).toBe('No quorum — the chair is absent; no pathologist');
  });

  it('says the quorum is met, and follows pushed changes', async () => {
    const { live } = await setUp({
      meeting: meetingState({
        quorum: {
          quorate: true,
          missingSpecialties: [],
          votingMembersPresent: 3,
          minVotingMembers: 2,
          reasons: [],
        },
      }),
    });
    expect(quorumLine()).toBe('Quorum met · 3 voting members present');
    expect(document.querySelector('.room-quorum')?.getAttribute('data-quorate')).toBe('true');

    act(() =>
      live.push(
        meetingState({
          version: 2,
          quorum: {
            quorate: true,
            missingSpecialties: [],
            votingMembersPresent: 1,
            minVotingMembers: 1,
            reasons: [],
          },
        }),
      ),
    );
    expect(quorumLine()).toBe('Quorum met · 1 voting member present');
  });

  it('says nothing about the connection while connected', async () => {
    await setUp();
    expect(document.querySelector('.room-connection')).toBeNull();
    expect(screen.queryByText(/Reconnecting/)).toBeNull();
  });

  it('says it is reconnecting, keeping the room on screen', async () => {
    await setUp({
      connection: { status: 'reconnecting', problem: 'The connection to the meeting was lost.' },
    });
    const banner = document.querySelector('.room-connection') as HTMLElement;
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toContain('Reconnecting…');
    expect(banner.textContent).toContain('The room will catch up with what happened meanwhile');
    expect(screen.getByText('Summary of case-b')).toBeTruthy();
  });

  it('alerts when the connection ended, with its reason', async () => {
    await setUp({
      connection: { status: 'ended', problem: 'Your session has ended. Sign in again.' },
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Your session has ended. Sign in again.');
    expect(alert.getAttribute('data-connection')).toBe('ended');
  });

  it('alerts with a plain disconnection when the connection ended without a reason', async () => {
    await setUp({ connection: { status: 'ended', problem: null } });
    expect(screen.getByRole('alert').textContent).toBe('Disconnected from the meeting.');
  });

  it('shows the focused case overrunning with "+" and "over time"', async () => {
    await setUp();
    const shown = screen.getByRole('timer');
    expect(shown.textContent).toBe('+2:05over time');
    expect(shown.getAttribute('aria-label')).toBe('2 minutes 5 seconds over time');
    expect(shown.className).toContain('is-overrun');
  });

  it('runs the timer between snapshots, into the overrun', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-12-01T07:00:00Z'));
    const live = new FakeLive();
    live.answers.set('meeting:join', () =>
      Promise.resolve({
        ok: true,
        state: meetingState({ timers: [timer(ITEM.B, 598, true)] }),
      }),
    );
    const room = new RoomClient(live as unknown as LiveConnection, MEETING_ID);
    await room.join();
    renderAt(
      <MeetingRoom
        room={room}
        connection={connected}
        title="Weekly thoracic board"
        eyebrow="Thoracic board"
        caseLabels={caseLabels}
        myUserId={ME_ID}
        mayRunMeeting={false}
        mayRaiseHand
        video={null}
        focusedCase={() => null}
        side={() => null}
      />,
      { api: fakeServer().api },
    );
    expect(screen.getByRole('timer').textContent).toBe('0:02left');
    expect(screen.getByRole('timer').className).not.toContain('is-overrun');

    act(() => vi.advanceTimersByTime(3_000));

    expect(screen.getByRole('timer').textContent).toBe('+0:01over time');
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('1 second over time');
  });

  it('shows no timer when no case is focused', async () => {
    await setUp({ meeting: meetingState({ focusedItemId: null }) });
    expect(screen.queryByRole('timer')).toBeNull();
  });

  it('an ended meeting says so and offers no controls', async () => {
    await setUp({ meeting: meetingState({ status: 'ended', focusedItemId: null }) });
    expect(
      screen.getByText(
        'This meeting has ended. Its notes, votes and recommendations stay available.',
      ),
    ).toBeTruthy();
    expect(screen.getByText('Ended')).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Meeting controls' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Focus / })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Raise hand' })).toBeNull();
    expect(quorumLine()).toBe('');
  });
});

describe('MeetingRoom: agenda rail', () => {
  it('lists the cases in order, deferred last, the focused one marked', async () => {
    await setUp();
    const items = railItems();
    expect(items.map((entry) => entry.querySelector('.room-rail-label')?.textContent)).toEqual([
      'PAT-A',
      'PAT-B',
      'PAT-C',
      'PAT-D',
    ]);
    expect(items.map((entry) => entry.getAttribute('aria-current'))).toEqual([
      null,
      'true',
      null,
      null,
    ]);
    expect(items.map((entry) => entry.querySelector('.badge')?.textContent)).toEqual([
      'Discussed',
      'Focused',
      'To discuss',
      'Deferred',
    ]);
    expect(items.map((entry) => entry.querySelector('.room-rail-position')?.textContent)).toEqual([
      '1',
      '2',
      '3',
      '–',
    ]);
    // Time spent against the allotment, marked when over.
    expect(within(items[0]!).getByText('9:00 of 10 min').className).not.toContain('room-overrun');
    expect(within(items[1]!).getByText('12:05 of 10 min').className).toContain('room-overrun');
    expect(within(items[2]!).getByText('10 min')).toBeTruthy();
  });

  it('shows "In discussion" for an item in discussion that is not focused', async () => {
    await setUp({ meeting: meetingState({ focusedItemId: ITEM.C }) });
    const items = railItems();
    expect(items[1]!.querySelector('.badge')?.textContent).toBe('In discussion');
    expect(items[2]!.getAttribute('aria-current')).toBe('true');
  });

  it('names a case without a label by its place on the agenda', async () => {
    await setUp({
      meeting: meetingState({ agenda: [item(ITEM.A, 'case-unknown', 1, 'pending')] }),
    });
    expect(railItems()[0]!.querySelector('.room-rail-label')?.textContent).toBe('Case 1');
  });

  it('says when the agenda is empty', async () => {
    await setUp({ meeting: meetingState({ agenda: [], timers: [], focusedItemId: null }) });
    expect(screen.getByText('No cases on this agenda.')).toBeTruthy();
  });

  it('offers to focus the other cases that are not deferred, and focuses one', async () => {
    const { live, user } = await setUp();
    live.answerCommands(() => meetingState({ focusedItemId: ITEM.C, version: 2 }));
    expect(
      screen.getAllByRole('button', { name: /^Focus / }).map((button) => button.textContent),
    ).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Focus PAT-A' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Focus PAT-B' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Focus PAT-D' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Focus PAT-C' }));

    expect(live.commands()).toEqual([{ meetingId: MEETING_ID, command: 'focus', itemId: ITEM.C }]);
    await waitFor(() => expect(railItems()[2]!.getAttribute('aria-current')).toBe('true'));
    expect(railItems()[1]!.getAttribute('aria-current')).toBeNull();
    expect(screen.getByText('Summary of case-c')).toBeTruthy();
  });

  it('shows the focus as pending until the server answers', async () => {
    const { live, user } = await setUp();
    let answer: () => void = () => undefined;
    live.answers.set(
      'meeting:command',
      () =>
        new Promise((resolve) => {
          answer = () =>
            resolve({ ok: true, state: meetingState({ focusedItemId: ITEM.C, version: 2 }) });
        }),
    );

    await user.click(screen.getByRole('button', { name: 'Focus PAT-C' }));

    // The pending button waits (disabled, with a spinner); the others stay usable.
    const pending = screen.getByRole('button', { name: 'Focus PAT-C' });
    expect(pending.hasAttribute('disabled')).toBe(true);
    expect(pending.querySelector('.spinner')).not.toBeNull();
    const other = screen.getByRole('button', { name: 'Focus PAT-A' });
    expect(other.hasAttribute('disabled')).toBe(false);
    expect(other.querySelector('.spinner')).toBeNull();

    await act(async () => answer());
    expect(screen.queryByRole('button', { name: 'Focus PAT-C' })).toBeNull();
  });
});

describe('MeetingRoom: commands', () => {
  it("shows the server's words when a command is refused, and clears them on the next", async () => {
    const { live, user } = await setUp();
    live.answers.set('meeting:command', () =>
      Promise.reject(
        new LiveError('forbidden', 'Only the chair or a coordinator runs the meeting.'),
      ),
    );

    await user.click(screen.getByRole('button', { name: 'Next case →' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Only the chair or a coordinator runs the meeting.');
    // The room is as it was.
    expect(railItems()[1]!.getAttribute('aria-current')).toBe('true');

    live.answerCommands(() => meetingState({ focusedItemId: ITEM.C, version: 2 }));
    await user.click(screen.getByRole('button', { name: 'Next case →' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(live.commands().map((command) => command.command)).toEqual(['next', 'next']);
  });

  it('shows a refused focus too', async () => {
    const { live, user } = await setUp();
    live.answers.set('meeting:command', () =>
      Promise.reject(new LiveError('not_found', 'That case is no longer on the agenda.')),
    );
    await user.click(screen.getByRole('button', { name: 'Focus PAT-A' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That case is no longer on the agenda.',
    );
  });

  it('sends previous, next and mark discussed for the focused case', async () => {
    const { live, user } = await setUp();
    let version = 1;
    live.answerCommands(() => meetingState({ version: (version += 1) }));
    await user.click(screen.getByRole('button', { name: '← Previous case' }));
    await user.click(screen.getByRole('button', { name: 'Next case →' }));
    await user.click(screen.getByRole('button', { name: 'Mark discussed' }));
    expect(live.commands()).toEqual([
      { meetingId: MEETING_ID, command: 'previous' },
      { meetingId: MEETING_ID, command: 'next' },
      { meetingId: MEETING_ID, command: 'mark_discussed', itemId: ITEM.B },
    ]);
  });

  it('raises and lowers the hand, showing whether it is raised', async () => {
    const { live, user } = await setUp({ mayRunMeeting: false });
    let raised: string[] = [];
    let version = 1;
    live.answerCommands((payload) => {
      raised = payload.command === 'raise_hand' ? [...raised, ME_ID] : [];
      return meetingState({ queue: { raised, floor: null }, version: (version += 1) });
    });

    const hand = screen.getByRole('button', { name: 'Raise hand' });
    expect(hand.getAttribute('aria-pressed')).toBe('false');
    expect(screen.queryByRole('list', { name: 'Raised hands' })).toBeNull();

    await user.click(hand);

    const lower = await screen.findByRole('button', { name: 'Lower hand' });
    expect(lower.getAttribute('aria-pressed')).toBe('true');
    expect(
      within(screen.getByRole('list', { name: 'Raised hands' })).getByText('✋ Dana Coordinator'),
    ).toBeTruthy();

    await user.click(lower);

    const raise = await screen.findByRole('button', { name: 'Raise hand' });
    expect(raise.getAttribute('aria-pressed')).toBe('false');
    expect(live.commands()).toEqual([
      { meetingId: MEETING_ID, command: 'raise_hand' },
      { meetingId: MEETING_ID, command: 'lower_hand' },
    ]);
  });

  it('the chair gives the floor to a raised hand, then releases it', async () => {
    const { live, user } = await setUp({
      meeting: meetingState({ queue: { raised: [OTHER_ID, OBSERVER_ID], floor: null } }),
    });
    let version = 1;
    live.answerCommands((payload) =>
      meetingState({
        version: (version += 1),
        queue:
          payload.command === 'give_floor'
            ? { raised: [OBSERVER_ID], floor: payload.userId as string }
            : { raised: [OBSERVER_ID], floor: null },
      }),
    );
    expect(screen.getByText('Nobody has the floor.')).toBeTruthy();
    const hands = screen.getByRole('list', { name: 'Raised hands' });
    expect(
      within(hands)
        .getAllByRole('listitem')
        .map((entry) => entry.textContent),
    ).toEqual(['✋ Olga RadiologistGive floor', '✋ Bo ObserverGive floor']);

    await user.click(screen.getByRole('button', { name: 'Give the floor to Olga Radiologist' }));

    expect(live.commands()).toEqual([
      { meetingId: MEETING_ID, command: 'give_floor', userId: OTHER_ID },
    ]);
    const floor = await screen.findByText('Olga Radiologist', { selector: '.room-floor strong' });
    expect(floor.parentElement?.textContent).toContain('Floor: Olga Radiologist');
    expect(screen.queryByRole('button', { name: 'Give the floor to Olga Radiologist' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Release floor' }));

    expect(live.commands()[1]).toEqual({ meetingId: MEETING_ID, command: 'release_floor' });
    await screen.findByText('Nobody has the floor.');
  });

  it('names someone who left while holding the floor neutrally', async () => {
    await setUp({
      meeting: meetingState({
        queue: { raised: [], floor: '00000000-0000-4000-8000-0000000000ff' },
      }),
    });
    expect(screen.getByText('A member who left')).toBeTruthy();
  });
});
