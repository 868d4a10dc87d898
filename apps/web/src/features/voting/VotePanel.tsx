import { useState } from 'react';
import type { ActorLike } from '@app/contracts';
import { boardActor, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import type { BoardView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Badge, Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { OpenVote } from './Ballot';
import { useVoteTracker, type VoteLink } from './liveVotes';
import { OpenVoteForm } from './OpenVoteForm';
import { mayCloseVote, mayPropose } from './permissions';
import { useCaseVotesQuery, useVoteQuery } from './queries';
import { VoteResults } from './VoteResults';
import { CLOSE_REASON_WORDS, thresholdWords } from './words';
import './voting.css';

export interface VotePanelProps {
  /** The meeting's live connection: votes are opened, cast and closed through it. */
  live: VoteLink;
  meetingId: string;
  /** The case in discussion (the meeting's focused case); null when none is. */
  caseId: string | null;
  boardId: string;
  /** Whether the signed-in person is in the meeting room (only they may open a vote). */
  meLive: boolean;
  /** The case's question to the board, to start the first vote's question from. */
  caseQuestion?: string;
}

/**
 * Voting on the case in discussion: opening a vote, the blind ballot while it is open, and the
 * results once it closes. What the live room says about votes reaches the query cache through
 * the VoteTracker; this panel only draws the cache.
 */
export function VotePanel({
  live,
  meetingId,
  caseId,
  boardId,
  meLive,
  caseQuestion,
}: VotePanelProps) {
  useVoteTracker(live);
  const board = useBoardQuery(boardId);
  const me = useMe();
  return (
    <Card title="Vote" className="vote-panel">
      {caseId === null ? (
        <p className="muted">No case is in discussion. A vote is on the case the chair focuses.</p>
      ) : (
        <QueryView query={board} loadingLabel="Loading the board…">
          {(loaded) => (
            <CaseVote
              key={caseId}
              live={live}
              meetingId={meetingId}
              caseId={caseId}
              meLive={meLive}
              caseQuestion={caseQuestion ?? ''}
              board={loaded}
              actor={boardActor(me, loaded.myRole)}
              meId={me.id}
            />
          )}
        </QueryView>
      )}
    </Card>
  );
}

interface CaseVoteProps {
  live: VoteLink;
  meetingId: string;
  caseId: string;
  meLive: boolean;
  caseQuestion: string;
  board: BoardView;
  actor: ActorLike;
  meId: string;
}

/** The case's latest vote (earlier rounds stay on record), or opening the first one. */
function CaseVote(props: CaseVoteProps) {
  const votes = useCaseVotesQuery(props.caseId);
  return (
    <QueryView query={votes} loadingLabel="Loading the votes…">
      {(list) => {
        const latest = list.at(-1);
        if (latest) return <LatestVote key={latest.id} voteId={latest.id} {...props} />;
        if (!mayPropose(props.actor))
          return <p className="muted">No vote has been opened on this case yet.</p>;
        if (!props.meLive)
          return <p className="muted">Join the meeting to open a vote on this case.</p>;
        return (
          <section className="stack" aria-labelledby="open-vote-heading">
            <h3 id="open-vote-heading">Open a vote</h3>
            <OpenVoteForm
              live={props.live}
              meetingId={props.meetingId}
              question={props.caseQuestion}
            />
          </section>
        );
      }}
    </QueryView>
  );
}

function LatestVote({
  voteId,
  live,
  meetingId,
  caseId,
  meLive,
  board,
  actor,
  meId,
}: CaseVoteProps & { voteId: string }) {
  const query = useVoteQuery(voteId, caseId);
  const [newRound, setNewRound] = useState(false);
  return (
    <QueryView query={query} loadingLabel="Loading the vote…">
      {(vote) => (
        <div className="stack">
          <div className="vote-heading">
            <div className="vote-meta">
              <Badge tone={vote.status === 'open' ? 'info' : 'neutral'}>
                {vote.status === 'open' ? 'Voting open' : 'Closed'}
              </Badge>
              <span className="muted small">
                Round {vote.round} · opened {dateTimeInZone(vote.openedAt, board.timezone)}
                {vote.closedAt && vote.closeReason
                  ? ` · ${CLOSE_REASON_WORDS[vote.closeReason]} ${dateTimeInZone(vote.closedAt, board.timezone)}`
                  : ''}
              </span>
            </div>
            <p className="vote-question">{vote.question}</p>
            {vote.status === 'open' ? (
              <p className="muted small">
                Consensus needs {thresholdWords(board.votingPolicy.threshold)}.
              </p>
            ) : null}
          </div>
          {vote.status === 'open' ? (
            <OpenVote vote={vote} live={live} meId={meId} canClose={mayCloseVote(actor)} />
          ) : (
            <VoteResults vote={vote} actor={actor} meId={meId} timezone={board.timezone} />
          )}
          {vote.status === 'closed' && meLive && mayPropose(actor) ? (
            newRound ? (
              <section className="stack" aria-labelledby={`${vote.id}-new-round`}>
                <h3 id={`${vote.id}-new-round`}>Open round {vote.round + 1}</h3>
                <OpenVoteForm
                  live={live}
                  meetingId={meetingId}
                  question={vote.question}
                  options={vote.options}
                  onOpened={() => setNewRound(false)}
                  onCancel={() => setNewRound(false)}
                />
              </section>
            ) : (
              <div>
                <Button onPress={() => setNewRound(true)}>Open a new round…</Button>
              </div>
            )
          ) : null}
        </div>
      )}
    </QueryView>
  );
}
