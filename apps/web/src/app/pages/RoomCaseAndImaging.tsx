import { lazy, Suspense, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs, type Key } from 'react-aria-components';
import type { LiveConnection } from '../../api/live';
import { FocusedCase } from '../../features/cases/FocusedCase';
import { useCaseQuery } from '../../features/cases/queries';
import { ImagingFollow } from '../../features/imaging/ImagingFollow';
import type { RoomClient } from '../../features/meeting-room/RoomClient';
import type { Session } from '../session/session';

/** Cornerstone is large: the viewer's code loads when the Imaging tab first opens. */
const SharedImaging = lazy(async () => ({
  default: (await import('../../features/imaging/SharedImaging')).SharedImaging,
}));

/** The room's shared imaging: listening from the page's start, rejoined with the room. */
export function useImagingFollow(
  live: LiveConnection,
  room: RoomClient,
  meetingId: string,
  myUserId: string,
): ImagingFollow {
  const follow = useMemo(
    () => new ImagingFollow(live, meetingId, myUserId),
    [live, meetingId, myUserId],
  );
  useEffect(() => {
    follow.start();
    const stop = room.onJoined(() => follow.roomJoined());
    return () => {
      stop();
      follow.stop();
    };
  }, [follow, room]);
  return follow;
}

interface ImagingPanelProps {
  caseId: string;
  follow: ImagingFollow;
  session: Session;
  /** The presenter, the chair or a coordinator: may share the viewer with the room. */
  mayShare: boolean;
  nameOf: (userId: string) => string;
}

/**
 * The focused case beside the video, as two tabs: the case (summary and records) and its imaging,
 * the viewer the presenter shares and the others follow.
 */
export function RoomCaseAndImaging({
  caseId,
  follow,
  session,
  mayShare,
  nameOf,
}: ImagingPanelProps) {
  const state = useSyncExternalStore(follow.subscribe, follow.getState);
  const shared = state.latest && !state.sharing ? state.latest : null;
  const [tab, setTab] = useState<Key>('case');
  // A share beginning (or changing hands) brings its follower to the images; later updates of
  // the same share, or a follower looking around, leave the tab they chose alone.
  const leader = state.mode === 'following' && shared ? shared.from : null;
  const [followed, setFollowed] = useState<string | null>(null);
  if (leader !== followed) {
    setFollowed(leader);
    if (leader) setTab('imaging');
  }
  return (
    <Tabs className="room-tabs" selectedKey={tab} onSelectionChange={setTab}>
      <TabList className="room-tablist" aria-label="Focused case and imaging">
        <Tab id="case" className="room-tab">
          Case
        </Tab>
        <Tab id="imaging" className="room-tab">
          {shared ? `Imaging · shared by ${nameOf(shared.from)}` : 'Imaging'}
        </Tab>
      </TabList>
      <TabPanel id="case" className="room-tabpanel">
        <FocusedCase caseId={caseId} />
      </TabPanel>
      <TabPanel id="imaging" className="room-tabpanel">
        <CaseImaging
          caseId={caseId}
          follow={follow}
          session={session}
          mayShare={mayShare}
          nameOf={nameOf}
        />
      </TabPanel>
    </Tabs>
  );
}

function CaseImaging({ caseId, follow, session, mayShare, nameOf }: ImagingPanelProps) {
  const detail = useCaseQuery(caseId);
  const state = useSyncExternalStore(follow.subscribe, follow.getState);
  const studies = (detail.data?.records ?? []).flatMap((record) =>
    record.dicom ? [{ uid: record.dicom.studyInstanceUid, title: record.title }] : [],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  // Following, or detached from, a share: its study (looking around stays in the same study), and
  // it stays on screen when the share ends.
  const sharedUid =
    state.mode !== 'idle' && !state.sharing ? state.latest?.viewport.studyInstanceUid : null;
  if (sharedUid && sharedUid !== chosen && studies.some((entry) => entry.uid === sharedUid)) {
    setChosen(sharedUid);
  }
  const study =
    studies.find((entry) => entry.uid === sharedUid) ??
    studies.find((entry) => entry.uid === chosen) ??
    studies[0];
  if (detail.isPending) return <p className="muted">Loading the case…</p>;
  if (!study) return <p className="muted">No imaging study is linked to this case.</p>;
  return (
    <div className="stack">
      {studies.length > 1 ? (
        <div className="viewer-group viewer-studies" role="group" aria-label="Linked studies">
          {studies.map((entry) => (
            <Button
              key={entry.uid}
              className="btn btn-secondary btn-small"
              aria-pressed={entry.uid === study.uid}
              onPress={() => setChosen(entry.uid)}
            >
              {entry.title}
            </Button>
          ))}
        </div>
      ) : null}
      <Suspense fallback={<p className="muted">Loading the viewer…</p>}>
        <SharedImaging
          key={`${caseId}/${study.uid}`}
          caseId={caseId}
          studyUid={study.uid}
          title={study.title}
          tokens={session}
          follow={follow}
          mayShare={mayShare}
          nameOf={nameOf}
        />
      </Suspense>
    </div>
  );
}
