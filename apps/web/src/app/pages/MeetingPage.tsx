import { useParams } from 'react-router';
import { useBoardQuery } from '../../api/board-queries';
import type { MeetingView } from '../../api/types';
import { AgendaBuilder } from '../../features/agenda/AgendaBuilder';
import { MeetingHeader } from '../../features/meetings/MeetingHeader';
import { useMeetingQuery } from '../../features/meetings/queries';
import { QueryView } from '../../ui/states';

/** /meetings/:meetingId — the meeting's heading (meetings) above its agenda builder (agenda). */
export function MeetingPage() {
  const { meetingId = '' } = useParams();
  const meeting = useMeetingQuery(meetingId);
  return (
    <div className="page">
      <QueryView query={meeting} loadingLabel="Loading meeting…">
        {(view) => <MeetingWithBoard meeting={view} />}
      </QueryView>
    </div>
  );
}

function MeetingWithBoard({ meeting }: { meeting: MeetingView }) {
  const board = useBoardQuery(meeting.boardId);
  return (
    <QueryView query={board} loadingLabel="Loading board…">
      {(view) => (
        <>
          <MeetingHeader meeting={meeting} board={view} />
          <AgendaBuilder meeting={meeting} board={view} />
        </>
      )}
    </QueryView>
  );
}
