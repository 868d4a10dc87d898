import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { TokenSource } from '../../api/client';
import { fromViewport } from './follow';
import type { ImagingFollow } from './ImagingFollow';
import { StudyViewer } from './StudyViewer';
import { StudyViewerScreen } from './StudyViewerScreen';

export interface SharedImagingProps {
  caseId: string;
  studyUid: string;
  title?: string;
  tokens: TokenSource;
  follow: ImagingFollow;
  /** The presenter, chair or a coordinator: may share this viewer with the room. */
  mayShare: boolean;
  /** A participant's name, for "Following Dr X". */
  nameOf: (userId: string) => string;
}

const BUTTON = 'btn btn-secondary btn-small';

/**
 * A study in the meeting room, shared or followed: the presenter's view goes to the room while
 * they share; a follower's viewer mirrors the share until they look around, and follows again
 * with one click. The viewer (StudyViewer) and the follow (ImagingFollow) do the work; this ties
 * them together and draws who is followed.
 */
export function SharedImaging({
  caseId,
  studyUid,
  title,
  tokens,
  follow,
  mayShare,
  nameOf,
}: SharedImagingProps) {
  const [viewer] = useState(
    () =>
      new StudyViewer({
        root: `/api/v1/imaging/cases/${encodeURIComponent(caseId)}/dicom-web`,
        studyUid,
        tokens,
      }),
  );
  const state = useSyncExternalStore(follow.subscribe, follow.getState);

  useEffect(() => {
    let current = true;
    const stops = [
      // Followers: each relayed view is shown; the shared series is loaded in the background.
      follow.onApply((view) => {
        if (current) void viewer.applyView(view);
      }),
      // Presenters: each change of the view goes to the room while sharing.
      viewer.subscribe(() => follow.send(viewer.currentView())),
    ];
    const { mode, latest } = follow.getState();
    if (mode === 'following' && latest?.viewport.studyInstanceUid === studyUid) {
      void viewer.applyView(fromViewport(latest.viewport));
    }
    return () => {
      current = false;
      for (const stop of stops) stop();
    };
  }, [follow, viewer, studyUid]);

  return (
    <StudyViewerScreen
      caseId={caseId}
      studyUid={studyUid}
      tokens={tokens}
      title={title}
      viewer={viewer}
      embedded
      banner={
        <FollowBanner
          follow={follow}
          mayShare={mayShare}
          onShare={() => follow.startSharing(viewer.currentView())}
          leader={state.latest ? nameOf(state.latest.from) : null}
          endedBy={state.ended && state.ended !== 'room' ? nameOf(state.ended) : null}
        />
      }
    />
  );
}

function FollowBanner({
  follow,
  mayShare,
  onShare,
  leader,
  endedBy,
}: {
  follow: ImagingFollow;
  mayShare: boolean;
  onShare: () => void;
  leader: string | null;
  /** Who ended the last share (their name), when none runs. */
  endedBy: string | null;
}) {
  const state = useSyncExternalStore(follow.subscribe, follow.getState);
  let text: ReactNode;
  let action: ReactNode = null;
  if (state.sharing) {
    text = 'You are sharing this viewer with the room.';
    action = (
      <Button className={BUTTON} onPress={() => follow.stopSharing()}>
        Stop sharing
      </Button>
    );
  } else if (state.mode === 'following' && leader) {
    text = (
      <>
        Following <strong>{leader}</strong>
      </>
    );
    action = (
      <Button className={BUTTON} onPress={() => follow.detach()}>
        Look around
      </Button>
    );
  } else if (state.mode === 'detached' && leader) {
    text = (
      <>
        Following <strong>{leader}</strong> — detached
      </>
    );
    action = (
      <Button className={BUTTON} onPress={() => void follow.follow()}>
        Follow again
      </Button>
    );
  } else if (endedBy) {
    text = (
      <>
        <strong>{endedBy}</strong> stopped sharing imaging.
      </>
    );
  } else {
    text = 'Nobody is sharing imaging.';
  }
  return (
    <div
      className="viewer-follow"
      role="status"
      data-mode={state.mode}
      data-sharing={state.sharing}
    >
      <p>{text}</p>
      <div className="viewer-follow-actions">
        {action}
        {mayShare && !state.sharing ? (
          <Button className="btn btn-primary btn-small" onPress={onShare}>
            Share with the room
          </Button>
        ) : null}
      </div>
      {state.problem ? (
        <p className="notice notice-error" role="alert">
          {state.problem}
        </p>
      ) : null}
    </div>
  );
}
