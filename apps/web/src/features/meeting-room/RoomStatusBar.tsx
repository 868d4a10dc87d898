import type { MeetingStateView } from '@app/contracts';
import type { LiveConnectionState } from '../../api/live';
import { Badge } from '../../ui/Page';
import { clock, readTimer, timerWords } from './timer';
import { MEETING_STATUS_LABELS, quorumWords } from './words';

/** The focused case's timer: time left, turning into the overrun once past its allotment. */
export function FocusTimer({
  meeting,
  receivedAt,
  now,
}: {
  meeting: MeetingStateView;
  receivedAt: number;
  now: number;
}) {
  const timer = meeting.timers.find((candidate) => candidate.itemId === meeting.focusedItemId);
  if (!timer) return null;
  const reading = readTimer(timer, receivedAt, now);
  return (
    <div
      className={`room-timer${reading.overrun ? ' is-overrun' : ''}`}
      role="timer"
      aria-label={timerWords(reading)}
    >
      <span className="room-timer-figure">
        {reading.overrun ? '+' : ''}
        {clock(reading.remaining)}
      </span>
      <span className="room-timer-words">{reading.overrun ? 'over time' : 'left'}</span>
    </div>
  );
}

export function MeetingStatusBadge({ status }: { status: MeetingStateView['status'] }) {
  const words = MEETING_STATUS_LABELS[status];
  return <Badge tone={words.tone}>{words.label}</Badge>;
}

/** Whether the room may decide: a banner naming what is missing, or a quiet line when quorate. */
export function QuorumBanner({ meeting }: { meeting: MeetingStateView }) {
  const { quorum } = meeting;
  if (quorum.quorate) {
    return (
      <p className="room-quorum is-quorate" role="status" data-quorate="true">
        <strong>Quorum met</strong> · {quorum.votingMembersPresent} voting member
        {quorum.votingMembersPresent === 1 ? '' : 's'} present
      </p>
    );
  }
  return (
    <p className="room-quorum" role="status" data-quorate="false">
      <strong>No quorum</strong> — {quorumWords(quorum) || quorum.reasons.join('; ')}
    </p>
  );
}

/** The room socket's trouble, said at the top of the room while it lasts. */
export function ConnectionBanner({ connection }: { connection: LiveConnectionState }) {
  if (connection.status === 'connected') return null;
  const ended = connection.status === 'ended';
  return (
    <div
      className={`room-connection${ended ? ' is-ended' : ''}`}
      role={ended ? 'alert' : 'status'}
      data-connection={connection.status}
    >
      {connection.status === 'connecting' ? <strong>Connecting to the meeting…</strong> : null}
      {connection.status === 'reconnecting' ? (
        <>
          <span className="spinner spinner-small" aria-hidden="true" />
          <strong>Reconnecting…</strong> The room will catch up with what happened meanwhile; your
          note edits are kept.
        </>
      ) : null}
      {ended ? <strong>{connection.problem ?? 'Disconnected from the meeting.'}</strong> : null}
    </div>
  );
}
