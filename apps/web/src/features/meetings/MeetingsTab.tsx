import { useState } from 'react';
import { useParams } from 'react-router';
import { BoardAction, mayOnBoard } from '@app/contracts';
import { boardActor, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import type { BoardView, MeetingSeriesView, MeetingView } from '../../api/types';
import { Button, ButtonLink } from '../../ui/Button';
import { Card } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { dateTimeInZone, durationMinutes, zoneName } from '../../ui/time';
import { CalendarFeeds } from './CalendarFeeds';
import { CancelMeetingDialog } from './CancelMeetingDialog';
import { MoveMeetingDialog } from './MoveMeetingDialog';
import { usePastMeetings, useUpcomingMeetings } from './queries';
import { ScheduleMeetingDialog } from './ScheduleMeetingDialog';
import { minutesInWords, monthLabel } from './wallClock';
import { MeetingStatusBadge, moveSummary } from './words';
import './meetings.css';

/** The board's meetings (index tab of /boards/:boardId): upcoming by month, past on demand. */
export function MeetingsTab() {
  const { boardId = '' } = useParams();
  const board = useBoardQuery(boardId);
  return (
    <QueryView query={board} loadingLabel="Loading meetings…">
      {(view) => <Meetings board={view} />}
    </QueryView>
  );
}

type Editing = { kind: 'move' | 'cancel'; meeting: MeetingView } | null;

function Meetings({ board }: { board: BoardView }) {
  const me = useMe();
  const canManage = mayOnBoard(boardActor(me, board.myRole), BoardAction.ManageMeetings);
  const upcoming = useUpcomingMeetings(board.id);
  const [showPast, setShowPast] = useState(false);
  const past = usePastMeetings(board.id, showPast);
  const [scheduling, setScheduling] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const zone = board.timezone;

  const scheduled = (series: MeetingSeriesView) => {
    const [first] = series.meetings;
    const count = series.meetings.length;
    setNotice(
      first
        ? `Scheduled ${count === 1 ? 'the meeting' : `${count} meetings`} “${series.title}”, ${
            count === 1 ? 'on' : 'the first on'
          } ${dateTimeInZone(first.startsAt, zone)}.`
        : `Scheduled “${series.title}”.`,
    );
  };

  return (
    <>
      <Card
        title="Upcoming meetings"
        actions={
          canManage ? (
            <Button variant="primary" onPress={() => setScheduling(true)}>
              Schedule a meeting
            </Button>
          ) : null
        }
      >
        <p className="muted small">Times in {zoneName(zone)}, the board’s time zone.</p>
        <div role="status" aria-live="polite">
          {notice ? <p className="notice notice-success">{notice}</p> : null}
        </div>
        <QueryView query={upcoming} loadingLabel="Loading upcoming meetings…">
          {(meetings) =>
            meetings.length === 0 ? (
              <Empty title="No meetings scheduled.">
                {canManage
                  ? 'Schedule one, or a weekly, fortnightly or monthly series.'
                  : 'Meetings appear here once the board’s coordinator schedules them.'}
              </Empty>
            ) : (
              <MonthGroups meetings={meetings} canManage={canManage} onEdit={setEditing} />
            )
          }
        </QueryView>
      </Card>

      <Card
        title="Past meetings"
        actions={
          <Button
            variant="secondary"
            onPress={() => setShowPast((shown) => !shown)}
            aria-expanded={showPast}
          >
            {showPast ? 'Hide past meetings' : 'Show past meetings'}
          </Button>
        }
      >
        {showPast ? (
          <QueryView query={past} loadingLabel="Loading past meetings…">
            {(meetings) =>
              meetings.length === 0 ? (
                <Empty title="No meetings in the past year." />
              ) : (
                <>
                  <p className="muted small">The past twelve months, most recent first.</p>
                  <MonthGroups meetings={meetings} canManage={false} onEdit={setEditing} />
                </>
              )
            }
          </QueryView>
        ) : (
          <p className="muted">Meetings of the past twelve months, with their agendas.</p>
        )}
      </Card>

      <CalendarFeeds board={board} />

      {canManage ? (
        <ScheduleMeetingDialog
          board={board}
          isOpen={scheduling}
          onOpenChange={setScheduling}
          onScheduled={scheduled}
        />
      ) : null}
      {editing?.kind === 'move' ? (
        <MoveMeetingDialog
          meeting={editing.meeting}
          isOpen
          onOpenChange={(open) => (open ? null : setEditing(null))}
          onMoved={(moved) => setNotice(moveSummary(editing.meeting, moved))}
        />
      ) : null}
      {editing?.kind === 'cancel' ? (
        <CancelMeetingDialog
          meeting={editing.meeting}
          isOpen
          onOpenChange={(open) => (open ? null : setEditing(null))}
          onCancelled={(cancelled) =>
            setNotice(
              `Cancelled “${cancelled.title}” of ${dateTimeInZone(cancelled.startsAt, zone)}.`,
            )
          }
        />
      ) : null}
    </>
  );
}

/** Meetings under a heading per month of their local start (in the board's zone). */
function MonthGroups({
  meetings,
  canManage,
  onEdit,
}: {
  meetings: MeetingView[];
  canManage: boolean;
  onEdit: (editing: Editing) => void;
}) {
  const groups = new Map<string, MeetingView[]>();
  for (const meeting of meetings) {
    const month = meeting.localStart.slice(0, 7);
    groups.set(month, [...(groups.get(month) ?? []), meeting]);
  }
  return (
    <div className="stack">
      {[...groups].map(([month, list]) => (
        <section key={month} aria-label={monthLabel(month)}>
          <h3 className="meetings-month">{monthLabel(month)}</h3>
          <ul className="list-plain list-rows">
            {list.map((meeting) => (
              <MeetingRow
                key={meeting.id}
                meeting={meeting}
                canManage={canManage}
                onEdit={onEdit}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function MeetingRow({
  meeting,
  canManage,
  onEdit,
}: {
  meeting: MeetingView;
  canManage: boolean;
  onEdit: (editing: Editing) => void;
}) {
  const zone = meeting.timezone;
  const when = dateTimeInZone(meeting.startsAt, zone);
  const minutes = durationMinutes(meeting.startsAt, meeting.endsAt);
  const editable = canManage && meeting.status === 'scheduled';
  return (
    <li
      className={`meetings-row${meeting.status === 'cancelled' ? ' meetings-row-cancelled' : ''}`}
    >
      <div className="meetings-row-main">
        <div className="meetings-row-title">
          <span className="meetings-title">{meeting.title}</span>
          <MeetingStatusBadge status={meeting.status} />
        </div>
        <div>
          {when} · {minutesInWords(minutes)}
        </div>
        {meeting.status === 'cancelled' && meeting.cancelledReason ? (
          <div className="small">Cancelled: {meeting.cancelledReason}</div>
        ) : null}
        {meeting.movedFrom ? (
          <div className="small muted">Moved from {dateTimeInZone(meeting.movedFrom, zone)}</div>
        ) : null}
      </div>
      <div className="meetings-row-actions">
        <ButtonLink
          href={`/meetings/${meeting.id}`}
          size="small"
          variant="secondary"
          aria-label={`Agenda of ${meeting.title}, ${when}`}
        >
          Agenda
        </ButtonLink>
        {editable ? (
          <>
            <Button
              size="small"
              variant="quiet"
              onPress={() => onEdit({ kind: 'move', meeting })}
              aria-label={`Move ${meeting.title}, ${when}`}
            >
              Move
            </Button>
            <Button
              size="small"
              variant="quiet"
              onPress={() => onEdit({ kind: 'cancel', meeting })}
              aria-label={`Cancel ${meeting.title}, ${when}`}
            >
              Cancel
            </Button>
          </>
        ) : null}
      </div>
    </li>
  );
}
