import { useState } from 'react';
import { Link } from 'react-router';
import { BoardAction, mayOnBoard } from '@app/contracts';
import { boardActor } from '../../api/board-queries';
import { useMe } from '../../api/context';
import type { BoardView, MeetingView } from '../../api/types';
import { Button, ButtonLink } from '../../ui/Button';
import { PageHeader } from '../../ui/Page';
import { dateTimeInZone, durationMinutes } from '../../ui/time';
import { CancelMeetingDialog } from './CancelMeetingDialog';
import { MoveMeetingDialog } from './MoveMeetingDialog';
import { minutesInWords } from './wallClock';
import { MeetingStatusBadge, moveSummary } from './words';
import './meetings.css';

/** A meeting's heading: its board, title, time in the board's zone, length and status. */
export function MeetingHeader({ meeting, board }: { meeting: MeetingView; board: BoardView }) {
  const me = useMe();
  const canManage = mayOnBoard(boardActor(me, board.myRole), BoardAction.ManageMeetings);
  const [editing, setEditing] = useState<'move' | 'cancel' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const zone = meeting.timezone;
  const editable = canManage && meeting.status === 'scheduled';
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link to={`/boards/${board.id}`}>{board.name}</Link> · Meeting
          </>
        }
        title={meeting.title}
        subtitle={
          <span className="meetings-header-facts">
            <span>{dateTimeInZone(meeting.startsAt, zone)}</span>
            <span>{minutesInWords(durationMinutes(meeting.startsAt, meeting.endsAt))}</span>
            <MeetingStatusBadge status={meeting.status} />
          </span>
        }
        actions={
          <>
            {meeting.status === 'scheduled' || meeting.status === 'live' ? (
              <ButtonLink variant="primary" href={`/meetings/${meeting.id}/room`}>
                {meeting.status === 'live' ? 'Join the meeting room' : 'Open the meeting room'}
              </ButtonLink>
            ) : null}
            {editable ? (
              <>
                <Button variant="secondary" onPress={() => setEditing('move')}>
                  Move meeting
                </Button>
                <Button variant="secondary" onPress={() => setEditing('cancel')}>
                  Cancel meeting
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <div role="status" aria-live="polite">
        {notice ? <p className="notice notice-success">{notice}</p> : null}
      </div>
      {meeting.status === 'cancelled' ? (
        <p className="notice notice-warning">
          This meeting was cancelled{meeting.cancelledReason ? `: ${meeting.cancelledReason}` : '.'}
        </p>
      ) : null}
      {meeting.movedFrom ? (
        <p className="muted small">Moved from {dateTimeInZone(meeting.movedFrom, zone)}.</p>
      ) : null}
      {editing === 'move' ? (
        <MoveMeetingDialog
          meeting={meeting}
          isOpen
          onOpenChange={(open) => (open ? null : setEditing(null))}
          onMoved={(moved) => setNotice(moveSummary(meeting, moved))}
        />
      ) : null}
      {editing === 'cancel' ? (
        <CancelMeetingDialog
          meeting={meeting}
          isOpen
          onOpenChange={(open) => (open ? null : setEditing(null))}
          onCancelled={() => setNotice('The meeting is cancelled.')}
        />
      ) : null}
    </>
  );
}
