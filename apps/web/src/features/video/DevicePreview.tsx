import { useEffect } from 'react';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Page';
import { DeviceFields } from './DeviceFields';
import { joinOptions } from './devices';
import { TrackVideo } from './TrackMedia';
import { useMediaState, type MediaController } from './useMedia';
import './video.css';

export interface DevicePreviewProps {
  client: MediaController;
  /** False for observers: they join listening only, with no preview. */
  canSend: boolean;
}

/**
 * Before joining the video: one's camera picture, the camera and microphone to use, the
 * microphone's level, and the ways to join that the devices allow. Leaving the page before
 * joining releases the camera and microphone.
 */
export function DevicePreview({ client, canSend }: DevicePreviewProps) {
  const state = useMediaState(client);
  useEffect(() => {
    if (canSend) void client.startPreview();
    return () => {
      if (client.getState().status === 'idle') void client.leave();
    };
  }, [client, canSend]);
  const { local, devices } = state;
  const options = joinOptions({
    canSend,
    hasCamera: local.cameraTrack !== null,
    hasMicrophone: local.microphoneTrack !== null,
  });
  const problem = devices.cameraProblem !== null || devices.microphoneProblem !== null;
  return (
    <Card title="Video and sound" className="video-preview">
      {canSend ? (
        <div className="video-preview-body">
          <div className="video-preview-picture" data-source="preview">
            {local.cameraTrack ? (
              <TrackVideo track={local.cameraTrack} mirrored />
            ) : (
              <p className="video-preview-empty">
                {devices.starting ? 'Starting the camera…' : 'No camera picture'}
              </p>
            )}
          </div>
          <div className="stack">
            <DeviceFields client={client} state={state} />
            {problem && !devices.starting ? (
              <div>
                <Button size="small" onPress={() => void client.startPreview()}>
                  Try the camera and microphone again
                </Button>
              </div>
            ) : null}
          </div>
        </div>
      ) : (
        <p>As an observer you see and hear the meeting; you do not send video or sound.</p>
      )}
      <div className="video-preview-actions">
        {options.map((option, index) => (
          <Button
            key={option.label}
            variant={index === 0 ? 'primary' : 'secondary'}
            isDisabled={devices.starting}
            onPress={() => void client.join(option.choice)}
          >
            {option.label}
          </Button>
        ))}
      </div>
    </Card>
  );
}
