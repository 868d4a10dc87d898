import { useState } from 'react';
import { ToggleButton, Toolbar } from 'react-aria-components';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { DeviceFields } from './DeviceFields';
import type { MediaState } from './MediaClient';
import type { MediaController } from './useMedia';

const TOGGLE_CLASS = 'btn btn-secondary video-toggle';

export interface MediaControlsProps {
  client: MediaController;
  state: MediaState;
  canSend: boolean;
  canShareScreen: boolean;
  /** After "Leave video": the page may show something else than the device preview. */
  onLeave?: () => void;
}

/**
 * The video's controls: microphone and camera toggles (pressed = muted / off), screen sharing
 * for those allowed, device settings, and leaving the video.
 */
export function MediaControls({
  client,
  state,
  canSend,
  canShareScreen,
  onLeave,
}: MediaControlsProps) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  const { local } = state;
  return (
    <>
      <Toolbar className="video-controls" aria-label="Video controls">
        {canSend ? (
          <>
            <ToggleButton
              className={TOGGLE_CLASS}
              isSelected={local.microphoneMuted}
              onChange={(muted) => void client.setMicrophoneMuted(muted)}
            >
              Mute microphone
            </ToggleButton>
            <ToggleButton
              className={TOGGLE_CLASS}
              isSelected={!local.cameraOn}
              onChange={(off) => void client.setCameraOn(!off)}
            >
              Turn off camera
            </ToggleButton>
          </>
        ) : null}
        {canShareScreen ? (
          <ToggleButton
            className={TOGGLE_CLASS}
            isSelected={local.sharing}
            isDisabled={state.status !== 'connected'}
            onChange={(share) =>
              void (share ? client.startScreenShare() : client.stopScreenShare())
            }
          >
            Share screen
          </ToggleButton>
        ) : null}
        {canSend ? <Button onPress={() => setSettingsOpen(true)}>Device settings</Button> : null}
        <Button
          variant="danger"
          onPress={() => {
            void client.leave();
            onLeave?.();
          }}
        >
          Leave video
        </Button>
      </Toolbar>
      <Dialog title="Device settings" isOpen={settingsOpen} onOpenChange={setSettingsOpen}>
        <DeviceFields client={client} state={state} />
        <div className="dialog-actions">
          <Button variant="primary" onPress={() => setSettingsOpen(false)}>
            Done
          </Button>
        </div>
      </Dialog>
    </>
  );
}
