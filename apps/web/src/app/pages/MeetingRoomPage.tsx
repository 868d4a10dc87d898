import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { Link, useParams } from 'react-router';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import {
  BoardAction,
  BoardRole,
  mayOnBoard,
  type BoardRoleValue,
  type MeetingStateView,
} from '@app/contracts';
import { boardActor, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import { LiveConnection } from '../../api/live';
import type { BoardView, MeetingView } from '../../api/types';
import { useAgendaQuery } from '../../features/agenda/queries';
import { MeetingRoom } from '../../features/meeting-room/MeetingRoom';
import { useRoomClient } from '../../features/meeting-room/useRoom';
import { useMeetingQuery } from '../../features/meetings/queries';
import { NotesPanel } from '../../features/notes/NotesPanel';
import { useMediaClient } from '../../features/video/useMedia';
import { VideoPanel } from '../../features/video/VideoPanel';
import { RecommendationPanel } from '../../features/voting/RecommendationPanel';
import { VotePanel } from '../../features/voting/VotePanel';
import { VoteTabLabel } from '../../features/voting/VoteTabLabel';
import { QueryView } from '../../ui/states';
import { useSession } from '../session/SessionContext';
import type { Session } from '../session/session';
import { RoomCaseAndImaging, useImagingFollow } from './RoomCaseAndImaging';

/** Being in a live meeting is activity: the session is kept alive while the room is open. */
const PRESENCE_ACTIVITY_MS = 60_000;

/**
 * /meetings/:meetingId/room — the live board: the room (meeting-room) with the panel's video
 * (video), the focused case (cases) and its shared imaging (imaging), the shared notes (notes), and the vote and recommendation
 * (voting), all over one live connection that this page opens and closes.
 */
export function MeetingRoomPage() {
  const { meetingId = '' } = useParams();
  const meeting = useMeetingQuery(meetingId);
  return (
    <QueryView query={meeting} loadingLabel="Loading meeting…">
      {(view) => <RoomWithBoard meeting={view} />}
    </QueryView>
  );
}

function RoomWithBoard({ meeting }: { meeting: MeetingView }) {
  const board = useBoardQuery(meeting.boardId);
  const session = useSession();
  const live = useLiveConnection(session);
  return (
    <QueryView query={board} loadingLabel="Loading board…">
      {(view) => <Room meeting={meeting} board={view} live={live} session={session} />}
    </QueryView>
  );
}

/** The page's one connection to the live room: open while the page is, closed when it goes. */
function useLiveConnection(session: Session): LiveConnection {
  const live = useMemo(
    () =>
      new LiveConnection(session, {
        onSessionEnded: () => void session.logout('Your session has ended. Sign in again.'),
      }),
    [session],
  );
  useEffect(() => {
    live.connect();
    const activity = setInterval(() => session.markActivity(), PRESENCE_ACTIVITY_MS);
    return () => {
      clearInterval(activity);
      live.close();
    };
  }, [live, session]);
  return live;
}

function Room({
  meeting,
  board,
  live,
  session,
}: {
  meeting: MeetingView;
  board: BoardView;
  live: LiveConnection;
  session: Session;
}) {
  const me = useMe();
  const connection = useSyncExternalStore(live.subscribe, live.getState);
  const room = useRoomClient(live, meeting.id);
  const media = useMediaClient(live, meeting.id);
  useEffect(() => room.onJoined(() => media.roomJoined()), [room, media]);
  const follow = useImagingFollow(live, room, meeting.id, me.id);
  const presence = useSyncExternalStore(
    room.subscribe,
    () => room.getState().meeting?.presence ?? NO_PRESENCE,
  );
  const nameOf = (userId: string) =>
    presence.find((entry) => entry.userId === userId)?.displayName ?? 'the presenter';

  const agenda = useAgendaQuery(meeting.id);
  const roomAgenda = useSyncExternalStore(room.subscribe, () =>
    room
      .getState()
      .meeting?.agenda.map((item) => `${item.itemId}:${item.status}`)
      .join(','),
  );
  const refetchAgenda = agenda.refetch;
  useEffect(() => {
    if (roomAgenda) void refetchAgenda();
  }, [roomAgenda, refetchAgenda]);
  const caseLabels = Object.fromEntries(
    [...(agenda.data?.items ?? []), ...(agenda.data?.deferred ?? [])].map((item) => [
      item.caseId,
      item.patientRef,
    ]),
  );

  const actor = boardActor(me, board.myRole);
  const role = board.myRole ?? BoardRole.Observer;
  const mayRaiseHand = board.myRole !== null && board.myRole !== BoardRole.Observer;
  return (
    <MeetingRoom
      room={room}
      connection={connection}
      title={meeting.title}
      eyebrow={
        <>
          <Link to={`/boards/${board.id}`}>{board.name}</Link> ·{' '}
          <Link to={`/meetings/${meeting.id}`}>Agenda</Link>
        </>
      }
      caseLabels={caseLabels}
      myUserId={me.id}
      mayRunMeeting={mayOnBoard(actor, BoardAction.RunMeeting)}
      mayRaiseHand={mayRaiseHand}
      video={<VideoPanelFor media={media} room={room} selfUserId={me.id} selfRole={role} />}
      focusedCase={(caseId) => (
        <RoomCaseAndImaging
          caseId={caseId}
          follow={follow}
          session={session}
          mayShare={board.myRole !== null && IMAGING_SHARERS.has(board.myRole)}
          nameOf={nameOf}
        />
      )}
      side={(state) => (
        <SidePanels
          state={state}
          live={live}
          boardId={board.id}
          meLive={state.presence.some((entry) => entry.userId === me.id)}
          session={session}
        />
      )}
    />
  );
}

function VideoPanelFor({
  media,
  room,
  selfUserId,
  selfRole,
}: {
  media: ReturnType<typeof useMediaClient>;
  room: ReturnType<typeof useRoomClient>;
  selfUserId: string;
  selfRole: BoardRoleValue;
}) {
  const presence = useSyncExternalStore(
    room.subscribe,
    () => room.getState().meeting?.presence ?? NO_PRESENCE,
  );
  return (
    <VideoPanel
      client={media}
      participants={presence}
      selfUserId={selfUserId}
      selfRole={selfRole}
    />
  );
}

const NO_PRESENCE: MeetingStateView['presence'] = [];

/** Who may share imaging with the room (the server's rule for `imaging:share`). */
const IMAGING_SHARERS = new Set<BoardRoleValue>([
  BoardRole.Presenter,
  BoardRole.Chair,
  BoardRole.Coordinator,
]);

/** The focused case's notes and the minutes; the vote on it; its recommendation. */
function SidePanels({
  state,
  live,
  boardId,
  meLive,
  session,
}: {
  state: MeetingStateView;
  live: LiveConnection;
  boardId: string;
  meLive: boolean;
  session: Session;
}) {
  const caseId = state.agenda.find((item) => item.itemId === state.focusedItemId)?.caseId ?? null;
  return (
    <Tabs className="room-tabs">
      <TabList className="room-tablist" aria-label="Notes, vote and recommendation">
        <Tab id="notes" className="room-tab">
          Notes
        </Tab>
        <Tab id="vote" className="room-tab">
          <VoteTabLabel caseId={caseId} />
        </Tab>
        <Tab id="recommendation" className="room-tab">
          Recommendation
        </Tab>
      </TabList>
      <TabPanel id="notes" shouldForceMount className="room-tabpanel">
        <NotesPanel caseId={caseId} meetingId={state.meetingId} tokens={session} />
      </TabPanel>
      <TabPanel id="vote" shouldForceMount className="room-tabpanel">
        <VotePanel
          live={live}
          meetingId={state.meetingId}
          caseId={caseId}
          boardId={boardId}
          meLive={meLive}
        />
      </TabPanel>
      <TabPanel id="recommendation" shouldForceMount className="room-tabpanel">
        {caseId ? (
          <RecommendationPanel caseId={caseId} boardId={boardId} tokens={session} />
        ) : (
          <p className="muted">The recommendation of the focused case shows here.</p>
        )}
      </TabPanel>
    </Tabs>
  );
}
