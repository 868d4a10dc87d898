import { useState } from 'react';
import type { BoardRoleValue } from '@app/contracts';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Page';
import { DevicePreview } from './DevicePreview';
import { mediaRights } from './devices';
import type { Participant } from './layout';
import { useMediaState, type MediaController } from './useMedia';
import { VideoGrid } from './VideoGrid';

export interface VideoPanelProps {
  client: MediaController;
  participants: readonly Participant[];
  selfUserId: string;
  /** One's role in this meeting: what one may send. */
  selfRole: BoardRoleValue;
}

/**
 * The meeting room's video: the device preview until one joins, then the grid. After leaving the
 * video the camera stays off until one asks to join again.
 */
export function VideoPanel({ client, participants, selfUserId, selfRole }: VideoPanelProps) {
  const state = useMediaState(client);
  const [previewing, setPreviewing] = useState(true);
  const rights = mediaRights(selfRole);
  if (state.status !== 'idle') {
    return (
      <VideoGrid
        client={client}
        participants={participants}
        selfUserId={selfUserId}
        canSend={rights.canSend}
        canShareScreen={rights.canShareScreen}
        onLeave={() => setPreviewing(false)}
      />
    );
  }
  if (!previewing) {
    return (
      <Card title="Video and sound" className="video-preview">
        <p>You left the video: your camera and microphone are off.</p>
        <Button variant="primary" onPress={() => setPreviewing(true)}>
          Join the video again
        </Button>
      </Card>
    );
  }
  return <DevicePreview client={client} canSend={rights.canSend} />;
}
