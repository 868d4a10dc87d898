import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { VoteTallyView } from '@app/contracts';
import { LiveError } from '../../api/live';
import type { BoardView } from '../../api/types';
import { ME_ID } from '../../test/fixtures';
import { fakeServer, json, renderAt, type Call } from '../../test/harness';
import type { VoteView } from './queries';
import {
  CASE_ID,
  MEETING_ID,
  OPTION_A,
  OPTION_B,
  VOTE_ID,
  closedVote,
  consensusTally,
  fakeLive,
  openVote,
  votingBoard,
} from './testing';
import { VotePanel } from './VotePanel';

afterEach(cleanup);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The board as `role` sees it, and the case's votes as the server holds them now. */
function setUp(role: BoardView['myRole'], votes: { current: VoteView[] }, caseQuestion?: string) {
  const server = fakeServer()
    .on('GET', /^\/api\/v1\/boards\/[^/]+$/, () => json(votingBoard(role)))
    .on('GET', /^\/api\/v1\/cases\/[^/]+\/votes$/, () => json(votes.current))
    .on('GET', /^\/api\/v1\/votes\/[^/]+$/, (call) =>
      json(votes.current.find((vote) => call.path.endsWith(vote.id))),
    )
    .on('GET', /^\/api\/v1\/cases\/[^/]+\/recommendations$/, () => json([]));
  const room = fakeLive();
  const user = userEvent.setup({ delay: null });
  renderAt(
    <VotePanel
      live={room.live}
      meetingId={MEETING_ID}
      caseId={CASE_ID}
      boardId={votingBoard(role).id}
      meLive
      caseQuestion={caseQuestion}
    />,
    { api: server.api },
  );
  return { server, room, user };
}

const receipt = (ballotsReceived: number) => ({
  receipt: { voteId: VOTE_ID, ballotsReceived, eligibleCount: 5, duplicate: false, closed: false },
});

const ballotsLine = () => screen.getByText(/ballots received$/).textContent;
const myVote = () => screen.getByText('Your vote:').parentElement?.textContent;

describe('the blind ballot', { timeout: 20_000 }, () => {
  it('casts a ballot, shows the receipt and the live count, and changes it with a new submission', async () => {
    const { room, user } = setUp('panelist', { current: [openVote()] });
    await screen.findByText('What is the recommended treatment?');
    expect(ballotsLine()).toBe('3 of 5 ballots received');
    expect(screen.getByText(/Blind vote: nobody, the chair included/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Close vote…' })).toBeNull();

    await user.click(screen.getByRole('radio', { name: /Option B/ }));
    await user.type(screen.getByLabelText('Comment (optional)'), 'Borderline resectable N2.');
    room.request.mockResolvedValueOnce(receipt(4));
    await user.click(screen.getByRole('button', { name: 'Cast vote' }));

    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('Your ballot was received: 4 of 5 ballots are in.');
    expect(room.request).toHaveBeenCalledWith('vote:cast', {
      voteId: VOTE_ID,
      choice: OPTION_B,
      comment: 'Borderline resectable N2.',
      submissionId: expect.stringMatching(UUID),
    });
    expect(myVote()).toBe('Your vote: Option B: Definitive chemoradiotherapy');
    expect(ballotsLine()).toBe('4 of 5 ballots received');

    // The room tells everyone how many have voted, and only that.
    room.emit('vote:progress', { voteId: VOTE_ID, ballotsReceived: 5, eligibleCount: 5 });
    await waitFor(() => expect(ballotsLine()).toBe('5 of 5 ballots received'));

    await user.click(screen.getByRole('button', { name: 'Change vote' }));
    const optionB = screen.getByRole('radio', { name: /Option B/ }) as HTMLInputElement;
    expect(optionB.checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: /Abstain/ }));
    room.request.mockResolvedValueOnce(receipt(5));
    await user.click(screen.getByRole('button', { name: 'Cast vote' }));

    await waitFor(() => expect(myVote()).toBe('Your vote: Abstain'));
    const [first, second] = room.request.mock.calls.map(
      ([, payload]) => (payload as { submissionId: string }).submissionId,
    );
    expect(second).toMatch(UUID);
    expect(second).not.toBe(first);
    expect(room.request.mock.calls[1]?.[1]).toMatchObject({ choice: 'abstain' });
  });

  it('sends a ballot whose answer was lost again under the same submission id', async () => {
    const { room, user } = setUp('panelist', { current: [openVote()] });
    await user.click(await screen.findByRole('radio', { name: /Option A/ }));
    room.request.mockRejectedValueOnce(
      new LiveError('timeout', 'The meeting server did not answer in time.'),
    );
    await user.click(screen.getByRole('button', { name: 'Cast vote' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The meeting server did not answer in time.',
    );

    room.request.mockResolvedValueOnce({
      receipt: { ...receipt(4).receipt, duplicate: true },
    });
    await user.click(screen.getByRole('button', { name: 'Cast vote' }));
    expect((await screen.findByRole('status')).textContent).toContain(
      'Your ballot had already been recorded.',
    );
    const ids = room.request.mock.calls.map(
      ([, payload]) => (payload as { submissionId: string }).submissionId,
    );
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('asks for a choice before casting, and tells who is not eligible', async () => {
    const { room, user } = setUp('panelist', { current: [openVote()] });
    await user.click(await screen.findByRole('button', { name: 'Cast vote' }));
    expect(await screen.findByText('Choose an option, or abstain.')).toBeTruthy();
    expect(room.request).not.toHaveBeenCalled();
    cleanup();

    setUp('observer', {
      current: [openVote({ eligible: openVote().eligible.filter((v) => v.userId !== ME_ID) })],
    });
    expect(await screen.findByText(/You are not voting on this case/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cast vote' })).toBeNull();
  });

  it('lets the chair close the vote', async () => {
    const votes = { current: [openVote()] };
    const { room, user } = setUp('chair', votes);
    await user.click(await screen.findByRole('button', { name: 'Close vote…' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Close the vote?' }));
    expect(dialog.getByText(/2 members have not voted/)).toBeTruthy();

    votes.current = [closedVote()];
    room.request.mockResolvedValueOnce({ vote: closedVote() });
    await user.click(dialog.getByRole('button', { name: 'Close vote' }));
    expect(room.request).toHaveBeenCalledWith('vote:close', { voteId: VOTE_ID });
    expect(await screen.findByRole('heading', { name: 'Consensus on Option A' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    // The chair may draft the recommendation from the consensus.
    expect(await screen.findByRole('button', { name: 'Draft the recommendation' })).toBeTruthy();
  });

  it('shows the outcome as soon as the room announces the close', async () => {
    const votes = { current: [openVote()] };
    const { room } = setUp('panelist', votes);
    await screen.findByRole('button', { name: 'Cast vote' });
    votes.current = [closedVote()];
    room.emit('vote:closed', {
      voteId: VOTE_ID,
      outcome: { kind: 'consensus', optionId: OPTION_A, decidedBy: 'vote' },
      // The same tally as the REST client types it: specialties as their wire values.
      tally: consensusTally as unknown as VoteTallyView,
    });
    expect(await screen.findByRole('heading', { name: 'Consensus on Option A' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cast vote' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Draft the recommendation' })).toBeNull();
  });
});

describe('the results', { timeout: 20_000 }, () => {
  it('shows the outcome in words, the votes per option and per specialty', async () => {
    setUp('panelist', { current: [closedVote()] });
    expect(await screen.findByRole('heading', { name: 'Consensus on Option A' })).toBeTruthy();
    expect(screen.getByText(/3 of 4 votes for an option \(75%\)/)).toBeTruthy();

    const rows = within(screen.getByRole('list', { name: 'Votes per option' })).getAllByRole(
      'listitem',
    );
    expect(rows.map((row) => row.textContent)).toEqual([
      'Option A✓ Consensus3 votes75%Neoadjuvant chemo-immunotherapy, then lobectomy',
      'Option B1 vote25%Definitive chemoradiotherapy',
    ]);
    expect(screen.getByText(/eligible members voted/).textContent).toBe(
      '5 of 5 eligible members voted (100%)',
    );
    expect(screen.getByText(/Quorum met/).textContent).toBe('✓ Quorum met: 4 counted, 3 required');

    const table = within(screen.getByRole('table', { name: 'Votes by specialty' }));
    expect(table.getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Specialty',
      'Option A',
      'Option B',
      'Abstained',
      'Voted',
    ]);
    const cells = (name: string) =>
      within(table.getByRole('row', { name: new RegExp(`^${name}`) }))
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells('Medical oncology')).toEqual(['2', '0', '0', '2 of 2']);
    expect(cells('Pathology')).toEqual(['0', '0', '1', '1 of 1']);
    expect(cells('Radiation oncology')).toEqual(['0', '1', '0', '1 of 1']);
  });

  it('names a tie and a missing quorum', async () => {
    const tied = closedVote({
      results: {
        outcome: { kind: 'no_consensus', reason: 'tie', tiedOptionIds: [OPTION_A, OPTION_B] },
        tally: consensusTally,
        ballots: [],
        minorityOpinions: [],
      },
    });
    setUp('chair', { current: [tied] });
    expect(
      await screen.findByRole('heading', {
        name: 'No consensus: tie between Option A and Option B',
      }),
    ).toBeTruthy();
    expect(screen.getAllByText('= Tied')).toHaveLength(2);
    // Without consensus there is no recommendation to draft; the chair may refer the case.
    expect(screen.queryByRole('button', { name: 'Draft the recommendation' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Refer for an external opinion' })).toBeTruthy();
    cleanup();

    setUp('panelist', {
      current: [
        closedVote({
          results: {
            outcome: { kind: 'no_quorum' },
            tally: { ...consensusTally, quorum: { met: false, counted: 2, required: 3 } },
            ballots: [],
            minorityOpinions: [],
          },
        }),
      ],
    });
    expect(
      await screen.findByRole('heading', { name: 'No quorum: the vote decides nothing' }),
    ).toBeTruthy();
    expect(screen.getByText('2 ballots counted; the board requires 3.')).toBeTruthy();
    expect(screen.getByText(/Quorum not met/).textContent).toBe(
      '✕ Quorum not met: 2 counted, 3 required',
    );
  });

  it('takes a minority opinion from a member who voted for another option', async () => {
    const mine = closedVote({
      myBallot: { optionId: OPTION_B, comment: null, castAt: '2026-12-01T07:12:00.000Z' },
    });
    const { server, user } = setUp('panelist', { current: [mine] });
    server.on('POST', /^\/api\/v1\/votes\/[^/]+\/minority-opinions$/, (call: Call) =>
      json(
        closedVote({
          myBallot: mine.myBallot,
          results: {
            ...mine.results!,
            minorityOpinions: [
              {
                userId: ME_ID,
                displayName: 'Dana Oncologist',
                specialty: 'medical_oncology',
                text: (call.body as { text: string }).text,
                recordedAt: '2026-12-01T07:22:00.000Z',
              },
            ],
          },
        }),
        201,
      ),
    );
    await user.type(
      await screen.findByRole('textbox', { name: /Your minority opinion/ }),
      'N2 disease favours chemoradiotherapy.',
    );
    await user.click(screen.getByRole('button', { name: 'Record minority opinion' }));
    expect(await screen.findByText('N2 disease favours chemoradiotherapy.')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: /Your minority opinion/ })).toBeNull();
    expect(server.calls.find((call) => call.method === 'POST')?.body).toEqual({
      text: 'N2 disease favours chemoradiotherapy.',
    });
  });
});

describe('opening a vote', { timeout: 20_000 }, () => {
  it('checks the options by the server’s rules, then opens the vote in the room', async () => {
    const { room, user } = setUp('chair', { current: [] }, 'Surgery or chemoradiotherapy?');
    const question = (await screen.findByRole('textbox', {
      name: /Question/,
    })) as HTMLTextAreaElement;
    expect(question.value).toBe('Surgery or chemoradiotherapy?');

    await user.click(screen.getByRole('button', { name: 'Open the vote' }));
    expect(await screen.findAllByText('Describe the recommendation.')).toHaveLength(2);
    expect(screen.getAllByText('Choose the intent.')).toHaveLength(2);
    expect(screen.getAllByText('Choose at least one treatment.')).toHaveLength(2);
    expect(room.request).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Remove Option B' }));
    const option = within(screen.getByRole('group', { name: 'Option A' }));
    await user.type(option.getByRole('textbox', { name: /Recommendation/ }), '  Lobectomy  ');
    await user.click(option.getByRole('button', { name: /Intent/ }));
    await user.click(await screen.findByRole('option', { name: 'Curative' }));
    await user.click(option.getByRole('button', { name: /First treatment/ }));
    await user.click(await screen.findByRole('option', { name: 'Surgery' }));
    await user.click(option.getByRole('button', { name: /Then/ }));
    await user.click(await screen.findByRole('option', { name: 'Systemic therapy' }));
    // Chemotherapy first, then surgery.
    await user.click(option.getByRole('button', { name: 'Give Systemic therapy earlier' }));

    room.request.mockResolvedValueOnce({ vote: openVote() });
    await user.click(screen.getByRole('button', { name: 'Open the vote' }));
    await waitFor(() =>
      expect(room.request).toHaveBeenCalledWith('vote:open', {
        meetingId: MEETING_ID,
        question: 'Surgery or chemoradiotherapy?',
        options: [
          { text: 'Lobectomy', intent: 'curative', modalities: ['systemic_therapy', 'surgery'] },
        ],
      }),
    );
    expect((await screen.findByText(/ballots received$/)).textContent).toBe(
      '3 of 5 ballots received',
    );
  });

  it('says why the room refused to open it', async () => {
    const { room, user } = setUp('presenter', { current: [] });
    const option = within(await screen.findByRole('group', { name: 'Option A' }));
    await user.type(screen.getByRole('textbox', { name: /Question/ }), 'Which treatment?');
    await user.click(screen.getByRole('button', { name: 'Remove Option B' }));
    await user.type(option.getByRole('textbox', { name: /Recommendation/ }), 'Lobectomy');
    await user.click(option.getByRole('button', { name: /Intent/ }));
    await user.click(await screen.findByRole('option', { name: 'Curative' }));
    await user.click(option.getByRole('button', { name: /First treatment/ }));
    await user.click(await screen.findByRole('option', { name: 'Surgery' }));
    room.request.mockRejectedValueOnce(
      new LiveError('nothing_focused', 'focus the case to vote on first'),
    );
    await user.click(screen.getByRole('button', { name: 'Open the vote' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'No case is in discussion: the chair focuses the case to vote on first.',
    );
  });

  it('is offered only to the chair, presenters and coordinators', async () => {
    setUp('panelist', { current: [] });
    expect(await screen.findByText('No vote has been opened on this case yet.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Open a vote' })).toBeNull();
  });
});
