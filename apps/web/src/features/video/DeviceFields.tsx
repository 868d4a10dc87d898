import { Label, Meter } from 'react-aria-components';
import { SelectField } from '../../ui/fields';
import type { MediaState } from './MediaClient';
import { useMicLevel } from './micLevel';
import type { MediaController } from './useMedia';

/** The microphone's level while one speaks: proof that it hears. */
function MicLevelMeter({ track }: { track: MediaStreamTrack | null }) {
  const level = useMicLevel(track);
  const percent = Math.round(level * 100);
  return (
    <Meter
      className="meter video-mic-meter"
      value={percent}
      minValue={0}
      maxValue={100}
      valueLabel={track ? `${percent} %` : 'No microphone'}
    >
      <div className="meter-label">
        <Label>Microphone level</Label>
        {track ? null : <span className="small">No microphone</span>}
      </div>
      <div className="meter-track" aria-hidden="true">
        <div className="meter-fill video-mic-fill" style={{ width: `${percent}%` }} />
      </div>
    </Meter>
  );
}

/** Camera and microphone choice (by the devices' names), with the microphone's level. */
export function DeviceFields({ client, state }: { client: MediaController; state: MediaState }) {
  const { devices, local } = state;
  return (
    <div className="stack video-device-fields">
      <SelectField
        label="Camera"
        options={devices.cameras}
        value={devices.cameraId}
        onChange={(deviceId) => void client.selectCamera(deviceId)}
        isDisabled={devices.cameras.length === 0}
        placeholder={devices.cameras.length === 0 ? 'No camera available' : 'Default camera'}
        errorMessage={devices.cameraProblem ?? undefined}
      />
      <SelectField
        label="Microphone"
        options={devices.microphones}
        value={devices.microphoneId}
        onChange={(deviceId) => void client.selectMicrophone(deviceId)}
        isDisabled={devices.microphones.length === 0}
        placeholder={
          devices.microphones.length === 0 ? 'No microphone available' : 'Default microphone'
        }
        errorMessage={devices.microphoneProblem ?? undefined}
      />
      <MicLevelMeter track={local.microphoneTrack} />
    </div>
  );
}
