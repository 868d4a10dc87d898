import { useState, type ReactNode } from 'react';
import type { MeetingStateView, RoomCommandName } from '@app/contracts';
import type { LiveConnectionState } from '../../api/live';
import { FormError } from '../../ui/fields';
import { Loading } from '../../ui/states';
import { AgendaRail } from './AgendaRail';
import { ChairControls } from './ChairControls';
import { PresenceList, SpeakingQueue } from './PresenceList';
import type { CommandOptions, RoomClient } from './RoomClient';
import { ConnectionBanner, FocusTimer, MeetingStatusBadge, QuorumBanner } from './RoomStatusBar';
import { useRoomState, useSecondTick } from './useRoom';
import './meeting-room.css';

export interface MeetingRoomProps {
  room: RoomClient;
  connection: LiveConnectionState;
  title: ReactNode;
  /** Above the title: the board, linked. */
  eyebrow: ReactNode;
  caseLabels: Record<string, string>;
  myUserId: string;
  /** The chair and coordinators run the meeting. */
  mayRunMeeting: boolean;
  /** Members other than observers ask for the floor. */
  mayRaiseHand: boolean;
  /** The video of the panel (drawn by the video feature). */
  video: ReactNode;
  /** The focused case's summary and records, beside the video. */
  focusedCase: (caseId: string) => ReactNode;
  /** Notes, voting and the recommendation, for the focused case (or the meeting when none). */
  side: (meeting: MeetingStateView) => ReactNode;
}

/**
 * One screen per live meeting: the agenda on the left, the panel's video and the focused case in
 * the middle, the shared notes, votes, speaking queue and who is present on the right. The chair's
 * controls are drawn only for those who may use them.
 */
export function MeetingRoom(props: MeetingRoomProps) {
  const { room, connection, mayRunMeeting, mayRaiseHand, caseLabels } = props;
  const state = useRoomState(room);
  const now = useSecondTick();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (command: RoomCommandName, options: CommandOptions = {}): Promise<void> => {
    const target = command === 'focus' ? options.itemId : options.userId;
    const key = target ? `${command}:${target}` : command;
    setPending(key);
    setError(null);
    try {
      await room.command(command, options);
    } catch (refused) {
      const message = refused instanceof Error ? refused.message : String(refused);
      setError(message);
      throw refused;
    } finally {
      setPending(null);
    }
  };
  const runQuietly = (command: RoomCommandName, options: CommandOptions = {}) =>
    void run(command, options).catch(() => undefined);

  if (state.status === 'refused') {
    // The server's words (ErrorState would replace a plain Error's message with a generic one).
    return (
      <div className="error-state" role="alert">
        <p className="error-title">You cannot join this meeting.</p>
        {state.problem ? <p>{state.problem}</p> : null}
      </div>
    );
  }
  const meeting = state.meeting;
  if (!meeting) {
    return (
      <>
        <ConnectionBanner connection={connection} />
        <Loading label="Joining the meeting…" />
      </>
    );
  }
  const focused = meeting.agenda.find((item) => item.itemId === meeting.focusedItemId) ?? null;
  return (
    <div className="room" data-meeting-status={meeting.status}>
      <header className="room-header">
        <div className="room-heading">
          <div className="eyebrow">{props.eyebrow}</div>
          <h1>
            {props.title} <MeetingStatusBadge status={meeting.status} />
          </h1>
        </div>
        <FocusTimer meeting={meeting} receivedAt={state.receivedAt} now={now} />
        {mayRunMeeting ? (
          <ChairControls meeting={meeting} caseLabels={caseLabels} run={run} pending={pending} />
        ) : null}
      </header>
      <FormError message={error} />
      <ConnectionBanner connection={connection} />
      {meeting.status === 'live' ? <QuorumBanner meeting={meeting} /> : null}
      {meeting.status === 'ended' ? (
        <p className="notice notice-info" role="status">
          This meeting has ended. Its notes, votes and recommendations stay available.
        </p>
      ) : null}
      <div className="room-body">
        <AgendaRail
          meeting={meeting}
          caseLabels={caseLabels}
          receivedAt={state.receivedAt}
          now={now}
          onFocus={mayRunMeeting ? (itemId) => runQuietly('focus', { itemId }) : undefined}
          pendingItemId={pending?.startsWith('focus:') ? pending.slice('focus:'.length) : null}
        />
        <main className="room-main" aria-label="Video and focused case">
          {props.video}
          {focused ? (
            props.focusedCase(focused.caseId)
          ) : (
            <p className="room-nothing-focused muted">
              {meeting.status === 'scheduled'
                ? 'The meeting has not started yet.'
                : 'No case is focused. The chair focuses the next case from the agenda.'}
            </p>
          )}
        </main>
        <aside className="room-side" aria-label="Notes, votes and participants">
          {props.side(meeting)}
          <SpeakingQueue
            meeting={meeting}
            myUserId={props.myUserId}
            mayRaiseHand={mayRaiseHand}
            mayRunMeeting={mayRunMeeting}
            onCommand={(command, userId) => runQuietly(command, userId ? { userId } : {})}
            pending={pending}
          />
          <PresenceList meeting={meeting} />
        </aside>
      </div>
    </div>
  );
}
