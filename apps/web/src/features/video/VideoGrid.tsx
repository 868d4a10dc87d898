import { useState } from 'react';
import { Button } from '../../ui/Button';
import { roleLabel, specialtyLabel } from '../../ui/words';
import { gridPage, PAGE_SIZE, type Participant } from './layout';
import type { MediaState, RemotePeer } from './MediaClient';
import { MediaControls } from './MediaControls';
import { TrackAudio } from './TrackMedia';
import { useMediaState, type MediaController } from './useMedia';
import { VideoTile } from './VideoTile';
import './video.css';

export interface VideoGridProps {
  client: MediaController;
  /** Who is in the meeting (the room's presence list): one tile each. */
  participants: readonly Participant[];
  selfUserId: string;
  /** Not an observer: may send camera and microphone. */
  canSend: boolean;
  /** The presenter, the chair and coordinators may share their screen. */
  canShareScreen: boolean;
  pageSize?: number;
  /** Called when the user leaves the video. */
  onLeave?: () => void;
}

function detailOf(participant: Participant | undefined): string | undefined {
  if (!participant) return undefined;
  return `${roleLabel(participant.role)} · ${specialtyLabel(participant.specialty)}`;
}

function columnsFor(count: number): number {
  if (count <= 1) return 1;
  if (count <= 4) return 2;
  if (count <= 9) return 3;
  return 4;
}

function StatusLine({ client, state }: { client: MediaController; state: MediaState }) {
  const problems = [
    state.devices.cameraProblem,
    state.devices.microphoneProblem,
    state.shareProblem,
  ].filter((problem): problem is string => problem !== null);
  return (
    <>
      {state.status === 'joining' || state.status === 'recovering' ? (
        <p className="video-status" role="status">
          <span className="spinner spinner-small" aria-hidden="true" />
          {state.problem ??
            (state.status === 'joining' ? 'Connecting the video…' : 'Reconnecting the video…')}
        </p>
      ) : null}
      {state.status === 'failed' ? (
        <div className="video-status video-status-failed" role="alert">
          <p>{state.problem ?? 'The video could not connect.'}</p>
          <Button size="small" onPress={() => void client.retry()}>
            Try again
          </Button>
        </div>
      ) : null}
      {problems.length > 0 ? (
        <div className="video-problems" role="alert">
          {problems.map((problem) => (
            <p key={problem}>{problem}</p>
          ))}
        </div>
      ) : null}
    </>
  );
}

/**
 * The meeting's video: a shared screen large on a stage, everyone present in pages of tiles
 * (oneself first, the active speaker added from another page), the sound of everyone, and the
 * controls. Each tile tells the media client that it is on screen, so only those videos are
 * received.
 */
export function VideoGrid({
  client,
  participants,
  selfUserId,
  canSend,
  canShareScreen,
  pageSize = PAGE_SIZE,
  onLeave,
}: VideoGridProps) {
  const state = useMediaState(client);
  const [page, setPage] = useState(0);
  const { local } = state;
  const layout = gridPage({
    participants,
    selfUserId,
    activeSpeakerId: state.activeSpeakerId,
    page,
    pageSize,
  });
  const peers = new Map(state.peers.map((peer) => [peer.userId, peer]));
  const people = new Map(participants.map((participant) => [participant.userId, participant]));
  const nameOf = (userId: string) => people.get(userId)?.displayName ?? 'A participant';
  const screens = state.peers.filter(
    (peer): peer is RemotePeer & { screen: NonNullable<RemotePeer['screen']> } =>
      peer.screen !== null && peer.userId !== selfUserId,
  );
  const staged = screens.length > 0 || local.sharing;

  const cameraTile = (participant: Participant, spotlight: boolean) => {
    const { userId } = participant;
    const speaking = state.activeSpeakerId === userId;
    if (userId === selfUserId) {
      return (
        <VideoTile
          key={`camera-${userId}`}
          client={client}
          userId={userId}
          source="camera"
          name={participant.displayName}
          detail={detailOf(participant)}
          track={local.cameraOn ? local.cameraTrack : null}
          self
          speaking={speaking}
          audio={!canSend ? 'none' : local.microphoneMuted ? 'muted' : 'on'}
          cameraOff={canSend && !local.cameraOn}
          quality={state.quality.local}
          spotlight={spotlight}
        />
      );
    }
    const peer = peers.get(userId);
    const camera = peer?.camera ?? null;
    return (
      <VideoTile
        key={`camera-${userId}`}
        client={client}
        userId={userId}
        source="camera"
        name={participant.displayName}
        detail={detailOf(participant)}
        track={camera && !camera.paused ? camera.track : null}
        speaking={speaking}
        audio={!peer?.audio ? 'none' : peer.audio.paused ? 'muted' : 'on'}
        cameraOff={!camera || camera.paused}
        quality={state.quality.peers[userId] ?? 'unknown'}
        spotlight={spotlight}
      />
    );
  };

  const tileCount = layout.tiles.length + (layout.spotlight ? 1 : 0);
  return (
    <section className={`video${staged ? ' video-staged' : ''}`} aria-label="Video">
      <StatusLine client={client} state={state} />
      {staged ? (
        <div className="video-stage">
          {local.sharing ? (
            <VideoTile
              client={client}
              userId={selfUserId}
              source="screen"
              name={`${nameOf(selfUserId)}: your screen`}
              track={null}
              self
              audio="on"
              quality="unknown"
            >
              <div className="video-tile-notice">
                <p>You are sharing your screen.</p>
                <Button size="small" onPress={() => void client.stopScreenShare()}>
                  Stop sharing
                </Button>
              </div>
            </VideoTile>
          ) : null}
          {screens.map((peer) => (
            <VideoTile
              key={`screen-${peer.userId}`}
              client={client}
              userId={peer.userId}
              source="screen"
              name={`${nameOf(peer.userId)}: shared screen`}
              track={peer.screen.paused ? null : peer.screen.track}
              audio="on"
              quality={state.quality.peers[peer.userId] ?? 'unknown'}
            />
          ))}
        </div>
      ) : null}
      <div
        className={`video-grid video-grid-cols-${staged ? 'strip' : columnsFor(tileCount)}`}
        aria-label={
          layout.pageCount > 1
            ? `Participants, page ${layout.page + 1} of ${layout.pageCount}`
            : 'Participants'
        }
        role="group"
      >
        {layout.spotlight ? cameraTile(layout.spotlight, true) : null}
        {layout.tiles.map((participant) => cameraTile(participant, false))}
      </div>
      {layout.pageCount > 1 ? (
        <nav className="video-pager" aria-label="Participant pages">
          <Button
            size="small"
            isDisabled={layout.page === 0}
            onPress={() => setPage(layout.page - 1)}
          >
            Previous page
          </Button>
          <span aria-live="polite">
            Page {layout.page + 1} of {layout.pageCount}
          </span>
          <Button
            size="small"
            isDisabled={layout.page >= layout.pageCount - 1}
            onPress={() => setPage(layout.page + 1)}
          >
            Next page
          </Button>
        </nav>
      ) : null}
      <MediaControls
        client={client}
        state={state}
        canSend={canSend}
        canShareScreen={canShareScreen}
        onLeave={onLeave}
      />
      <div className="video-audio">
        {state.peers.map((peer) =>
          peer.audio?.track ? (
            <TrackAudio key={peer.audio.producerId} track={peer.audio.track} userId={peer.userId} />
          ) : null,
        )}
      </div>
    </section>
  );
}
