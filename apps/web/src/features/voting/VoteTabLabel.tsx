import { Badge } from '../../ui/Page';
import { useCaseVotesQuery } from './queries';

/**
 * The room's Vote tab names itself "Vote · open" while a vote on the focused case is open, and says
 * so to screen readers, so that someone reading the notes does not miss the call to vote.
 */
export function VoteTabLabel({ caseId }: { caseId: string | null }) {
  const votes = useCaseVotesQuery(caseId ?? '', caseId !== null);
  const open = votes.data?.some((vote) => vote.status === 'open') ?? false;
  return (
    <>
      Vote
      {open ? (
        <>
          {' '}
          <Badge tone="warning">open</Badge>
        </>
      ) : null}
      <span className="visually-hidden" role="status">
        {open ? 'A vote is open on the case in discussion.' : ''}
      </span>
    </>
  );
}
