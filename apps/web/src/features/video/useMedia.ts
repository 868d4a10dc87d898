import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { MediaClient, type MediaSignalling, type MediaState } from './MediaClient';

/** What the components use of a media client (tests give them a fake of this shape). */
export type MediaController = Pick<
  MediaClient,
  | 'subscribe'
  | 'getState'
  | 'startPreview'
  | 'join'
  | 'leave'
  | 'retry'
  | 'setMicrophoneMuted'
  | 'setCameraOn'
  | 'startScreenShare'
  | 'stopScreenShare'
  | 'selectCamera'
  | 'selectMicrophone'
  | 'showTile'
  | 'hideTile'
>;

export function useMediaState(client: MediaController): MediaState {
  return useSyncExternalStore(client.subscribe, client.getState);
}

/**
 * The media client of one meeting for the room page: made once per live connection and meeting,
 * and left (transports closed, camera and microphone released) when the page goes away.
 */
export function useMediaClient(live: MediaSignalling, meetingId: string): MediaClient {
  const client = useMemo(() => new MediaClient(live, meetingId), [live, meetingId]);
  useEffect(() => () => void client.leave(), [client]);
  return client;
}
