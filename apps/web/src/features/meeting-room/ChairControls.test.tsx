import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MeetingStateView, RoomAgendaItem, RoomCommandName } from '@app/contracts';
import { LiveError } from '../../api/live';
import { descriptionOf, fakeServer, renderAt } from '../../test/harness';
import { ChairControls } from './ChairControls';
import type { CommandOptions } from './RoomClient';

afterEach(cleanup);

const MEETING_ID = '00000000-0000-4000-8000-0000000000a1';
const ITEM = {
  A: '00000000-0000-4000-8000-00000000000a',
  B: '00000000-0000-4000-8000-00000000000b',
  C: '00000000-0000-4000-8000-00000000000c',
  D: '00000000-0000-4000-8000-00000000000d',
};
const caseLabels = { 'case-a': 'PAT-A', 'case-b': 'PAT-B', 'case-c': 'PAT-C', 'case-d': 'PAT-D' };
const LENGTH_MESSAGE = 'Say why in 2 to 500 characters.';
const NO_NEXT_MEETING =
  "the board has no later scheduled meeting to carry the cases to: schedule one, or return the cases to the board's cases";

const item = (
  itemId: string,
  caseId: string,
  position: number | null,
  status: RoomAgendaItem['status'],
): RoomAgendaItem => ({ itemId, caseId, position, minutesAllotted: 10, status });

/** Live: PAT-A discussed, PAT-B in discussion (focused), PAT-C to discuss, PAT-D deferred. */
function meetingState(change: Partial<MeetingStateView> = {}): MeetingStateView {
  return {
    meetingId: MEETING_ID,
    status: 'live',
    focusedItemId: ITEM.B,
    agenda: [
      item(ITEM.A, 'case-a', 1, 'discussed'),
      item(ITEM.B, 'case-b', 2, 'in_discussion'),
      item(ITEM.C, 'case-c', 3, 'pending'),
      item(ITEM.D, 'case-d', null, 'deferred'),
    ],
    timers: [],
    queue: { raised: [], floor: null },
    presence: [],
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

type Run = (command: RoomCommandName, options?: CommandOptions) => Promise<void>;

/** The controls as the room holds them: `pending` names the command the server is acting on. */
function Controls({ meeting, run }: { meeting: MeetingStateView; run: Run }) {
  const [pending, setPending] = useState<string | null>(null);
  const tracked: Run = async (...args) => {
    setPending(args[0]);
    try {
      await run(...args);
    } finally {
      setPending(null);
    }
  };
  return (
    <ChairControls meeting={meeting} caseLabels={caseLabels} run={tracked} pending={pending} />
  );
}

function setUp(meeting: MeetingStateView = meetingState(), run: Run = async () => undefined) {
  const spy = vi.fn(run);
  const user = userEvent.setup();
  renderAt(<Controls meeting={meeting} run={spy} />, { api: fakeServer().api });
  return { run: spy, user };
}

async function openEnd(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'End meeting…' }));
  return screen.findByRole('dialog', { name: 'End the meeting' });
}

describe('ChairControls: the buttons', () => {
  it('offers nothing once the meeting ended', () => {
    setUp(meetingState({ status: 'ended' }));
    expect(screen.queryByRole('group', { name: 'Meeting controls' })).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('a scheduled meeting offers only to start it', async () => {
    const { run, user } = setUp(meetingState({ status: 'scheduled', focusedItemId: null }));
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual([
      'Start meeting',
    ]);
    await user.click(screen.getByRole('button', { name: 'Start meeting' }));
    expect(run).toHaveBeenCalledWith('start');
  });

  it('marks the focused case discussed', async () => {
    const { run, user } = setUp();
    await user.click(screen.getByRole('button', { name: 'Mark discussed' }));
    expect(run).toHaveBeenCalledWith('mark_discussed', { itemId: ITEM.B });
  });

  it('moves through the agenda', async () => {
    const { run, user } = setUp();
    await user.click(screen.getByRole('button', { name: '← Previous case' }));
    await user.click(screen.getByRole('button', { name: 'Next case →' }));
    expect(run.mock.calls).toEqual([['previous'], ['next']]);
  });

  it.each([
    { name: 'no case is focused', change: { focusedItemId: null } },
    {
      name: 'the focused case is already discussed',
      change: { focusedItemId: ITEM.A },
    },
  ])('offers neither "Mark discussed" nor "Defer…" when $name', ({ change }) => {
    setUp(meetingState(change));
    expect(screen.queryByRole('button', { name: 'Mark discussed' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Defer…' })).toBeNull();
    expect(screen.getByRole('button', { name: 'End meeting…' })).toBeTruthy();
  });

  it('a refused button command does not throw out of the controls', async () => {
    const { run, user } = setUp(meetingState(), () =>
      Promise.reject(new LiveError('not_live', 'The meeting is not live.')),
    );
    await user.click(screen.getByRole('button', { name: 'Next case →' }));
    expect(run).toHaveBeenCalledWith('next');
    // Still usable (the room shows the refusal above the controls).
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Next case →' }).hasAttribute('disabled')).toBe(
        false,
      ),
    );
  });
});

describe('ChairControls: ending with cases not discussed', () => {
  it('names the undiscussed cases and requires a reason before sending anything', async () => {
    const { run, user } = setUp();
    const dialog = within(await openEnd(user));

    expect(dialog.getByText(/2 cases were not discussed:/).textContent).toBe(
      '2 cases were not discussed: PAT-B, PAT-C. Nothing is dropped: say where they go.',
    );
    expect(dialog.getByText('PAT-B, PAT-C').tagName).toBe('STRONG');
    const reason = dialog.getByRole('textbox', { name: /Reason/ });
    expect(reason.getAttribute('maxlength')).toBe('500');

    // Empty.
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));
    await waitFor(() => expect(descriptionOf(reason)).toBe(LENGTH_MESSAGE));
    expect(reason.getAttribute('aria-invalid')).toBe('true');

    // One character, and spaces that trim away to one.
    await user.type(reason, 'x');
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));
    await user.clear(reason);
    await user.type(reason, '   y   ');
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));
    expect(descriptionOf(reason)).toBe(LENGTH_MESSAGE);

    expect(run).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: 'End the meeting' })).toBeTruthy();
  });

  it('carries the cases over by default, with the trimmed reason', async () => {
    const { run, user } = setUp();
    const dialog = within(await openEnd(user));
    expect(
      (dialog.getByRole('radio', { name: /Carry over to the next meeting/ }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    expect(
      (dialog.getByRole('radio', { name: /Return to the board's cases/ }) as HTMLInputElement)
        .checked,
    ).toBe(false);

    await user.type(dialog.getByRole('textbox', { name: /Reason/ }), '  Ran out of time  ');
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));

    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith('end', {
      undiscussed: 'carry_over',
      reason: 'Ran out of time',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('returns the cases to the board when chosen', async () => {
    const { run, user } = setUp();
    const dialog = within(await openEnd(user));

    await user.click(dialog.getByRole('radio', { name: /Return to the board's cases/ }));
    await user.type(dialog.getByRole('textbox', { name: /Reason/ }), 'Imaging not available');
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));

    expect(run).toHaveBeenCalledWith('end', {
      undiscussed: 'return_to_cases',
      reason: 'Imaging not available',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows a refusal in the dialog and stays open, so the chair can choose otherwise', async () => {
    const { run, user } = setUp(meetingState(), async (_command, options) => {
      if (options?.undiscussed === 'carry_over')
        throw new LiveError('no_next_meeting', NO_NEXT_MEETING);
    });
    const dialogElement = await openEnd(user);
    const dialog = within(dialogElement);
    const reason = dialog.getByRole('textbox', { name: /Reason/ }) as HTMLTextAreaElement;
    await user.type(reason, 'Ran out of time');
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));

    expect((await dialog.findByRole('alert')).textContent).toBe(NO_NEXT_MEETING);
    expect(screen.getByRole('dialog', { name: 'End the meeting' })).toBe(dialogElement);
    expect(reason.value).toBe('Ran out of time');
    expect(dialog.getByRole('button', { name: 'End meeting' }).hasAttribute('disabled')).toBe(
      false,
    );

    await user.click(dialog.getByRole('radio', { name: /Return to the board's cases/ }));
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));

    expect(run.mock.calls).toEqual([
      ['end', { undiscussed: 'carry_over', reason: 'Ran out of time' }],
      ['end', { undiscussed: 'return_to_cases', reason: 'Ran out of time' }],
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('forgets an earlier refusal when the dialog is opened again', async () => {
    const { user } = setUp(meetingState(), () =>
      Promise.reject(new LiveError('no_next_meeting', NO_NEXT_MEETING)),
    );
    let dialog = within(await openEnd(user));
    await user.type(dialog.getByRole('textbox', { name: /Reason/ }), 'Ran out of time');
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));
    await dialog.findByRole('alert');
    await user.click(dialog.getByRole('button', { name: 'Keep meeting' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    dialog = within(await openEnd(user));
    expect(dialog.queryByRole('alert')).toBeNull();
    expect((dialog.getByRole('textbox', { name: /Reason/ }) as HTMLTextAreaElement).value).toBe('');
  });

  it('speaks of one case in the singular', async () => {
    const { user } = setUp(
      meetingState({
        focusedItemId: ITEM.C,
        agenda: [item(ITEM.A, 'case-a', 1, 'discussed'), item(ITEM.C, 'case-c', 2, 'pending')],
      }),
    );
    const dialog = within(await openEnd(user));
    expect(dialog.getByText(/not discussed:/).textContent).toBe(
      '1 case was not discussed: PAT-C. Nothing is dropped: say where it goes.',
    );
  });

  it('"Keep meeting" and Escape close the dialog without sending', async () => {
    const { run, user } = setUp();
    let dialog = within(await openEnd(user));
    await user.click(dialog.getByRole('button', { name: 'Keep meeting' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    dialog = within(await openEnd(user));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(run).not.toHaveBeenCalled();
  });

  it('stays open while the server acts, then closes', async () => {
    let finish: () => void = () => undefined;
    const { user } = setUp(
      meetingState(),
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    const dialog = within(await openEnd(user));
    await user.type(dialog.getByRole('textbox', { name: /Reason/ }), 'Ran out of time');
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));

    await waitFor(() =>
      expect(dialog.getByRole('button', { name: 'End meeting' }).hasAttribute('disabled')).toBe(
        true,
      ),
    );
    expect(dialog.getByRole('button', { name: 'Keep meeting' }).hasAttribute('disabled')).toBe(
      true,
    );
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'End the meeting' })).toBeTruthy();

    finish();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('ChairControls: ending with every case settled', () => {
  const settled = meetingState({
    focusedItemId: null,
    agenda: [item(ITEM.A, 'case-a', 1, 'discussed'), item(ITEM.D, 'case-d', null, 'deferred')],
  });

  it('asks a simple confirmation and sends "end" with nothing else', async () => {
    const { run, user } = setUp(settled);
    const dialog = within(await openEnd(user));
    expect(
      dialog.getByText(
        'Every case on the agenda was discussed or deferred. End the meeting for everyone?',
      ),
    ).toBeTruthy();
    expect(dialog.queryByRole('textbox')).toBeNull();
    expect(dialog.queryByRole('radio')).toBeNull();

    await user.click(dialog.getByRole('button', { name: 'End meeting' }));

    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0]).toEqual(['end', {}]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('an empty agenda ends the same way', async () => {
    const { run, user } = setUp(meetingState({ focusedItemId: null, agenda: [] }));
    const dialog = within(await openEnd(user));
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));
    expect(run.mock.calls).toEqual([['end', {}]]);
  });

  it('shows a refusal in the dialog and stays open', async () => {
    const { user } = setUp(settled, () =>
      Promise.reject(
        new LiveError(
          'undiscussed_items',
          'PAT-C was put back on the agenda: say what becomes of it.',
        ),
      ),
    );
    const dialog = within(await openEnd(user));
    await user.click(dialog.getByRole('button', { name: 'End meeting' }));
    expect((await dialog.findByRole('alert')).textContent).toBe(
      'PAT-C was put back on the agenda: say what becomes of it.',
    );
    expect(screen.getByRole('dialog', { name: 'End the meeting' })).toBeTruthy();
  });

  it('"Keep meeting" closes without sending', async () => {
    const { run, user } = setUp(settled);
    const dialog = within(await openEnd(user));
    await user.click(dialog.getByRole('button', { name: 'Keep meeting' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(run).not.toHaveBeenCalled();
  });
});

describe('ChairControls: deferring the focused case', () => {
  async function openDefer(user: ReturnType<typeof userEvent.setup>) {
    await user.click(screen.getByRole('button', { name: 'Defer…' }));
    return within(await screen.findByRole('dialog', { name: 'Defer PAT-B' }));
  }

  it('requires a reason, then sends "defer" with the item and the reason', async () => {
    const { run, user } = setUp();
    const dialog = await openDefer(user);
    expect(
      dialog.getByText(
        "The case moves to the board's next meeting; the reason is kept on its agenda.",
      ),
    ).toBeTruthy();
    const reason = dialog.getByRole('textbox', { name: /Reason/ });
    expect(reason.getAttribute('maxlength')).toBe('500');

    await user.type(reason, 'x');
    await user.click(dialog.getByRole('button', { name: 'Defer to the next meeting' }));
    await waitFor(() => expect(descriptionOf(reason)).toBe(LENGTH_MESSAGE));
    expect(run).not.toHaveBeenCalled();

    await user.clear(reason);
    await user.type(reason, ' Awaiting PET-CT ');
    await user.click(dialog.getByRole('button', { name: 'Defer to the next meeting' }));

    expect(run.mock.calls).toEqual([['defer', { itemId: ITEM.B, reason: 'Awaiting PET-CT' }]]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows a refusal in the dialog and stays open', async () => {
    const { user } = setUp(meetingState(), () =>
      Promise.reject(
        new LiveError(
          'no_next_meeting',
          'the board has no later scheduled meeting to defer the case to; schedule one first',
        ),
      ),
    );
    const dialog = await openDefer(user);
    await user.type(dialog.getByRole('textbox', { name: /Reason/ }), 'Awaiting PET-CT');
    await user.click(dialog.getByRole('button', { name: 'Defer to the next meeting' }));
    expect((await dialog.findByRole('alert')).textContent).toBe(
      'the board has no later scheduled meeting to defer the case to; schedule one first',
    );
    expect(screen.getByRole('dialog', { name: 'Defer PAT-B' })).toBeTruthy();
  });

  it('"Keep on this agenda" closes without sending', async () => {
    const { run, user } = setUp();
    const dialog = await openDefer(user);
    await user.click(dialog.getByRole('button', { name: 'Keep on this agenda' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(run).not.toHaveBeenCalled();
  });

  it('names a case without a label neutrally', async () => {
    const { user } = setUp(
      meetingState({ agenda: [item(ITEM.B, 'case-unknown', 1, 'in_discussion')] }),
    );
    await user.click(screen.getByRole('button', { name: 'Defer…' }));
    expect(await screen.findByRole('dialog', { name: 'Defer the focused case' })).toBeTruthy();
  });
});
